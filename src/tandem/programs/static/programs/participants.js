/* Participant table: a "select all" checkbox for the bulk decision form. Works without it. */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var all = event.target.closest("[data-select-all]");
    if (!all) return;
    var form = document.getElementById(all.getAttribute("data-select-all"));
    if (!form) return;
    form.querySelectorAll('input[name="participant_ids"]').forEach(function (box) {
      box.checked = all.checked;
    });
  });
})();
