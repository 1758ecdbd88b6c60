// Small enhancements for pages that already work without JavaScript.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  document.addEventListener("DOMContentLoaded", function () {
    // The language menu switches with its button only: choosing with the arrow keys must
    // not reload the page (WCAG 3.2.2).
    // Ask before destructive actions.
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
      });
    });
    // A page that lands on an anchor (#action-12 after a save) shows its messages there, not
    // above the screen; without JavaScript they stay at the top of the page.
    var flashes = document.querySelector("main > .flashes");
    var target = window.location.hash.length > 1 &&
      document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    if (flashes && target && !target.contains(flashes) && target.id !== "main") {
      if (target.closest("table")) {
        // A row cannot hold a message: it stays on top of the screen while the page shows
        // the row below it.
        flashes.classList.add("flashes-sticky");
        document.documentElement.style.scrollPaddingTop = (flashes.offsetHeight + 16) + "px";
        target.scrollIntoView({block: "start"});
      } else {
        target.parentNode.insertBefore(flashes, target);
        flashes.scrollIntoView({block: "start"});
      }
    }
    // Move focus to the error summary so screen readers announce it.
    var summary = document.querySelector("[data-autofocus]");
    if (summary) { summary.focus(); }
  });
})();
