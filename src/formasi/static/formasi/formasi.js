// Behaviour every page shares, kept out of the HTML so the Content-Security-Policy can forbid
// inline scripts, event handlers and style attributes:
// - <select data-autosubmit> submits its form when changed (the language menu, year choosers);
// - window.formasiFormat: numbers and dates in the page's language (<html lang>), the way the
//   server writes them (Indonesian 2.500 and 85,5 %; English 2,500) — every chart uses it;
// - <button data-copy="#id"> copies the value of the element #id to the clipboard (a new API
//   token on the profile page);
// - data-progress="42" sets a progress bar's width in per cent, data-height="480" a chart's
//   height in pixels, data-swatch="#d63939" a legend swatch's colour (also in content htmx
//   swaps in later).
(function () {
  function apply(root) {
    root.querySelectorAll("[data-progress]").forEach((el) => {
      el.style.width = `${Number(el.dataset.progress) || 0}%`;
    });
    root.querySelectorAll("[data-swatch]").forEach((el) => {
      el.style.backgroundColor = el.dataset.swatch;
    });
    root.querySelectorAll("[data-height]").forEach((el) => {
      el.style.height = `${Number(el.dataset.height) || 0}px`;
    });
  }
  apply(document);
  if (typeof htmx !== "undefined") htmx.onLoad(apply);
  document.addEventListener("change", (event) => {
    const el = event.target;
    if (el instanceof HTMLSelectElement && el.hasAttribute("data-autosubmit") && el.form) {
      el.form.submit();
    }
  });
})();

// One formatter for numbers, percentages and dates in the page's language (<html lang="id">),
// as Django's templates write them: number(2500) "2.500" (id) / "2,500" (en); number(4.15, 1)
// "4,2"; percent(0.853) "85 %"; date("2026-01-01") "1 Jan 2026"; blank, null or NaN give "–".
// Charts (ECharts axis labels, tooltips, labels) call these and never format on their own.
window.formasiFormat = (function () {
  const cache = {};
  const locale = () => document.documentElement.lang || undefined;
  function numberFormat(min, max) {
    const key = `${locale()}|${min}|${max}`;
    if (!cache[key]) {
      const options = { minimumFractionDigits: min, maximumFractionDigits: max };
      try {
        cache[key] = new Intl.NumberFormat(locale(), options);
      } catch (e) {
        cache[key] = new Intl.NumberFormat(undefined, options);
      }
    }
    return cache[key];
  }
  const missing = (v) => v === null || v === undefined || v === "" || v === "-" || Number.isNaN(Number(v));
  // digits: fixed decimals (default 0); maxDigits: at most that many, trailing zeros dropped.
  function number(v, digits, maxDigits) {
    if (missing(v)) return "–";
    const min = digits || 0;
    return numberFormat(min, Math.max(min, maxDigits === undefined ? min : maxDigits)).format(Number(v));
  }
  return {
    locale,
    number,
    // A share (0.853) as per cent; pointsPercent(85.3) for values already in per cent.
    percent: (v, digits) => (missing(v) ? "–" : `${number(Number(v) * 100, digits)} %`),
    pointsPercent: (v, digits) => (missing(v) ? "–" : `${number(v, digits)} %`),
    // An ISO date (or Date) as the locale's DATE_FORMAT writes it ("6 Des 2026", "Dec 6, 2026").
    date: (v) => {
      if (!v) return "–";
      const d = v instanceof Date ? v : new Date(v);
      if (Number.isNaN(d.getTime())) return "–";
      try {
        return new Intl.DateTimeFormat(locale(), { day: "numeric", month: "short", year: "numeric" }).format(d);
      } catch (e) {
        return d.toISOString().slice(0, 10);
      }
    },
  };
})();

// A "Print" button of a printable page (the SKM report, the QR poster).
document.addEventListener("click", (event) => {
  if (event.target instanceof Element && event.target.closest("[data-print]")) window.print();
});

// A "Copy" button: the value of the element its data-copy names goes to the clipboard.
document.addEventListener("click", (event) => {
  const button = event.target instanceof Element ? event.target.closest("[data-copy]") : null;
  const source = button ? document.querySelector(button.getAttribute("data-copy")) : null;
  if (!source) return;
  source.select();
  if (navigator.clipboard) navigator.clipboard.writeText(source.value);
  else document.execCommand("copy");
});
