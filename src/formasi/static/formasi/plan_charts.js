// Charts of the five-year plan page from the JSON the page embeds (ECharts, vendored).
(function () {
  const el = document.getElementById("plan-charts");
  if (!el || typeof echarts === "undefined") return;
  const data = JSON.parse(el.textContent);
  function draw(id, option) {
    const node = document.getElementById(id);
    if (!node) return;
    const chart = echarts.init(node);
    chart.setOption(Object.assign({ tooltip: { trigger: "axis" }, legend: { bottom: 0, type: "scroll" } }, option));
    window.addEventListener("resize", () => chart.resize());
  }
  const p = data.pyramid;
  draw("chart-pyramid", {
    grid: { left: 60, right: 20, top: 10, bottom: 40 },
    xAxis: { type: "value", minInterval: 1, axisLabel: { formatter: (v) => Math.abs(v) } },
    yAxis: { type: "category", data: p.bands },
    tooltip: { trigger: "axis", valueFormatter: (v) => Math.abs(v) },
    series: [
      { name: p.labels.male, type: "bar", stack: "age", data: p.male.map((v) => -v) },
      { name: p.labels.female, type: "bar", stack: "age", data: p.female },
    ],
  });
  draw("chart-wave", {
    grid: { left: 40, right: 20, top: 10, bottom: 40 },
    xAxis: { type: "category", data: data.wave.years },
    yAxis: { type: "value", minInterval: 1 },
    series: data.wave.series.map((s) => ({ name: s.name, type: "bar", stack: "wave", data: s.data })),
  });
  draw("chart-supply", {
    grid: { left: 50, right: 20, top: 10, bottom: 40 },
    xAxis: { type: "category", data: data.supply.years },
    yAxis: { type: "value" },
    series: data.supply.series.map((s) => ({ name: s.name, type: "line", data: s.data })),
  });
  const r = data.ratio;
  draw("chart-ratio", {
    grid: { left: 50, right: 20, top: 10, bottom: 40 },
    xAxis: { type: "category", data: r.years },
    yAxis: { type: "value", axisLabel: { formatter: "{value} %" } },
    series: r.series.map((s) => ({ name: s.name, type: "line", data: s.data }))
      .concat([{ name: r.cap_label, type: "line", data: r.years.map(() => r.cap), lineStyle: { type: "dashed" }, symbol: "none" }]),
  });
})();
