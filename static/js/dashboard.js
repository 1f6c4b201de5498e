// Dashboard charts: data comes from the json_script block (no inline script under the CSP).
document.addEventListener("DOMContentLoaded", function () {
  const source = document.getElementById("dashboard-chart-data");
  if (!source || typeof Chart === "undefined") {
    return;
  }
  const data = JSON.parse(source.textContent);
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    const series = data[canvas.dataset.chart];
    if (!series) {
      return;
    }
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: series.labels,
        datasets: [{ label: canvas.dataset.label, data: series.data, backgroundColor: "#0d6efd" }],
      },
      options: {
        indexAxis: canvas.dataset.chart === "states" ? "y" : "x",
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { ticks: { precision: 0 } } },
      },
    });
  });
});
