/* The program form: one section at a time with Back / Next and a summary, and add/remove
   rows for curriculum weeks and enrolment questions. Without it the form is one long page
   with every section, and one empty row of each kind to fill in. */
(function () {
  "use strict";

  function renumber(body) {
    var last = 0;
    body.querySelectorAll('input[name="curriculum_week"]').forEach(function (input) {
      last = Math.max(last, parseInt(input.value, 10) || 0);
    });
    body.querySelectorAll("[data-row]").forEach(function (row, i) {
      row.querySelectorAll("[aria-label]").forEach(function (el) {
        el.setAttribute("aria-label", el.getAttribute("aria-label").replace(/\d+/, String(i + 1)));
      });
      row.querySelectorAll(".visually-hidden").forEach(function (el) {
        el.textContent = el.textContent.replace(/\d+/, String(i + 1));
      });
      var week = row.querySelector('input[name="curriculum_week"]');
      if (week && !week.value) { last += 1; week.value = String(last); }
    });
  }

  document.addEventListener("click", function (event) {
    var add = event.target.closest("[data-add-row]");
    var remove = event.target.closest("[data-remove-row]");
    if (add) {
      var body = add.closest("[data-rows]").querySelector("[data-rows-body]");
      var rows = body.querySelectorAll("[data-row]");
      var copy = rows[rows.length - 1].cloneNode(true);
      copy.querySelectorAll("input").forEach(function (input) { input.value = ""; });
      copy.querySelectorAll("select").forEach(function (select) { select.selectedIndex = 0; });
      body.appendChild(copy);
      renumber(body);
      var first = copy.querySelector('input[type="text"]');
      if (first) first.focus();
    } else if (remove) {
      var tbody = remove.closest("[data-rows-body]");
      var row = remove.closest("[data-row]");
      if (tbody.querySelectorAll("[data-row]").length > 1) {
        row.remove();
      } else {
        row.querySelectorAll("input").forEach(function (input) { input.value = ""; });
      }
      renumber(tbody);
      var next = tbody.querySelector('input[type="text"]');
      if (next) next.focus();
    }
  });

  function setup() {
    var steps = Array.prototype.slice.call(document.querySelectorAll(".form-step"));
    if (!steps.length) return;
    var links = document.querySelectorAll("[data-step-link]");
    var form = steps[0].closest("form");
    form.classList.add("is-stepped");

    function summarise() {
      document.querySelectorAll("[data-summary]").forEach(function (dd) {
        var field = form.elements[dd.getAttribute("data-summary")];
        if (!field) return;
        var text = field.tagName === "SELECT" ? field.options[field.selectedIndex].text : field.value;
        dd.textContent = text || "—";
      });
    }

    function show(index, focus) {
      steps.forEach(function (step, i) { step.hidden = i !== index; });
      links.forEach(function (link, i) {
        if (i === index) link.setAttribute("aria-current", "step");
        else link.removeAttribute("aria-current");
      });
      if (steps[index].getAttribute("data-step") === "summary") summarise();
      if (focus) {
        var heading = steps[index].querySelector("h2");
        heading.setAttribute("tabindex", "-1");
        heading.focus();
      }
    }

    steps.forEach(function (step, i) {
      var nav = document.createElement("div");
      nav.className = "form-step-nav";
      if (i > 0) {
        var back = document.createElement("button");
        back.type = "button";
        back.className = "btn btn-secondary";
        back.textContent = "Back";
        back.addEventListener("click", function () { show(i - 1, true); });
        nav.appendChild(back);
      }
      if (i < steps.length - 1) {
        var next = document.createElement("button");
        next.type = "button";
        next.className = "btn btn-primary";
        next.textContent = "Next: " + steps[i + 1].querySelector("h2").textContent.replace(/^\d+\.\s*/, "");
        next.addEventListener("click", function () { show(i + 1, true); });
        nav.appendChild(next);
      }
      step.querySelector(".card-body").appendChild(nav);
    });
    links.forEach(function (link, i) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        show(i, true);
      });
    });
    var error = form.querySelector(".has-error, .field-error");
    var start = 0;
    if (error) {
      var owner = error.closest(".form-step");
      start = owner ? steps.indexOf(owner) : 0;
    }
    show(start, false);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
