// The merit self-assessment's score year over year (ECharts, vendored), with the category
// bands as dashed lines. Numbers in the page's language through window.formasiFormat.
(function () {
  const el = document.getElementById("merit-chart");
  const node = document.getElementById("chart-merit");
  if (!el || !node || typeof echarts === "undefined") return;
  const data = JSON.parse(el.textContent);
  const fmt = (v) => window.formasiFormat.number(v, 0, 2);
  const chart = echarts.init(node);
  chart.setOption({
    tooltip: { trigger: "axis", valueFormatter: fmt },
    grid: { left: 45, right: 20, top: 15, bottom: 30 },
    xAxis: { type: "category", data: data.years.map(String) },
    yAxis: { type: "value", min: 100, max: 400, axisLabel: { formatter: fmt } },
    series: [{
      type: "line", data: data.scores, symbolSize: 8,
      markLine: { silent: true, symbol: "none", lineStyle: { type: "dashed" },
        data: data.bands.map((y) => ({ yAxis: y })) },
    }],
  });
  window.addEventListener("resize", () => chart.resize());
})();
