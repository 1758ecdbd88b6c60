// Network map: drag a person to another ring or sector of the circle, and it is saved.
// Progressive enhancement: without JavaScript (or with the keyboard) the person's page has
// the same fields. The move is posted as a form with the page's CSRF token; the server
// answers JSON with a message and the redrawn picture.
(function () {
  "use strict";

  var SVG_NS = "http://www.w3.org/2000/svg";

  function svgPoint(svg, clientX, clientY) {
    var matrix = svg.getScreenCTM();
    if (!matrix) { return null; }
    var point = svg.createSVGPoint();
    point.x = clientX;
    point.y = clientY;
    return point.matrixTransform(matrix.inverse());
  }

  function cellAt(clientX, clientY) {
    var stack = document.elementsFromPoint(clientX, clientY);
    for (var i = 0; i < stack.length; i += 1) {
      var element = stack[i];
      if (element.classList && element.classList.contains("cell") &&
          element.hasAttribute("data-ring") && element.hasAttribute("data-sector")) {
        return element;
      }
    }
    return null;
  }

  function Mover(figure) {
    this.figure = figure;
    this.holder = figure.querySelector("[data-map-picture]");
    this.status = figure.querySelector("[data-move-status]");
    this.token = figure.querySelector("[data-csrf-token]");
    this.url = figure.getAttribute("data-move-url");
    this.drag = null;
    this.busy = false;
    this.bind();
  }

  Mover.prototype.say = function (message) {
    if (this.status) { this.status.textContent = message; }
  };

  Mover.prototype.svg = function () {
    return this.holder.querySelector("svg");
  };

  Mover.prototype.bind = function () {
    var self = this;
    this.holder.addEventListener("pointerdown", function (event) { self.start(event); });
    this.holder.addEventListener("pointermove", function (event) { self.move(event); });
    this.holder.addEventListener("pointerup", function (event) { self.end(event); });
    this.holder.addEventListener("pointercancel", function () { self.cancel(); });
    this.mark();
  };

  // Draggable people get a class so that CSS can show a move cursor.
  Mover.prototype.mark = function () {
    var svg = this.svg();
    if (!svg) { return; }
    svg.classList.add("is-draggable");
  };

  Mover.prototype.start = function (event) {
    if (this.busy || event.button !== 0) { return; }
    var node = event.target.closest ? event.target.closest("g.person[data-person-id]") : null;
    if (!node || node.classList.contains("client") || node.hasAttribute("data-highlight")) {
      return;
    }
    var svg = this.svg();
    var point = svgPoint(svg, event.clientX, event.clientY);
    if (!point) { return; }
    event.preventDefault();
    this.holder.setPointerCapture(event.pointerId);
    this.drag = {
      node: node, svg: svg, from: point, moved: false,
      transform: node.getAttribute("transform") || ""
    };
    node.classList.add("is-dragging");
    node.parentNode.appendChild(node); // on top of the others while dragging
  };

  Mover.prototype.move = function (event) {
    if (!this.drag) { return; }
    var point = svgPoint(this.drag.svg, event.clientX, event.clientY);
    if (!point) { return; }
    var dx = point.x - this.drag.from.x;
    var dy = point.y - this.drag.from.y;
    if (Math.abs(dx) + Math.abs(dy) > 3) { this.drag.moved = true; }
    this.drag.node.setAttribute("transform",
      this.drag.transform + " translate(" + dx.toFixed(1) + " " + dy.toFixed(1) + ")");
  };

  Mover.prototype.cancel = function () {
    if (!this.drag) { return; }
    this.drag.node.setAttribute("transform", this.drag.transform);
    this.drag.node.classList.remove("is-dragging");
    this.drag = null;
  };

  Mover.prototype.end = function (event) {
    if (!this.drag) { return; }
    var drag = this.drag;
    if (!drag.moved) { this.cancel(); return; }
    // Look under the pointer with the dragged person out of the way.
    drag.node.setAttribute("pointer-events", "none");
    var cell = cellAt(event.clientX, event.clientY);
    drag.node.removeAttribute("pointer-events");
    if (!cell) { this.cancel(); return; }
    var ring = cell.getAttribute("data-ring");
    var sector = cell.getAttribute("data-sector");
    if (ring === drag.node.getAttribute("data-ring") &&
        sector === drag.node.getAttribute("data-sector")) {
      this.cancel();
      return;
    }
    this.drag = null;
    this.save(drag, ring, sector);
  };

  Mover.prototype.save = function (drag, ring, sector) {
    var self = this;
    var id = drag.node.getAttribute("data-person-id");
    var body = new URLSearchParams();
    body.set("ring", ring);
    body.set("sector", sector);
    if (this.token) { body.set("csrf_token", this.token.value); }
    this.busy = true;
    fetch(this.url.replace(/\/people\/0\/move$/, "/people/" + encodeURIComponent(id) + "/move"), {
      method: "POST",
      credentials: "same-origin",
      headers: {"Accept": "application/json"},
      body: body
    }).then(function (response) {
      return response.json().catch(function () { return {ok: false}; });
    }).then(function (answer) {
      self.busy = false;
      if (answer && answer.ok && answer.svg) {
        self.replace(answer.svg);
        self.say(answer.message || "");
      } else {
        drag.node.setAttribute("transform", drag.transform);
        drag.node.classList.remove("is-dragging");
        self.say((answer && (answer.message || answer.detail)) ||
                 self.figure.getAttribute("data-move-failed") || "");
      }
    }).catch(function () {
      self.busy = false;
      drag.node.setAttribute("transform", drag.transform);
      drag.node.classList.remove("is-dragging");
      self.say(self.figure.getAttribute("data-move-failed") || "");
    });
  };

  // The server's SVG replaces the picture: parsed as XML, never as HTML.
  Mover.prototype.replace = function (text) {
    var parsed = new DOMParser().parseFromString(text, "image/svg+xml");
    var root = parsed.documentElement;
    if (!root || root.namespaceURI !== SVG_NS || root.nodeName !== "svg") { return; }
    var fresh = document.importNode(root, true);
    var old = this.svg();
    if (old) { old.parentNode.replaceChild(fresh, old); } else { this.holder.appendChild(fresh); }
    this.mark();
    // Tell the tables below that they are out of date until the page is reloaded.
    var note = document.querySelector("[data-tables-stale]");
    if (note) { note.hidden = false; }
  };

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.fetch || !window.DOMParser || !document.elementsFromPoint) { return; }
    document.querySelectorAll("[data-map-draggable]").forEach(function (figure) {
      if (figure.querySelector("[data-map-picture] svg")) { new Mover(figure); }
    });
  });
})();
