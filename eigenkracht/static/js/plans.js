// Family plan: drag an action by its handle to another place in the list, and the new
// order is saved. Progressive enhancement: without JavaScript, and with the keyboard, the
// "Move up" and "Move down" buttons of each action do the same. Pointer events, so that a
// finger on a tablet at the conference table works as well as a mouse.
(function () {
  "use strict";

  function items(list) {
    return Array.prototype.filter.call(list.children, function (child) {
      return child.classList && child.classList.contains("plan-action");
    });
  }

  function order(list) {
    return items(list).map(function (item) { return item.getAttribute("data-action-id"); });
  }

  function Sorter(list) {
    this.list = list;
    this.url = list.getAttribute("data-reorder-url");
    this.token = list.getAttribute("data-csrf");
    this.drag = null;
    this.busy = false;
    this.status = document.createElement("p");
    this.status.className = "visually-hidden";
    this.status.setAttribute("role", "status");
    list.parentNode.insertBefore(this.status, list.nextSibling);
    list.classList.add("is-sortable");
    var self = this;
    items(list).forEach(function (item) { self.addHandle(item); });
  }

  Sorter.prototype.addHandle = function (item) {
    var self = this;
    var handle = document.createElement("span");
    handle.className = "drag-handle";
    handle.setAttribute("aria-hidden", "true");  // keyboard users have the buttons
    handle.title = this.list.getAttribute("data-drag-title") || "";
    handle.textContent = "\u2807\u2807";
    item.insertBefore(handle, item.firstChild);
    handle.addEventListener("pointerdown", function (event) { self.start(event, item); });
  };

  // Moving the item in the list takes pointer capture away from its handle, so the rest
  // of a drag is followed on the document.
  Sorter.prototype.listen = function (on) {
    var self = this;
    if (!this.handlers) {
      this.handlers = {
        pointermove: function (event) { self.move(event); },
        pointerup: function () { self.end(); },
        pointercancel: function () { self.cancel(); }
      };
    }
    Object.keys(this.handlers).forEach(function (name) {
      if (on) { document.addEventListener(name, self.handlers[name]); }
      else { document.removeEventListener(name, self.handlers[name]); }
    });
  };

  Sorter.prototype.start = function (event, item) {
    if (this.busy || this.drag || (event.pointerType === "mouse" && event.button !== 0)) {
      return;
    }
    event.preventDefault();
    this.drag = {item: item, before: order(this.list).join(",")};
    item.classList.add("is-dragging");
    this.listen(true);
  };

  Sorter.prototype.move = function (event) {
    if (!this.drag) { return; }
    var dragged = this.drag.item;
    var stack = document.elementsFromPoint(event.clientX, event.clientY);
    for (var i = 0; i < stack.length; i += 1) {
      var over = stack[i].closest ? stack[i].closest("li.plan-action") : null;
      if (over && over !== dragged && over.parentNode === this.list) {
        var box = over.getBoundingClientRect();
        var after = event.clientY > box.top + box.height / 2;
        this.list.insertBefore(dragged, after ? over.nextSibling : over);
        return;
      }
    }
  };

  Sorter.prototype.cancel = function () {
    if (!this.drag) { return; }
    this.listen(false);
    this.drag.item.classList.remove("is-dragging");
    var ids = this.drag.before.split(",");
    var byId = {};
    items(this.list).forEach(function (item) { byId[item.getAttribute("data-action-id")] = item; });
    var list = this.list;
    ids.forEach(function (id) { list.appendChild(byId[id]); });
    this.drag = null;
  };

  Sorter.prototype.end = function () {
    if (!this.drag) { return; }
    var drag = this.drag;
    this.drag = null;
    this.listen(false);
    drag.item.classList.remove("is-dragging");
    var now = order(this.list).join(",");
    if (now === drag.before) { return; }
    this.save(now, drag.before);
  };

  Sorter.prototype.save = function (now, before) {
    var self = this;
    var body = new URLSearchParams();
    body.set("order", now);
    body.set("csrf_token", this.token);
    this.busy = true;
    this.list.setAttribute("aria-busy", "true");
    fetch(this.url, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Accept": "application/json"},
      body: body
    }).then(function (response) {
      return response.json().catch(function () { return {ok: false}; });
    }).then(function (answer) {
      if (answer && answer.ok) {
        // Reload, so that the Move up / Move down buttons follow the new order.
        window.location.reload();
        return;
      }
      self.fail(before, answer && answer.message);
    }).catch(function () {
      self.fail(before, null);
    });
  };

  Sorter.prototype.fail = function (before, message) {
    this.busy = false;
    this.list.removeAttribute("aria-busy");
    this.drag = {item: this.list.firstElementChild, before: before};
    this.cancel();
    this.status.className = "flash flash-error";
    this.status.textContent = message || this.list.getAttribute("data-failed") || "";
  };

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("ol.plan-actions[data-reorder-url]").forEach(function (list) {
      if (items(list).length > 1) { new Sorter(list); }
    });
  });
})();
