// The window form: show either the week fields or the date fields, as chosen. Without
// JavaScript both stay visible and the radio buttons decide which ones count.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector(".window-form");
    if (!form) {
      return;
    }
    function update() {
      var chosen = form.querySelector('input[name="entry"]:checked');
      var value = chosen ? chosen.value : "weeks";
      form.querySelectorAll("[data-entry]").forEach(function (group) {
        group.hidden = group.getAttribute("data-entry") !== value;
      });
    }
    form.querySelectorAll('input[name="entry"]').forEach(function (radio) {
      radio.addEventListener("change", update);
    });
    update();
  });
})();
