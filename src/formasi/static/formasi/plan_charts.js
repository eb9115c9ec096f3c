// Charts of the five-year plan page and of the scenario comparison, from the JSON each page
// embeds (ECharts, vendored). Numbers follow the page's language (1.234 in Indonesian).
(function () {
  if (typeof echarts === "undefined") return;
  // One number format for every chart and table: formasi.js's, from the page's language.
  const number = (v) => window.formasiFormat.number(v);
  const percent = (v) => (v === null || v === undefined ? "–" : `${window.formasiFormat.number(v, 0, 2)} %`);
  function draw(id, option, format) {
    const node = document.getElementById(id);
    if (!node) return;
    const chart = echarts.init(node);
    const show = format || number;
    chart.setOption(Object.assign({
      tooltip: { trigger: "axis", valueFormatter: show },
      legend: { bottom: 0, type: "scroll" },
    }, option));
    window.addEventListener("resize", () => chart.resize());
  }
  const valueAxis = (format) => ({ type: "value", axisLabel: { formatter: format || number } });

  const planData = document.getElementById("plan-charts");
  if (planData) {
    const data = JSON.parse(planData.textContent);
    const p = data.pyramid;
    draw("chart-pyramid", {
      grid: { left: 60, right: 20, top: 10, bottom: 40 },
      xAxis: { type: "value", minInterval: 1, axisLabel: { formatter: (v) => number(Math.abs(v)) } },
      yAxis: { type: "category", data: p.bands },
      tooltip: { trigger: "axis", valueFormatter: (v) => number(Math.abs(v)) },
      series: [
        { name: p.labels.male, type: "bar", stack: "age", data: p.male.map((v) => -v) },
        { name: p.labels.female, type: "bar", stack: "age", data: p.female },
      ],
    });
    draw("chart-wave", {
      grid: { left: 40, right: 20, top: 10, bottom: 40 },
      xAxis: { type: "category", data: data.wave.years },
      yAxis: Object.assign(valueAxis(), { minInterval: 1 }),
      series: data.wave.series.map((s) => ({ name: s.name, type: "bar", stack: "wave", data: s.data })),
    });
    draw("chart-supply", {
      grid: { left: 50, right: 20, top: 10, bottom: 40 },
      xAxis: { type: "category", data: data.supply.years },
      yAxis: Object.assign(valueAxis(), { scale: true }),
      series: data.supply.series.map((s) => ({ name: s.name, type: "line", data: s.data })),
    });
    const r = data.ratio;
    draw("chart-ratio", {
      grid: { left: 50, right: 20, top: 10, bottom: 40 },
      xAxis: { type: "category", data: r.years },
      yAxis: valueAxis(percent),
      series: r.series.map((s) => ({ name: s.name, type: "line", data: s.data }))
        .concat([{ name: r.cap_label, type: "line", data: r.years.map(() => r.cap), lineStyle: { type: "dashed" }, symbol: "none" }]),
    }, percent);
  }

  const compareData = document.getElementById("compare-charts");
  if (compareData) {
    const data = JSON.parse(compareData.textContent);
    const years = { type: "category", data: data.years };
    const grid = { left: 60, right: 20, top: 10, bottom: 60 };
    draw("chart-compare-supply", {
      grid: grid, xAxis: years, yAxis: Object.assign(valueAxis(), { scale: true }),
      series: data.supply.availability.map((s) => ({ name: s.name, type: "line", data: s.data }))
        .concat(data.supply.need.map((s) => ({ name: s.name, type: "line", data: s.data, lineStyle: { type: "dashed" } }))),
    });
    draw("chart-compare-ratio", {
      grid: grid, xAxis: years, yAxis: valueAxis(percent),
      series: data.ratio.series.map((s) => ({ name: s.name, type: "line", data: s.data }))
        .concat(data.ratio.caps.map((c) => ({ name: c.name, type: "line", data: data.years.map(() => c.value), lineStyle: { type: "dashed" }, symbol: "none" }))),
    }, percent);
    draw("chart-compare-hires", {
      grid: grid, xAxis: years, yAxis: Object.assign(valueAxis(), { minInterval: 1 }),
      series: data.hires.series.map((s) => ({ name: s.name, type: "bar", data: s.data })),
    });
  }
})();
