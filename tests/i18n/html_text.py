"""A page's visible text as a reader (and a screen reader) meets it: each text node with
the language and direction it inherits. The standard library's parser is enough."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
HIDDEN = {"script", "style", "template", "title", "head", "noscript"}


@dataclass(frozen=True)
class TextNode:
    text: str
    lang: str  # the nearest lang="…"
    isolated: bool  # inside <bdi> or an element with dir="…" below <html>
    tags: tuple[str, ...]  # the open elements, outermost first


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.nodes: list[TextNode] = []
        self.attributes: list[tuple[str, dict]] = []  # (tag, attrs) of every element

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        self.attributes.append((tag, attributes))
        if tag not in VOID:
            self.stack.append((tag, attributes))

    def handle_startendtag(self, tag, attrs):
        self.attributes.append((tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        text = " ".join(data.split())
        if not text or any(tag in HIDDEN for tag, _ in self.stack):
            return
        if any("hidden" in attrs for _, attrs in self.stack):
            return
        lang = next((attrs["lang"] for _, attrs in reversed(self.stack) if "lang" in attrs), "")
        isolated = any(tag == "bdi" or ("dir" in attrs and tag != "html")
                       for tag, attrs in self.stack)
        self.nodes.append(TextNode(text, lang, isolated, tuple(t for t, _ in self.stack)))


def read(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader


def text_nodes(html: str) -> list[TextNode]:
    return read(html).nodes


def node_with(html: str, words: str) -> TextNode:
    """The text node holding ``words`` (the first)."""
    for node in text_nodes(html):
        if words in node.text:
            return node
    raise AssertionError(f"{words!r} is not on the page")
