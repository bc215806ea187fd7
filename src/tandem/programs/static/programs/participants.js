/* Participant table: a "select all" checkbox for the bulk decision form, and a word next to
   "Apply to selected" when nobody is ticked. Works without it (the server says so too). */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var all = event.target.closest("[data-select-all]");
    if (all) {
      var form = document.getElementById(all.getAttribute("data-select-all"));
      if (!form) return;
      form.querySelectorAll('input[name="participant_ids"]').forEach(function (box) {
        box.checked = all.checked;
      });
    }
    var hint = document.getElementById("bulk-none-selected");
    if (hint && event.target.name === "participant_ids") hint.hidden = true;
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.id !== "bulk-form") return;
    if (form.querySelector('input[name="participant_ids"]:checked')) return;
    event.preventDefault();
    var hint = document.getElementById("bulk-none-selected");
    if (hint) {
      hint.hidden = false;
      hint.textContent = "Select at least one person: tick the box at the start of their row.";
    }
  });
})();
