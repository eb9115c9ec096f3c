// Employee list: choosing an agency reloads the whole page so the OPD and kecamatan lists
// follow it.
(function () {
  document.getElementById("id_agency")?.addEventListener("change", (event) => {
    event.stopPropagation();
    const data = new FormData(event.target.form);
    data.delete("opd"); data.delete("district");
    window.location.search = new URLSearchParams(data).toString();
  });
})();
