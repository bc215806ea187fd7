/* Tandem's few lines of progressive enhancement. Every page works without them. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Close open dropdowns (<details class="dropdown|mobile-menu">) on outside click or Escape.
  function closeMenus(except) {
    document.querySelectorAll("details.dropdown[open], details.mobile-menu[open]").forEach(function (el) {
      if (el !== except && !el.contains(except)) el.removeAttribute("open");
    });
  }
  document.addEventListener("click", function (event) {
    var inside = event.target.closest("details.dropdown, details.mobile-menu");
    closeMenus(inside);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = document.querySelector("details.dropdown[open], details.mobile-menu[open]");
    if (open) {
      open.removeAttribute("open");
      var summary = open.querySelector("summary");
      if (summary) summary.focus();
    }
  });

  // A select that submits its form when changed (the form still has a submit button).
  document.addEventListener("change", function (event) {
    var select = event.target.closest("select[data-autosubmit]");
    if (select && select.form) select.form.requestSubmit ? select.form.requestSubmit() : select.form.submit();
  });

  document.addEventListener("click", function (event) {
    // Print the page (the certificate).
    if (event.target.closest("[data-print]")) {
      window.print();
      return;
    }
    // Dismiss a flash message.
    var dismiss = event.target.closest("[data-dismiss]");
    if (dismiss) {
      var message = dismiss.closest(".message");
      if (message) message.remove();
      return;
    }
    // Copy the text of the element named by data-copy (e.g. a new API token).
    var copy = event.target.closest("[data-copy]");
    if (copy && navigator.clipboard) {
      var source = document.getElementById(copy.getAttribute("data-copy"));
      if (source) {
        navigator.clipboard.writeText(source.textContent.trim()).then(function () {
          var label = copy.textContent;
          copy.textContent = "Copied";
          setTimeout(function () { copy.textContent = label; }, 1500);
        });
      }
    }
  });
})();
