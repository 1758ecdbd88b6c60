"""The QR code on a printed plan: it opens the family's own page on a phone.

Only a hash of a personal link's token is stored, so the code can be printed only where the
token is known: a person's own downloads through their link, and the "print for this person"
buttons shown right after a coordinator made the link. Such documents are never kept in the
PDF cache. Everywhere else ``qr_target`` answers None and the document leaves the code out.
``qr_svg`` draws it as inline SVG, so the PDF fetches nothing to show it.
"""

from __future__ import annotations

import re
from typing import Any

_SIZE = re.compile(r'\s(width|height)="[^"]*"')


def qr_target(plan: Any, person: Any = None) -> str | None:
    """The address the QR code on ``plan``'s document (for ``person``, or the whole family
    when None) opens, or None when there is no personal link to point to.

    Only a hash of a personal link's token is stored, so the address is known only where
    the token is: on the person's own page (its PDF button) or right after the link was
    made; then this is the person's page, if their link still works."""
    from eigenkracht.family.services import known_page_url

    return known_page_url(plan, person)


def qr_svg(target: str, *, title: str = "") -> str:
    """The QR code for ``target`` as an inline ``<svg>`` element that scales to its box."""
    import segno

    code = segno.make(target, error="m", micro=False)
    svg = code.svg_inline(scale=4, border=2, dark="#000000", light="#ffffff",
                          title=title or None, svgclass="qr-code", lineclass=None,
                          omitsize=True)
    svg = _SIZE.sub("", svg)
    return svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
