// Equity charts (issue 6) from the JSON the page embeds (ECharts, vendored): the map of the
// child areas (a choropleth from their boundaries, or bubbles at their centres), the
// indicator by area, the Lorenz curve; formasiBeforeAfter and formasiBeforeAfterMap for the
// before/after partials (the placement run page); formasiAreaMap draws the maps of both.
// Fulfilment maps use the fixed bands the server sends (data.scale: red below 80 %, neutral
// from 100 %, blue above 120 %), never a scale stretched over the areas on screen. Numbers go
// through window.formasiFormat (formasi.js), in the page's language like the tables.
(function () {
  if (typeof echarts === "undefined") return;
  const charts = [];
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
  function init(node) {
    const chart = echarts.init(node);
    charts.push(chart);
    return chart;
  }
  const f = window.formasiFormat;
  // An indicator value as the page prints it, in the UI language ("85 %", "4,1", "1.234").
  const fmt = (indicator) => (v) => {
    if (indicator.percent) return f.percent(v);
    return indicator.key === "shortage" ? f.number(v) : f.number(v, 1);
  };
  const whole = (v) => f.number(v);
  // The fixed fulfilment bands as an ECharts piecewise legend (scale from text.fulfilment_scale;
  // values are ratios). Areas without a value take scale.none's colour.
  function bandsMap(scale, extra) {
    return Object.assign({
      type: "piecewise", orient: "horizontal", left: "center", bottom: 0, itemWidth: 14, itemHeight: 10,
      textStyle: { color: "#1d273b", fontSize: 11 },
      pieces: scale.pieces.map((p) => {
        const piece = { label: p.label, color: p.color };
        ["lt", "lte", "gt", "gte"].forEach((k) => { if (p[k] !== undefined) piece[k] = p[k]; });
        return piece;
      }),
      outOfRange: { color: scale.none.color },
    }, extra || {});
  }
  window.formasiBandsMap = bandsMap;
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
    const share = (v) => f.percent(v);
    const axisLabel = { formatter: share };
    return {
      tooltip: {
        trigger: "item",
        formatter: (p) => `${echarts.format.encodeHTML(p.seriesName || "")}<br>${echarts.format.encodeHTML(labels.x || "")}: ${share(p.value[0])}`
          + `<br>${echarts.format.encodeHTML(labels.y || "")}: ${share(p.value[1])}`,
      },
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

  // The areas on a map, coloured by value (shared by the equity page and the placement's
  // before/after maps): a choropleth when opts.mode is "map" (opts.geo, a FeatureCollection
  // whose features are named by area code, registered as opts.mapName), else bubbles at the
  // areas' centres sized by opts.areas[].size. opts = {mode, mapName, geo, areas: [{code, name,
  // value, size, lng, lat}], visualMap, tooltip, onClick(code), top?, bottom?, labelSize?}.
  // The tooltip's params name the area's code (p.name, or p.data.code for bubbles).
  function areaMap(node, opts) {
    const chart = init(node);
    const names = {};
    opts.areas.forEach((a) => (names[a.code] = a.name));
    const many = opts.areas.length > 12;
    const size = opts.labelSize || (many ? 9 : 11);
    const value = (a) => (a.value === null || a.value === undefined ? NaN : a.value);
    const top = opts.top === undefined ? 10 : opts.top;
    const bottom = opts.bottom === undefined ? 50 : opts.bottom;
    if (opts.mode === "map") {
      echarts.registerMap(opts.mapName, opts.geo);
      chart.setOption({
        tooltip: opts.tooltip, visualMap: opts.visualMap,
        series: [{
          type: "map", map: opts.mapName, roam: false, top, bottom,
          selectedMode: false,
          label: Object.assign(haloLabel(size), { formatter: (p) => names[p.name] || "" }),
          labelLayout: { hideOverlap: true },
          itemStyle: { borderColor: "#fff", borderWidth: 1 },
          emphasis: { label: { show: true, fontSize: 12 }, itemStyle: { areaColor: null, borderColor: "#1d273b", borderWidth: 2 } },
          data: opts.areas.map((a) => ({ name: a.code, value: value(a) })),
        }],
      });
      chart.on("click", (p) => { if (opts.onClick && names[p.name] !== undefined) opts.onClick(p.name); });
    } else {
      const placed = opts.areas.filter((a) => a.lng !== null && a.lng !== undefined && a.lat !== null && a.lat !== undefined);
      const most = Math.max(1, ...placed.map((a) => a.size || 0));
      chart.setOption({
        tooltip: opts.tooltip, visualMap: Object.assign({ dimension: 2 }, opts.visualMap),
        grid: { left: 50, right: 20, top, bottom: bottom + 10 },
        xAxis: { type: "value", scale: true, axisLabel: { show: false }, splitLine: { show: false } },
        yAxis: { type: "value", scale: true, axisLabel: { show: false }, splitLine: { show: false } },
        series: [{
          type: "scatter",
          symbolSize: (v) => 12 + 40 * Math.sqrt((v[3] || 0) / most),
          label: Object.assign(haloLabel(opts.labelSize || 10), { position: "bottom", formatter: (p) => p.data.label }),
          labelLayout: { hideOverlap: true },
          data: placed.map((a) => ({ value: [a.lng, a.lat, value(a), a.size || 0], code: a.code, name: a.code, label: a.name })),
        }],
      });
      chart.on("click", (p) => { if (opts.onClick && p.data && names[p.data.code] !== undefined) opts.onClick(p.data.code); });
    }
    return chart;
  }
  window.formasiAreaMap = areaMap;
  // The colour of a value in a fixed scale's pieces (null: scale.none).
  function bandColour(scale, v) {
    if (v === null || v === undefined || Number.isNaN(v)) return scale.none.color;
    const hit = scale.pieces.find((p) => (p.lt === undefined || v < p.lt) && (p.lte === undefined || v <= p.lte)
      && (p.gt === undefined || v > p.gt) && (p.gte === undefined || v >= p.gte));
    return hit ? hit.color : scale.none.color;
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
    // The scale's ends as text beside the bar (never over each other); the value under the
    // pointer shows on hover.
    const top = high === low ? low + (data.indicator.percent ? 0.01 : 1) : high;
    // The bands' legend is the page's own (equity/partials/_bands_legend.html).
    const visualMap = data.scale ? bandsMap(data.scale, { show: false }) : {
      show: values.length > 0, // no scale when no area has a value (e.g. no residents known)
      min: low, max: top, calculable: false, orient: "horizontal", left: "center", bottom: 0,
      itemWidth: 14, itemHeight: 220, textGap: 10,
      text: [show(top), show(low)], textStyle: { color: "#1d273b" },
      inRange: { color: colours }, formatter: (v) => show(v),
    };
    const mapNode = document.getElementById("equity-map");
    if (mapNode) {
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
      window.formasiEquityMap = areaMap(mapNode, {
        mode: data.mode, mapName: data.map_name, geo: data.geo, tooltip, visualMap, bottom: data.scale ? 10 : undefined,
        areas: data.areas.map((a) => ({ code: a.code, name: a.name, value: a.value, size: a.staff, lng: a.lng, lat: a.lat })),
        onClick: (code) => { window.location.href = byCode[code].url; },
      });
    }
    const bars = document.getElementById("equity-bars");
    if (bars) {
      // Fulfilment bars take their band's colour, as on the map.
      const barData = data.scale
        ? data.bars.values.map((v) => ({ value: v, itemStyle: { color: bandColour(data.scale, v) } }))
        : data.bars.values;
      init(bars).setOption({
        tooltip: { trigger: "axis", valueFormatter: show },
        grid: { left: 130, right: 30, top: 10, bottom: 30 },
        xAxis: { type: "value", axisLabel: { formatter: show } },
        yAxis: { type: "category", data: data.bars.names, axisLabel: { width: 120, overflow: "truncate" } },
        series: [{ type: "bar", data: barData, barMaxWidth: 24 }],
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

  // The before/after partial (equity/partials/_before_after.html): a grouped bar chart of an
  // indicator per area and the Lorenz curves of both. data = {areas: [{code, name}],
  // before: [...], after: [...], label, weights?: [...]}; node carries the labels.
  window.formasiBeforeAfter = function (node, data) {
    const labels = node.dataset;
    const names = data.areas.map((a) => a.name);
    const bars = node.querySelector("[data-role=bars]");
    if (bars) {
      const points = (v) => f.pointsPercent(v);
      init(bars).setOption({
        tooltip: { trigger: "axis", valueFormatter: points },
        legend: { bottom: 0 },
        grid: { left: 50, right: 20, top: 10, bottom: 60 },
        xAxis: { type: "category", data: names, axisLabel: { interval: 0, rotate: names.length > 6 ? 30 : 0 } },
        yAxis: { type: "value", axisLabel: { formatter: points } },
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
  // The before/after maps partial (equity/partials/_before_after_map.html): two maps of the
  // fulfilment per area, before and after, on one colour scale. data = {mode, map_name, geo,
  // areas: [{code, name, before, after, staff_before, staff_after, need, lng, lat, url}],
  // labels: {before, after, staff, need}, locale}. Clicking an area follows its url.
  // Exposes the charts as window.formasiBeforeAfterMaps = {before, after}.
  window.formasiBeforeAfterMap = function (node, data) {
    const pct = (v) => f.percent(v);
    const byCode = {};
    data.areas.forEach((a) => (byCode[a.code] = a));
    const values = [];
    data.areas.forEach((a) => [a.before, a.after].forEach((v) => { if (v !== null && v !== undefined) values.push(v); }));
    const low = values.length ? Math.min(...values) : 0;
    const high = values.length ? Math.max(...values) : 1;
    const top = high === low ? low + 0.01 : high;
    const esc = (t) => echarts.format.encodeHTML(String(t));
    const tooltip = {
      trigger: "item",
      formatter: (p) => {
        const a = byCode[p.name] || (p.data && byCode[p.data.code]);
        if (!a) return p.name;
        const l = data.labels;
        return `<b>${esc(a.name)}</b><br>${esc(l.before)}: <b>${pct(a.before)}</b> · ${esc(l.after)}: <b>${pct(a.after)}</b><br>`
          + `${esc(l.staff)}: ${whole(a.staff_before)} → ${whole(a.staff_after)} · ${esc(l.need)}: ${whole(a.need)}`;
      },
    };
    const charts = {};
    ["before", "after"].forEach((when) => {
      const target = node.querySelector(`[data-role=map-${when}]`);
      if (!target) return;
      charts[when] = areaMap(target, {
        mode: data.mode, mapName: data.map_name, geo: data.geo, tooltip, bottom: data.scale ? 10 : 45, labelSize: 9,
        visualMap: data.scale ? bandsMap(data.scale, { show: false }) : {
          show: values.length > 0, min: low, max: top, calculable: false, orient: "horizontal",
          left: "center", bottom: 0, itemWidth: 12, itemHeight: 160, textGap: 8,
          text: [pct(top), pct(low)], textStyle: { color: "#1d273b" },
          inRange: { color: ["#d63939", "#fdd835", "#2fb344"] }, formatter: (v) => pct(v),
        },
        areas: data.areas.map((a) => ({ code: a.code, name: a.name, value: a[when], size: a.need, lng: a.lng, lat: a.lat })),
        onClick: (code) => { if (byCode[code].url) window.location.href = byCode[code].url; },
      });
    });
    window.formasiBeforeAfterMaps = charts;
    return charts;
  };
  document.querySelectorAll("[data-before-after-map]").forEach((node) => {
    const source = document.getElementById(node.dataset.beforeAfterMap);
    if (source) window.formasiBeforeAfterMap(node, JSON.parse(source.textContent));
  });
  document.querySelectorAll("[data-before-after]").forEach((node) => {
    const source = document.getElementById(node.dataset.beforeAfter);
    if (source) window.formasiBeforeAfter(node, JSON.parse(source.textContent));
  });
})();
