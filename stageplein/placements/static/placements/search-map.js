/* The search results on a map (Leaflet, served by the project). The list is the primary way
   to read the results; the map repeats the same placements. Markers are drawn even when the
   tile server cannot be reached (no internet, blocked tiles): they do not depend on tiles. */
(function () {
  "use strict";

  function popupContent(marker) {
    var box = document.createElement("div");
    var place = document.createElement("p");
    place.className = "map-place";
    place.textContent = marker.place;
    box.appendChild(place);
    var list = document.createElement("ul");
    list.className = "map-list";
    marker.items.forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = item.url;
      a.textContent = item.title;
      li.appendChild(a);
      li.appendChild(document.createTextNode(" – " + item.provider));
      list.appendChild(li);
    });
    box.appendChild(list);
    return box;
  }

  function init() {
    // No id on the map: htmx would copy the old map's inline styles onto the new one while
    // settling, which the Content Security Policy (rightly) refuses.
    var el = document.querySelector("[data-placement-map]");
    if (!el || typeof L === "undefined" || el.dataset.ready) {
      return;
    }
    el.dataset.ready = "1";
    var markers = JSON.parse(el.dataset.markers || "[]");
    if (el.dataset.icon) {
      // Leaflet finds its marker images through the URL in leaflet.css, which the production
      // static storage rewrites to a hashed name it cannot parse: name them explicitly.
      L.Marker.prototype.options.icon = L.icon({
        iconUrl: el.dataset.icon,
        iconRetinaUrl: el.dataset.iconRetina,
        shadowUrl: el.dataset.iconShadow,
        iconSize: [25, 41],
        iconAnchor: [12, 41],
        popupAnchor: [1, -34],
        tooltipAnchor: [16, -28],
        shadowSize: [41, 41]
      });
    }
    var map = L.map(el, { scrollWheelZoom: false });
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, {
        maxZoom: 18,
        attribution: el.dataset.attribution || ""
      }).addTo(map);
    }
    var bounds = [];
    markers.forEach(function (m) {
      var label = m.place + " (" + m.items.length + ")";
      L.marker([m.lat, m.lon], { title: label, alt: label, keyboard: true })
        .bindPopup(popupContent(m))
        .addTo(map);
      bounds.push([m.lat, m.lon]);
    });
    if (el.dataset.originLat && el.dataset.originLon) {
      var origin = [parseFloat(el.dataset.originLat), parseFloat(el.dataset.originLon)];
      L.circleMarker(origin, { radius: 8, color: "#0b5d4b", fillOpacity: 0.6, interactive: false })
        .addTo(map);
      bounds.push(origin);
    }
    if (bounds.length) {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14 });
    } else {
      map.setView([52.2, 5.3], 7);
    }
    el.dataset.markers = String(markers.length);
  }

  document.addEventListener("DOMContentLoaded", init);
  // htmx replaces the results (and the map) when the search changes: draw the new map.
  document.addEventListener("htmx:load", init);
})();
