// Behaviour every page shares, kept out of the HTML so the Content-Security-Policy can forbid
// inline scripts, event handlers and style attributes:
// - <select data-autosubmit> submits its form when changed (the language menu, year choosers);
// - data-progress="42" sets a progress bar's width in per cent, data-height="480" a chart's
//   height in pixels (also in content htmx swaps in later).
(function () {
  function apply(root) {
    root.querySelectorAll("[data-progress]").forEach((el) => {
      el.style.width = `${Number(el.dataset.progress) || 0}%`;
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
