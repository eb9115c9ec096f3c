// The ABK task form: "Add a row" appends an empty task row (a copy of the formset's empty form
// in <template id="abk-empty-row">, its __prefix__ replaced by the next index) and counts it in
// the management form's TOTAL_FORMS, up to MAX_NUM_FORMS. No inline script: the CSP forbids it.
(function () {
  const form = document.getElementById("abk-form");
  const template = document.getElementById("abk-empty-row");
  const button = form && form.querySelector("[data-abk-add-row]");
  if (!form || !template || !button) return;
  const total = form.querySelector("input[name$='-TOTAL_FORMS']");
  const max = form.querySelector("input[name$='-MAX_NUM_FORMS']");
  const rows = document.getElementById("abk-rows");

  function full() {
    return max && Number(total.value) >= Number(max.value);
  }

  button.disabled = full();
  button.addEventListener("click", () => {
    if (full()) return;
    const index = Number(total.value);
    const html = template.innerHTML.replace(/__prefix__/g, String(index));
    const holder = document.createElement("tbody");
    holder.innerHTML = html;
    const row = holder.querySelector("tr");
    row.querySelector("[data-row-number]").textContent = String(index + 1);
    rows.appendChild(row);
    total.value = String(index + 1);
    button.disabled = full();
    const first = row.querySelector("input:not([type=checkbox])");
    if (first) first.focus();
  });
})();
