"""Fill in a form as a browser would: read a page, take the values of one form's fields."""

from __future__ import annotations

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, action: str) -> None:
        super().__init__(convert_charrefs=True)
        self.action = action
        self.inside = False
        self.found = False
        self.values: dict[str, list[str]] = {}
        self._select: tuple[str, bool] | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = not self.found and (attrs.get("action") or "").split("?")[0] \
                .endswith(self.action) and (attrs.get("method") or "").lower() == "post"
            self.found = self.found or self.inside
            return
        if not self.inside or "name" not in attrs:
            return
        name = attrs["name"]
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                self.values.setdefault(name, [])
                return
            self.values.setdefault(name, []).append(attrs.get("value") or
                                                    ("y" if kind == "checkbox" else ""))
        elif tag == "select":
            self._select = (name, "multiple" in attrs)
            self.values.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self.values[self._select[0]].append(attrs.get("value") or "")
        elif tag == "textarea":
            self._textarea = name
            self.values[name] = [""]

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            if self._textarea and self.values[self._textarea][0].startswith("\n"):
                self.values[self._textarea][0] = self.values[self._textarea][0][1:]
            self._textarea = None


def form_values(html: str, action: str) -> dict[str, str | list[str]]:
    """The values the first POST form whose action ends with ``action`` would send: one
    string per field, a list for a field that sends several (ticked boxes)."""
    reader = _FormReader(action)
    reader.feed(html)
    assert reader.found, f"no form posting to {action}"
    return {name: values[0] if len(values) == 1 else values
            for name, values in reader.values.items() if values}


def open_form(client, page: str, action: str | None = None) -> dict:
    """GET ``page`` and read its form posting to ``action`` (default: the page itself)."""
    response = client.get(page)
    assert response.status_code == 200, response.status_code
    return form_values(response.text, action or page)
