/* Stageplein placements widget for regional sites (docs/api.md).
 *
 *   <div data-stageplein-placements data-municipality="0301" data-limit="10"></div>
 *   <script src="https://<stageplein>/static/api/widget.js" async></script>
 *
 * It reads the public feed (/api/v1/public/placements/) of the site it was loaded from and
 * writes plain elements with textContent only (never HTML from the feed), unstyled apart from
 * a class per element so the host site can style it. */
(function () {
  "use strict";
  var script = document.currentScript;
  var origin = script ? new URL(script.src).origin : "";
  var dutch = (document.documentElement.lang || navigator.language || "nl").slice(0, 2) !== "en";
  var words = dutch
    ? { none: "Er zijn nu geen stageplaatsen.", free: "vrije plaatsen", hours: "uur", more: "Bekijk en reageer", error: "De stageplaatsen konden niet worden geladen." }
    : { none: "There are no placements right now.", free: "places free", hours: "hours", more: "View and react", error: "The placements could not be loaded." };

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function render(box, data) {
    box.textContent = "";
    if (!data.results.length) {
      box.appendChild(el("p", "stageplein-empty", words.none));
      return;
    }
    var list = el("ul", "stageplein-list");
    data.results.forEach(function (p) {
      var item = el("li", "stageplein-item");
      var title = el("a", "stageplein-title", p.title);
      title.href = p.url;
      item.appendChild(title);
      item.appendChild(el("p", "stageplein-organisation", p.organisation + " · " + p.municipality));
      p.periods.forEach(function (period) {
        item.appendChild(el("p", "stageplein-period",
          period.starts_on + " – " + period.ends_on + " · " + period.hours + " " + words.hours +
          " · " + period.free + " " + words.free));
      });
      list.appendChild(item);
    });
    box.appendChild(list);
  }

  function load(box) {
    var params = new URLSearchParams();
    ["municipality", "sector", "limit"].forEach(function (name) {
      var value = box.getAttribute("data-" + name);
      if (value) params.set(name, value);
    });
    fetch(origin + "/api/v1/public/placements/?" + params.toString(), {
      headers: { "Accept-Language": dutch ? "nl" : "en" },
    })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) { render(box, data); })
      .catch(function () {
        box.textContent = "";
        box.appendChild(el("p", "stageplein-error", words.error));
      });
  }

  document.querySelectorAll("[data-stageplein-placements]").forEach(load);
})();
