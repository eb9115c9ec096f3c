// Placement pages (issue 7): the "all / none" toggle of the new-run form's kecamatan boxes.
// The before/after maps and charts of a run are drawn by formasi/equity.js
// (equity/partials/_before_after_map.html and before_after.html).
(function () {
  document.querySelectorAll("[data-placement-toggle-areas]").forEach((button) => {
    button.addEventListener("click", () => {
      const boxes = button.closest("form").querySelectorAll("input[name=areas]");
      const tick = Array.from(boxes).some((b) => !b.checked);
      boxes.forEach((b) => { b.checked = tick; });
    });
  });
})();
