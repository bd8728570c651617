/* The one chart script: draws every <canvas data-chart="ID"> with the vendored Chart.js, from
   the figures in the json_script element with that id (no inline scripts: the CSP forbids
   them). The table beside each chart holds the same figures for screen readers and for anyone
   without JavaScript.

   A chart's figures: {type, labels, datasets: [{label, data, color}], horizontal, stacked,
   percent (the value axis ends at 100), title (of the label axis)}. */
(function () {
  "use strict";
  var MAX_LABEL = 20;
  var palette = ["#0b5d4b", "#e69f00", "#0072b2", "#a3341b", "#6b4c9a", "#009e73", "#cc79a7"];

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var spec;
    try {
      spec = JSON.parse(source.textContent);
    } catch (e) {
      return;
    }
    var horizontal = Boolean(spec.horizontal);
    if (horizontal) {
      // One bar per row: the chart grows with the number of rows instead of squeezing them.
      canvas.parentNode.style.height = Math.max(180, spec.labels.length * 26 + 70) + "px";
    }
    var datasets = spec.datasets.map(function (d, i) {
      return {
        label: d.label,
        data: d.data,
        backgroundColor: d.color || palette[i % palette.length],
        borderWidth: 0
      };
    });
    var valueAxis = {stacked: Boolean(spec.stacked), beginAtZero: true, ticks: {precision: 0}};
    if (spec.percent) {
      valueAxis.max = 100;
    }
    var labelAxis = {
      stacked: Boolean(spec.stacked),
      title: {display: Boolean(spec.title), text: spec.title || ""},
      ticks: {
        autoSkip: false,
        // Long names (schools, regions) would be cut off on a phone: shorten them here; the
        // tooltip and the table beside the chart have them in full.
        callback: function (value) {
          var label = String(this.getLabelForValue(value));
          return label.length > MAX_LABEL ? label.slice(0, MAX_LABEL - 1) + "\u2026" : label;
        }
      }
    };
    new window.Chart(canvas, {
      type: spec.type || "bar",
      data: {labels: spec.labels, datasets: datasets},
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {legend: {display: datasets.length > 1, position: "bottom"}},
        scales: horizontal ? {x: valueAxis, y: labelAxis} : {x: labelAxis, y: valueAxis}
      }
    });
  }

  function drawAll() {
    var canvases = document.querySelectorAll("canvas[data-chart]");
    for (var i = 0; i < canvases.length; i++) {
      draw(canvases[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
