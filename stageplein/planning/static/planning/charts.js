// Charts of the annual calendar and the targets, drawn with the vendored Chart.js from the
// JSON in a canvas's data-chart attribute (no inline scripts: the CSP forbids them). Every
// chart has a table with the same figures next to it.
(function () {
  "use strict";

  function draw(canvas) {
    var spec;
    try {
      spec = JSON.parse(canvas.getAttribute("data-chart"));
    } catch (e) {
      return;
    }
    var horizontal = Boolean(spec.horizontal);
    if (horizontal) {
      // One row per target: the box grows with the number of rows.
      canvas.parentNode.style.height = Math.max(12, spec.labels.length * 2.6 + 4) + "rem";
    }
    var valueAxis = { beginAtZero: true, ticks: { precision: 0 } };
    if (spec.max) {
      valueAxis.max = spec.max;
    }
    var labelAxis = { title: { display: Boolean(spec.title), text: spec.title || "" } };
    new window.Chart(canvas, {
      type: spec.type || "bar",
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map(function (set) {
          return {
            label: set.label,
            data: set.data,
            backgroundColor: set.color,
            borderColor: set.color,
            borderWidth: 1,
          };
        }),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        indexAxis: horizontal ? "y" : "x",
        scales: horizontal ? { x: valueAxis, y: {} } : { x: labelAxis, y: valueAxis },
        plugins: { legend: { position: "bottom" } },
      },
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.Chart) {
      return;
    }
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  });
})();
