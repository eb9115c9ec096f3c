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
  // An indicator value as the page prints it, in the UI language ("85 %", "4,1", "1.234").
  const fmt = (indicator, locale) => {
    const number = (digits) => {
      try {
        return new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
      } catch (e) {
        return new Intl.NumberFormat(undefined, { minimumFractionDigits: digits, maximumFractionDigits: digits });
      }
    };
    const whole = number(0);
    const one = number(1);
    return (v) => {
      if (v === null || v === undefined || Number.isNaN(v) || v === "-") return "–";
      if (indicator.percent) return `${whole.format(v * 100)} %`;
      return indicator.key === "shortage" ? whole.format(v) : one.format(v);
    };
  };
  // Area names over red and green alike: dark text with a light halo.
  const haloLabel = (size) => ({
    show: true, fontSize: size, color: "#1d273b", fontWeight: 500,
    textBorderColor: "rgba(255, 255, 255, 0.9)", textBorderWidth: 3,
  });

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
    let share;
    try {
      share = new Intl.NumberFormat(document.documentElement.lang || undefined, { maximumFractionDigits: 2 });
    } catch (e) {
      share = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
    }
    const axisLabel = { formatter: (v) => share.format(v) };
    return {
      tooltip: { trigger: "item", valueFormatter: (v) => (typeof v === "number" ? share.format(v) : v) },
      legend: { bottom: 0 },
      grid: { left: 50, right: 20, top: labels.title ? 40 : 10, bottom: 60 },
      title: labels.title ? { text: labels.title, left: "center", textStyle: { fontSize: 13 } } : undefined,
      xAxis: { type: "value", min: 0, max: 1, name: labels.x || "", nameLocation: "middle", nameGap: 25, axisLabel },
      yAxis: { type: "value", min: 0, max: 1, name: labels.y || "", axisLabel },
      series: series.concat([
        { name: labels.equality || "", type: "line", data: [[0, 0], [1, 1]], symbol: "none", lineStyle: { type: "dashed", color: "#999" } },
      ]),
    };
  }

  const el = document.getElementById("equity-charts");
  if (el) {
    const data = JSON.parse(el.textContent);
    const show = fmt(data.indicator, data.locale);
    const whole = fmt({ key: "shortage" }, data.locale);
    const byCode = {};
    data.areas.forEach((a) => (byCode[a.code] = a));
    const values = data.areas.map((a) => a.value).filter((v) => v !== null);
    const low = values.length ? Math.min(...values) : 0;
    const high = values.length ? Math.max(...values) : 1;
    // Low fulfilment is bad (red); for a shortage, a high value is bad.
    const badIsHigh = ["shortage", "shortage_share", "facilities_under_share"].includes(data.indicator.key);
    const colours = badIsHigh ? ["#e8f5e9", "#fdd835", "#d63939"] : ["#d63939", "#fdd835", "#2fb344"];
    // The scale's ends as text beside the bar (never over each other); the value under the
    // pointer shows on hover.
    const top = high === low ? low + (data.indicator.percent ? 0.01 : 1) : high;
    const visualMap = {
      show: values.length > 0, // no scale when no area has a value (e.g. no residents known)
      min: low, max: top, calculable: false, orient: "horizontal", left: "center", bottom: 0,
      itemWidth: 14, itemHeight: 220, textGap: 10,
      text: [show(top), show(low)], textStyle: { color: "#1d273b" },
      inRange: { color: colours }, formatter: (v) => show(v),
    };
    const mapNode = document.getElementById("equity-map");
    if (mapNode) {
      const chart = init(mapNode);
      const tooltip = {
        trigger: "item",
        formatter: (p) => {
          const a = byCode[p.name] || (p.data && byCode[p.data.code]);
          if (!a) return p.name;
          const esc = (t) => echarts.format.encodeHTML(t);
          const group = a.group ? ` <span style="color:#667382">(${esc(a.group)})</span>` : "";
          return `<b>${esc(a.name)}</b>${group}<br>${esc(data.indicator.label)}: <b>${esc(a.shown)}</b><br>`
            + `${esc(data.labels.staff)}: ${whole(a.staff)} · ${esc(data.labels.need)}: ${whole(a.need)}`;
        },
      };
      const many = data.areas.length > 12;
      if (data.mode === "map") {
        echarts.registerMap(data.map_name, data.geo);
        chart.setOption({
          tooltip, visualMap,
          series: [{
            type: "map", map: data.map_name, roam: false, top: 10, bottom: 50,
            selectedMode: false,
            label: Object.assign(haloLabel(many ? 9 : 11), { formatter: (p) => (byCode[p.name] ? byCode[p.name].name : "") }),
            labelLayout: { hideOverlap: true },
            itemStyle: { borderColor: "#fff", borderWidth: 1 },
            emphasis: { label: { show: true, fontSize: 12 }, itemStyle: { areaColor: null, borderColor: "#1d273b", borderWidth: 2 } },
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
            label: Object.assign(haloLabel(10), { position: "bottom", formatter: (p) => p.data.label }),
            labelLayout: { hideOverlap: true },
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
        grid: { left: 130, right: 30, top: 10, bottom: 30 },
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
