// Draws each [data-chart] element from the JSON in the <script type="application/json">
// it names; the same figures are in the table beneath every chart.
(function () {
  function draw(el) {
    var source = document.getElementById(el.dataset.source);
    if (!source || !window.Plotly) return;
    var data = JSON.parse(source.textContent)[el.dataset.chart];
    var colours = ["#2f5d8a", "#b5651d"];
    var traces = data.lines
      ? data.lines.map(function (l, i) {
          return { type: "scatter", mode: "lines", line: { shape: "hv", color: colours[i % 2] }, name: l.name, x: l.x, y: l.y };
        })
      : [{ type: "bar", x: data.x, y: data.y, marker: { color: colours[0] } }];
    window.Plotly.newPlot(el, traces, {
      margin: { t: 10, r: 10, b: 60, l: data.y_title ? 60 : 40 },
      xaxis: data.x_title ? { title: { text: data.x_title } } : {},
      yaxis: data.y_title ? { title: { text: data.y_title } } : {},
      height: 260,
      paper_bgcolor: "rgba(0,0,0,0)",
      plot_bgcolor: "rgba(0,0,0,0)",
      font: { size: 13 }
    }, { displayModeBar: false, responsive: true, staticPlot: el.dataset.static === "true" });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-chart]").forEach(draw);
  });
})();
