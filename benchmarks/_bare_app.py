"""The load benchmark's baseline (not a benchmark itself): a bare Flask app with one route
that answers a fixed HTML page, served by the same gunicorn settings as the real app.

``BENCH_PAGE_BYTES`` sets the page's size (default 20 kB), so that it matches the page it
is compared with. Run by ``benchmarks/load.py`` as ``gunicorn _bare_app:app``.
"""

from __future__ import annotations

import os

from flask import Flask

SIZE = max(200, int(os.environ.get("BENCH_PAGE_BYTES", "20000") or 20000))
_HEAD = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Bare</title>" \
        "</head><body><main><h1>A fixed page</h1>"
_TAIL = "</main></body></html>"
_LINE = "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod.</p>\n"
_BODY = (_LINE * (SIZE // len(_LINE) + 1))[: SIZE - len(_HEAD) - len(_TAIL)]
PAGE = (_HEAD + _BODY + _TAIL).encode("utf-8")

app = Flask(__name__)


@app.route("/")
def page():
    return PAGE, 200, {"Content-Type": "text/html; charset=utf-8"}
