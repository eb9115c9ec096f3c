// Draw the dashboard charts from the JSON the page embeds (ECharts, vendored). Numbers in the
// page's language through window.formasiFormat (formasi.js): 2.500 in Indonesian, as the tables.
(function () {
  const el = document.getElementById("chart-data");
  if (!el || typeof echarts === "undefined") return;
  const data = JSON.parse(el.textContent);
  const whole = (v) => window.formasiFormat.number(v);
  function bar(id, series, horizontal) {
    const node = document.getElementById(id);
    if (!node) return;
    const chart = echarts.init(node);
    const cat = { type: "category", data: series.names, axisLabel: { interval: 0, width: 160, overflow: "truncate" } };
    const val = { type: "value", minInterval: 1, axisLabel: { formatter: whole } };
    chart.setOption({
      tooltip: { trigger: "axis", valueFormatter: whole },
      grid: { left: horizontal ? 170 : 40, right: 20, top: 10, bottom: 30 },
      xAxis: horizontal ? val : cat,
      yAxis: horizontal ? Object.assign({}, cat, { inverse: true }) : val,
      series: [{ type: "bar", data: series.values, barMaxWidth: 40 }],
    });
    window.addEventListener("resize", () => chart.resize());
  }
  const pie = document.getElementById("chart-status");
  // Long lists (a national view) show the largest groups only.
  const top = (series, n) => ({ names: series.names.slice(0, n), values: series.values.slice(0, n) });
  if (pie) {
    const chart = echarts.init(pie);
    chart.setOption({
      tooltip: {
        trigger: "item",
        formatter: (p) => `${echarts.format.encodeHTML(p.name)}: ${whole(p.value)} (${window.formasiFormat.number(p.percent, 0, 1)} %)`,
      },
      legend: { bottom: 0, type: "scroll" },
      series: [{ type: "pie", radius: ["40%", "65%"], center: ["50%", "42%"], label: { show: false }, data: data.status }],
    });
  }
  bar("chart-opd", top(data.opd, 40), true);
  bar("chart-district", data.district, false);
  bar("chart-age", data.age, false);
})();
