// The coordinator's checklist: filter the volunteers as one types (name, NIK, Kab/Kota), and
// tick "came" when a dose is chosen. Plain script, served by the portal (nothing online).
document.addEventListener("DOMContentLoaded", function () {
  var search = document.getElementById("volunteer-search");
  if (search) {
    search.addEventListener("input", function () {
      var words = search.value.toLowerCase().trim().split(/\s+/);
      document.querySelectorAll(".checklist .volunteer").forEach(function (row) {
        var text = row.getAttribute("data-search");
        var shown = words.every(function (w) { return text.indexOf(w) !== -1; });
        row.hidden = !shown;
      });
    });
  }
  document.querySelectorAll(".checklist select.slot").forEach(function (select) {
    select.addEventListener("change", function () {
      var box = document.getElementById("came-" + select.getAttribute("data-person"));
      if (box && select.value) { box.checked = true; }
    });
  });
});
