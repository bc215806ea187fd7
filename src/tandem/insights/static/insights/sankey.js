// Draws each [data-sankey] element as a plotly sankey from the JSON it names; the same
// figures are in the table beneath it.
(function () {
  function draw(el) {
    var source = document.getElementById(el.dataset.source);
    if (!source || !window.Plotly) return;
    var data = JSON.parse(source.textContent)[el.dataset.sankey];
    if (!data || !data.value.length) return;
    window.Plotly.newPlot(el, [{
      type: "sankey",
      arrangement: "snap",
      node: { label: data.nodes, pad: 14, thickness: 16, color: "#2f5d8a" },
      link: { source: data.source, target: data.target, value: data.value, color: "rgba(181,101,29,0.35)" }
    }], {
      margin: { t: 10, r: 10, b: 10, l: 10 },
      height: Math.max(260, 28 * data.nodes.length),
      paper_bgcolor: "rgba(0,0,0,0)",
      font: { size: 13 }
    }, { displayModeBar: false, responsive: true });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-sankey]").forEach(draw);
  });
})();
