// Draws each statistics chart from the table beneath it, so the chart and the table can never
// disagree. Without JavaScript (or Chart.js) the tables are the figures. Redrawn after HTMX swaps.
const PALETTE = ["#1d70b8", "#f47738", "#00703c", "#912b88", "#d4351c", "#5694ca", "#85994b", "#6f72af"];

function readTable(table) {
  const headers = [...table.tHead.rows[0].cells].slice(1).map((cell) => cell.textContent.trim());
  const labels = [];
  const series = headers.map(() => []);
  for (const row of table.tBodies[0].rows) {
    labels.push(row.cells[0].textContent.trim());
    [...row.cells].slice(1).forEach((cell, i) => series[i].push(Number(cell.textContent.replace(/,/g, ""))));
  }
  return { headers, labels, series };
}

function draw(container) {
  const table = document.getElementById(container.dataset.table);
  const canvas = container.querySelector("canvas");
  if (!table || !canvas || !window.Chart) return;
  container.hidden = false;
  container.style.position = "relative";
  container.style.height = "18rem";
  const { headers, labels, series } = readTable(table);
  const type = container.dataset.chart;
  const stacked = container.dataset.stacked === "true";
  const datasets = series.map((data, i) => ({
    label: headers[i],
    data,
    backgroundColor: type === "doughnut" ? labels.map((_, j) => PALETTE[j % PALETTE.length]) : PALETTE[i % PALETTE.length],
  }));
  const scales = type === "doughnut" ? {} : { x: { stacked }, y: { stacked, beginAtZero: true, ticks: { precision: 0 } } };
  new window.Chart(canvas, {
    type,
    data: { labels, datasets },
    options: { animation: false, responsive: true, maintainAspectRatio: false, scales,
               plugins: { legend: { display: type === "doughnut" || headers.length > 1 } } },
  });
}

function drawAll(scope) {
  scope.querySelectorAll(".app-chart").forEach(draw);
}

drawAll(document);
document.body.addEventListener("htmx:afterSwap", (event) => drawAll(event.detail.target));
