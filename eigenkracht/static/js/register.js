// The attendance register without reloading: its forms are sent in the background and the
// register the server answers is put in place (the page keeps its scroll position). Without
// JavaScript the same forms post and the day page comes back at the person's line.
(function () {
  "use strict";

  function keyOf(element) {
    var line = element.closest("li[id]");
    var form = element.closest("form");
    return [line ? line.id : "", form ? form.getAttribute("action") : "",
            element.name || "", element.value || ""].join("|");
  }

  function focusAgain(section, key) {
    var found = null;
    section.querySelectorAll("button, select").forEach(function (el) {
      if (!found && keyOf(el) === key) { found = el; }
    });
    if (found) { found.focus({preventScroll: true}); }
  }

  function send(section, form, submitter) {
    var key = submitter ? keyOf(submitter) : "";
    var data = new FormData(form);
    section.setAttribute("aria-busy", "true");
    fetch(form.action, {
      method: "POST", body: data, credentials: "same-origin",
      headers: {"X-Requested-With": "fetch"}
    }).then(function (response) {
      if (response.status !== 200 && response.status !== 422) { throw new Error("plain"); }
      return response.text();
    }).then(function (html) {
      section.innerHTML = html;
      section.removeAttribute("aria-busy");
      if (key) { focusAgain(section, key); }
    }).catch(function () {
      form.submit();  // the plain form: the day page comes back
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var section = document.querySelector("[data-register]");
    if (!section) { return; }
    section.addEventListener("submit", function (event) {
      var form = event.target;
      if (!form.classList.contains("js-register")) { return; }
      event.preventDefault();
      send(section, form, event.submitter || form.querySelector("button, select"));
    });
    section.addEventListener("change", function (event) {
      var select = event.target;
      if (!select.classList.contains("js-submit-on-change")) { return; }
      send(section, select.form, select);
    });
  });
})();
