// The map page's grid and ties table, from the keyboard: Enter goes to the next row (and
// adds one after the last), Tab out of the last field of a filled-in last row adds a row.
// Without this script the forms work as they are: a few empty rows, and a button that
// saves and shows more.
(function () {
  "use strict";

  function rows(body) {
    return body.querySelectorAll("tr[data-grid-row]");
  }

  function filled(row) {
    var fields = row.querySelectorAll("input[type=text], input[type=tel], input[type=email], select[name$='-a']");
    for (var i = 0; i < fields.length; i += 1) {
      if (fields[i].value.trim() !== "") { return true; }
    }
    return false;
  }

  function addRow(form) {
    var body = form.querySelector("[data-grid-rows]");
    var template = form.querySelector("template[data-grid-template]");
    var next = parseInt(body.getAttribute("data-next-row"), 10) || rows(body).length;
    var holder = document.createElement("tbody");
    holder.innerHTML = template.innerHTML.replace(/__N__/g, String(next));
    var row = holder.querySelector("tr");
    // The template's labels say "row "; number the copy like the rows above it.
    var labelled = row.querySelectorAll("[aria-label]");
    for (var i = 0; i < labelled.length; i += 1) {
      var label = labelled[i].getAttribute("aria-label");
      if (/ $/.test(label)) { labelled[i].setAttribute("aria-label", label + String(next + 1)); }
    }
    body.appendChild(row);
    body.setAttribute("data-next-row", String(next + 1));
    return row;
  }

  function first(row) {
    return row.querySelector("[data-grid-first]");
  }

  function bind(form) {
    var body = form.querySelector("[data-grid-rows]");
    form.addEventListener("keydown", function (event) {
      var target = event.target;
      var row = target.closest ? target.closest("tr[data-grid-row]") : null;
      if (!row || event.altKey || event.ctrlKey || event.metaKey) { return; }
      var all = rows(body);
      var last = all[all.length - 1] === row;
      if (event.key === "Enter" && target.tagName !== "BUTTON" && target.type !== "checkbox") {
        event.preventDefault();
        var next = last ? addRow(form) : row.nextElementSibling;
        if (next && first(next)) { first(next).focus(); }
      } else if (event.key === "Tab" && !event.shiftKey && last && filled(row)) {
        var fields = row.querySelectorAll("input:not([type=hidden]), select");
        if (fields[fields.length - 1] === target) { addRow(form); }
      }
    });
  }

  var forms = document.querySelectorAll("form[data-entry-grid]");
  for (var i = 0; i < forms.length; i += 1) { bind(forms[i]); }
}());
