// The national view of the usul kebutuhan (issue 18 part 8): the areas coloured by the people
// requested, drawn by formasiAreaMap (equity.js) from the JSON the page embeds; the tooltip
// gives requested, approved by BKN and decided; a province opens its kabupaten/kota.
(function () {
  const el = document.getElementById("national-charts");
  const node = document.getElementById("national-map");
  if (!el || !node || typeof echarts === "undefined" || !window.formasiAreaMap) return;
  const data = JSON.parse(el.textContent);
  const f = window.formasiFormat;
  const esc = (t) => echarts.format.encodeHTML(String(t));
  const byCode = {};
  data.areas.forEach((a) => (byCode[a.code] = a));
  const high = Math.max(1, ...data.areas.map((a) => a.requested));
  window.formasiNationalMap = window.formasiAreaMap(node, {
    mode: data.mode, mapName: data.map_name, geo: data.geo,
    areas: data.areas.map((a) => ({ code: a.code, name: a.name, value: a.requested, size: a.requested, lng: a.lng, lat: a.lat })),
    visualMap: {
      min: 0, max: high, calculable: false, orient: "horizontal", left: "center", bottom: 0,
      itemWidth: 14, itemHeight: 220, textGap: 10, text: [f.number(high), f.number(0)],
      textStyle: { color: "#1d273b" }, inRange: { color: ["#e8f1fb", "#206bc4"] },
    },
    tooltip: {
      trigger: "item",
      formatter: (p) => {
        const a = byCode[p.name] || (p.data && byCode[p.data.code]);
        if (!a) return "";
        return `<b>${esc(a.name)}</b><br>${esc(data.labels.requested)}: <b>${f.number(a.requested)}</b>`
          + `<br>${esc(data.labels.approved)}: ${f.number(a.approved)}<br>${esc(data.labels.decided)}: ${f.number(a.decided)}`;
      },
    },
    onClick: (code) => { if (byCode[code].url) window.location.href = byCode[code].url; },
  });
})();
