// The header's search box as an ARIA 1.2 combobox: suggestions as you type (after a pause),
// arrow keys move through them, Enter opens the chosen case, Escape closes the list.
// Without JavaScript the form opens the results page (/search?q=).
(function () {
  "use strict";
  var WAIT = 200;  // ms after the last key before asking
  var MIN = 2;     // characters before asking

  function enhance(form) {
    var input = form.querySelector("input[role=combobox]");
    var list = form.querySelector("[role=listbox]");
    var status = form.querySelector("[data-search-status]");
    var url = form.getAttribute("data-suggest");
    var timer = null;
    var asked = 0;
    var active = -1;

    function options() { return list.querySelectorAll("[role=option]"); }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function choose(index) {
      var all = options();
      if (!all.length) { return; }
      active = (index + all.length) % all.length;
      for (var i = 0; i < all.length; i++) {
        all[i].setAttribute("aria-selected", i === active ? "true" : "false");
      }
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({block: "nearest"});
    }

    function open(option) { window.location.assign(option.getAttribute("data-href")); }

    function ask() {
      var text = input.value.trim();
      if (text.length < MIN) { close(); status.textContent = ""; return; }
      var mine = ++asked;
      fetch(url + "?q=" + encodeURIComponent(text), {credentials: "same-origin",
                                                     headers: {"Accept": "application/json"}})
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (found) {
          if (mine !== asked || !found) { return; }  // an older answer, or none
          list.innerHTML = found.html;  // made by the server from escaped templates
          status.textContent = found.summary;
          active = -1;
          input.removeAttribute("aria-activedescendant");
          list.hidden = false;
          input.setAttribute("aria-expanded", "true");
        })
        .catch(function () { close(); });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, WAIT);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (list.hidden) { ask(); return; }
        event.preventDefault();
        choose(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter" && !list.hidden && active >= 0) {
        event.preventDefault();
        open(options()[active]);
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close();
      }
    });
    list.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) { open(option); }
    });
    list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    input.addEventListener("blur", function () { window.setTimeout(close, 150); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var boxes = document.querySelectorAll("[data-search-box]");
    for (var i = 0; i < boxes.length; i++) { enhance(boxes[i]); }
  });
})();
