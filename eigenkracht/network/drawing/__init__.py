"""The network map drawn on the server as SVG: the network circle and the family genogram.

Views turn people and ties into ``Node`` and ``Edge`` values and call ``draw_circle`` or
``draw_genogram`` inside a request (the labels follow the current language). The result is
a complete, self-contained SVG document: safe to serve as ``image/svg+xml`` and to inline in
a page under a strict Content-Security-Policy (no script, no style, no outside references).
"""

from eigenkracht.network.drawing.circle import draw_circle
from eigenkracht.network.drawing.genogram import draw_genogram
from eigenkracht.network.drawing.layout import circle_layout
from eigenkracht.network.drawing.types import Edge, Node

__all__ = ["Edge", "Node", "circle_layout", "draw_circle", "draw_genogram"]
