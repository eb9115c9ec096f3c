// Equity charts (issue 6) from the JSON the page embeds (ECharts, vendored): the map of the
// child areas (a choropleth from their boundaries, or bubbles at their centres), the
// indicator by area, the Lorenz curve; and formasiBeforeAfter for the before/after partial.
(function () {
  if (typeof echarts === "undefined") return;
  const charts = [];
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
  function init(node) {
    const chart = echarts.init(node);
    charts.push(chart);
    return chart;
  }
  const fmt = (indicator) => (v) =>
    v === null || v === undefined ? "–" : indicator.percent ? `${(v * 100).toFixed(0)} %` : `${Math.round(v * 10) / 10}`;

  // Lorenz points of values (optionally weighted): sorted ascending, cumulative shares.
  function lorenz(values, weights) {
    const rows = values.map((v, i) => [v, weights ? weights[i] : 1]).filter((r) => r[0] !== null && r[1] > 0);
    rows.sort((a, b) => a[0] - b[0]);
    const total = rows.reduce((s, r) => s + r[1], 0);
    const mass = rows.reduce((s, r) => s + r[0] * r[1], 0);
    const points = [[0, 0]];
    let w = 0, m = 0;
    rows.forEach((r) => {
      w += r[1];
      m += r[0] * r[1];
      points.push([total ? w / total : 0, mass ? m / mass : 0]);
    });
    return points;
  }
  function lorenzOption(series, labels) {
    return {
      tooltip: { trigger: "item", valueFormatter: (v) => (typeof v === "number" ? v.toFixed(2) : v) },
      legend: { bottom: 0 },
      grid: { left: 50, right: 20, top: labels.title ? 40 : 10, bottom: 60 },
      title: labels.title ? { text: labels.title, left: "center", textStyle: { fontSize: 13 } } : undefined,
      xAxis: { type: "value", min: 0, max: 1, name: labels.x || "", nameLocation: "middle", nameGap: 25 },
      yAxis: { type: "value", min: 0, max: 1, name: labels.y || "" },
      series: series.concat([
        { name: labels.equality || "", type: "line", data: [[0, 0], [1, 1]], symbol: "none", lineStyle: { type: "dashed", color: "#999" } },
      ]),
    };
  }

  const el = document.getElementById("equity-charts");
  if (el) {
    const data = JSON.parse(el.textContent);
    const show = fmt(data.indicator);
    const byCode = {};
    data.areas.forEach((a) => (byCode[a.code] = a));
    const values = data.areas.map((a) => a.value).filter((v) => v !== null);
    const low = values.length ? Math.min(...values) : 0;
    const high = values.length ? Math.max(...values) : 1;
    // Low fulfilment is bad (red); for a shortage, a high value is bad.
    const badIsHigh = ["shortage", "shortage_share", "facilities_under_share"].includes(data.indicator.key);
    const colours = badIsHigh ? ["#e8f5e9", "#fdd835", "#d63939"] : ["#d63939", "#fdd835", "#2fb344"];
    const visualMap = {
      min: low, max: high === low ? low + 1 : high, calculable: true, orient: "horizontal", left: "center", bottom: 0,
      inRange: { color: colours }, formatter: (v) => show(v), text: null,
    };
    const mapNode = document.getElementById("equity-map");
    if (mapNode) {
      const chart = init(mapNode);
      const tooltip = {
        trigger: "item",
        formatter: (p) => {
          const a = byCode[p.name] || (p.data && byCode[p.data.code]);
          if (!a) return p.name;
          return `${a.name}<br>${data.indicator.label}: ${a.shown}<br>${data.labels.staff}: ${a.staff} · ${data.labels.need}: ${a.need}`;
        },
      };
      if (data.mode === "map") {
        echarts.registerMap(data.map_name, data.geo);
        chart.setOption({
          tooltip, visualMap,
          series: [{
            type: "map", map: data.map_name, roam: false, top: 10, bottom: 50, selectedMode: false,
            label: { show: true, fontSize: 10, formatter: (p) => (byCode[p.name] ? byCode[p.name].name : "") },
            emphasis: { label: { show: true } },
            data: data.areas.map((a) => ({ name: a.code, value: a.value === null ? NaN : a.value })),
          }],
        });
        chart.on("click", (p) => { if (byCode[p.name]) window.location.href = byCode[p.name].url; });
      } else {
        const placed = data.areas.filter((a) => a.lng !== null && a.lat !== null);
        const most = Math.max(1, ...placed.map((a) => a.staff));
        chart.setOption({
          tooltip, visualMap: Object.assign({ dimension: 2 }, visualMap),
          grid: { left: 50, right: 20, top: 10, bottom: 60 },
          xAxis: { type: "value", scale: true, axisLabel: { show: false }, splitLine: { show: false } },
          yAxis: { type: "value", scale: true, axisLabel: { show: false }, splitLine: { show: false } },
          series: [{
            type: "scatter",
            symbolSize: (v) => 12 + 40 * Math.sqrt(v[3] / most),
            label: { show: true, position: "bottom", formatter: (p) => p.data.label },
            data: placed.map((a) => ({ value: [a.lng, a.lat, a.value === null ? NaN : a.value, a.staff], code: a.code, name: a.code, label: a.name })),
          }],
        });
        chart.on("click", (p) => { const a = p.data && byCode[p.data.code]; if (a) window.location.href = a.url; });
      }
      window.formasiEquityMap = chart;
    }
    const bars = document.getElementById("equity-bars");
    if (bars) {
      init(bars).setOption({
        tooltip: { trigger: "axis", valueFormatter: show },
        grid: { left: 130, right: 20, top: 10, bottom: 30 },
        xAxis: { type: "value", axisLabel: { formatter: show } },
        yAxis: { type: "category", data: data.bars.names, axisLabel: { width: 120, overflow: "truncate" } },
        series: [{ type: "bar", data: data.bars.values, barMaxWidth: 24 }],
      });
    }
    const curve = document.getElementById("equity-lorenz");
    if (curve && data.lorenz) {
      const l = data.lorenz;
      init(curve).setOption(lorenzOption(
        [{ name: l.curve, type: "line", data: l.x.map((x, i) => [x, l.y[i]]), areaStyle: { opacity: 0.15 } }],
        { title: l.title, x: l.x_label, y: l.y_label, equality: l.equality },
      ));
    }
  }

  // The before/after partial (equity/partials/before_after.html): a grouped bar chart of an
  // indicator per area and the Lorenz curves of both. data = {areas: [{code, name}],
  // before: [...], after: [...], label, weights?: [...]}; node carries the labels.
  window.formasiBeforeAfter = function (node, data) {
    const labels = node.dataset;
    const names = data.areas.map((a) => a.name);
    const bars = node.querySelector("[data-role=bars]");
    if (bars) {
      init(bars).setOption({
        tooltip: { trigger: "axis" },
        legend: { bottom: 0 },
        grid: { left: 50, right: 20, top: 10, bottom: 60 },
        xAxis: { type: "category", data: names, axisLabel: { interval: 0, rotate: names.length > 6 ? 30 : 0 } },
        yAxis: { type: "value" },
        series: [
          { name: labels.beforeLabel, type: "bar", data: data.before },
          { name: labels.afterLabel, type: "bar", data: data.after },
        ],
      });
    }
    const curve = node.querySelector("[data-role=lorenz]");
    if (curve) {
      init(curve).setOption(lorenzOption(
        [
          { name: labels.beforeLabel, type: "line", data: lorenz(data.before, data.weights) },
          { name: labels.afterLabel, type: "line", data: lorenz(data.after, data.weights) },
        ],
        { x: labels.xLabel, y: labels.yLabel, equality: labels.equalityLabel },
      ));
    }
  };
  document.querySelectorAll("[data-before-after]").forEach((node) => {
    const source = document.getElementById(node.dataset.beforeAfter);
    if (source) window.formasiBeforeAfter(node, JSON.parse(source.textContent));
  });
})();
