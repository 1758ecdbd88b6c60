// Small enhancements for pages that already work without JavaScript.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  document.addEventListener("DOMContentLoaded", function () {
    // The language menu switches on change; without JavaScript its button does.
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
    // Ask before destructive actions.
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
      });
    });
    // Move focus to the error summary so screen readers announce it.
    var summary = document.querySelector("[data-autofocus]");
    if (summary) { summary.focus(); }
  });
})();
