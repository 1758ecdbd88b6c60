"""Pages of a list: ``page``/``per_page`` in, ``items``/``total``/``links`` and a ``Link``
header out. Every list of the API pages the same way."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import jsonify, url_for


def page_links(endpoint: str, args: dict[str, Any], total: int,
               **view_args: Any) -> dict[str, str]:
    """``self``, ``first``, ``last`` and, where there is one, ``next`` and ``prev``."""
    page, per_page = args["page"], args["per_page"]
    last = max(1, -(-total // per_page))

    def url(number: int) -> str:
        params = {k: (v.value if hasattr(v, "value") else v) for k, v in args.items()}
        params["page"] = number
        return url_for(endpoint, **view_args, **params)

    links = {"self": url(page), "first": url(1), "last": url(last)}
    if page < last:
        links["next"] = url(page + 1)
    if page > 1:
        links["prev"] = url(min(page - 1, last))
    return links


def page_response(items: list[dict[str, Any]], args: dict[str, Any], total: int,
                  endpoint: str, **view_args: Any):
    """The JSON of one page, with the same links in the ``Link`` header."""
    links = page_links(endpoint, args, total, **view_args)
    response = jsonify({"items": items, "page": args["page"], "per_page": args["per_page"],
                        "total": total, "links": links})
    response.headers["Link"] = ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items())
    return response


def page_of(rows: Sequence[Any], args: dict[str, Any]) -> list[Any]:
    """The rows of the requested page of an already loaded list."""
    start = (args["page"] - 1) * args["per_page"]
    return list(rows[start:start + args["per_page"]])
