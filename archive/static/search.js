// The search page's chart: fetches the over-time numbers (/-/timeline.json) and draws them with Chart.js.
(function () {
  "use strict";
  var COLORS = ["#1f5f99", "#d9480f", "#2b8a3e", "#862e9c", "#e67700", "#0b7285", "#c2255c", "#5c940d", "#868e96"];

  function draw() {
    var config = document.getElementById("vn-chart-data");
    var canvas = document.getElementById("vn-chart-canvas");
    if (!config || !canvas || typeof Chart === "undefined") return;
    var settings = JSON.parse(config.textContent);
    var note = document.getElementById("vn-chart-note");
    fetch(settings.url, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (!data.ok) { note.textContent = data.error; return; }
        var share = settings.measure === "share";
        var datasets = data.series.map(function (series, i) {
          var values = share ? series.share.map(function (v) { return v === null ? null : +(100 * v).toFixed(3); }) : series.counts;
          return {
            label: series.name + " (" + series.total.toLocaleString("en") + ")",
            data: values, borderColor: COLORS[i % COLORS.length], backgroundColor: COLORS[i % COLORS.length],
            pointRadius: data.periods.length > 60 ? 0 : 2, borderWidth: 2, tension: 0.2
          };
        });
        var chart = new Chart(canvas, {
          type: data.periods.length <= 14 ? "bar" : "line",
          data: { labels: data.periods, datasets: datasets },
          options: {
            animation: false, responsive: true, maintainAspectRatio: false,
            interaction: { mode: "index", intersect: false },
            scales: { y: { beginAtZero: true, title: { display: true, text: share ? "% of all articles in the period" : "articles per " + data.by } } },
            plugins: { legend: { position: "bottom" } }
          }
        });
        canvas.dataset.rendered = "1";
        window.vnChart = chart;
        var text = [];
        if (data.undated) text.push(data.undated.toLocaleString("en") + " matching articles have no date and are not charted.");
        if (share) text.push("Share: matching articles ÷ all articles published in the period (same filters).");
        note.textContent = text.join(" ");
      })
      .catch(function (error) { note.textContent = "The chart could not be drawn: " + error; });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
