// Small enhancements for pages that already work without JavaScript.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function watchIdleTime(warning) {
    var idle = parseInt(warning.getAttribute("data-idle-seconds"), 10) * 1000;
    var button = warning.querySelector("button");
    var timers = [];
    var before = null;
    function start() {
      timers.forEach(window.clearTimeout);
      timers = [
        window.setTimeout(show, Math.max(idle - 120000, 1000)),
        window.setTimeout(ended, idle)
      ];
    }
    function show() {
      before = document.activeElement;
      warning.hidden = false;
      button.focus();
    }
    function ended() {
      warning.querySelector(".session-warning-ended").hidden = false;
      warning.querySelector("#session-warning-text").hidden = true;
      button.hidden = true;
    }
    button.addEventListener("click", function () {
      var body = new URLSearchParams();
      var token = document.querySelector("input[name=csrf_token]");  // the language form's
      if (token) { body.set("csrf_token", token.value); }
      window.fetch(warning.getAttribute("data-still-here"), {
        method: "POST", body: body, credentials: "same-origin", redirect: "manual"
      }).then(function (response) {
        if (response.status !== 204) { ended(); return; }
        warning.hidden = true;
        if (before && before.focus) { before.focus(); }
        start();
      }, ended);
    });
    start();
  }

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
      } else if (target.matches("li")) {
        // A list item (a card in a grid) takes the message at its top: a <div> before it
        // would sit in the list as a grid cell of its own and push the card to the next row.
        target.insertBefore(flashes, target.firstChild);
        flashes.scrollIntoView({block: "start"});
      } else {
        target.parentNode.insertBefore(flashes, target);
        flashes.scrollIntoView({block: "start"});
      }
    }
    // Two minutes before the idle timeout signs a user out, say so and offer to stay.
    var warning = document.querySelector("[data-session-warning]");
    if (warning && window.fetch) { watchIdleTime(warning); }
    // Move focus to the error summary so screen readers announce it.
    var summary = document.querySelector("[data-autofocus]");
    if (summary) { summary.focus(); }
  });
})();
