"""SVG path geometry for the painter (``raster.py``): path data to points, dashes."""

from __future__ import annotations

import math
import re

_PATH = re.compile(r"([MmLlHhVvCcQqAaZz])|([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)")
ARITY = {"m": 2, "l": 2, "h": 1, "v": 1, "c": 6, "q": 4, "a": 7, "z": 0}


class Unsupported(ValueError):
    """The drawing uses SVG this painter does not know."""


def _arc(x1, y1, rx, ry, large, sweep, x2, y2) -> list[tuple[float, float]]:
    """Points along a circular (or elliptic, unrotated) arc, as SVG's endpoint form."""
    if rx == 0 or ry == 0 or (x1, y1) == (x2, y2):
        return [(x2, y2)]
    rx, ry = abs(rx), abs(ry)
    dx, dy = (x1 - x2) / 2, (y1 - y2) / 2
    grow = (dx / rx) ** 2 + (dy / ry) ** 2
    if grow > 1:
        rx, ry = rx * math.sqrt(grow), ry * math.sqrt(grow)
    num = rx * rx * ry * ry - rx * rx * dy * dy - ry * ry * dx * dx
    root = math.sqrt(max(0.0, num / (rx * rx * dy * dy + ry * ry * dx * dx)))
    if large == sweep:
        root = -root
    cx_, cy_ = root * rx * dy / ry, -root * ry * dx / rx
    cx, cy = cx_ + (x1 + x2) / 2, cy_ + (y1 + y2) / 2
    start = math.atan2((dy - cy_) / ry, (dx - cx_) / rx)
    end = math.atan2((-dy - cy_) / ry, (-dx - cx_) / rx)
    delta = end - start
    if sweep and delta < 0:
        delta += 2 * math.pi
    elif not sweep and delta > 0:
        delta -= 2 * math.pi
    steps = max(4, int(abs(delta) * max(rx, ry) / 3))
    return [(cx + rx * math.cos(start + delta * i / steps),
             cy + ry * math.sin(start + delta * i / steps)) for i in range(1, steps + 1)]


def _bezier(points: list[tuple[float, float]], steps: int = 12) -> list[tuple[float, float]]:
    """Points along a quadratic or cubic Bézier curve (its first point left out)."""
    out = []
    for i in range(1, steps + 1):
        t, found = i / steps, list(points)
        while len(found) > 1:
            found = [(a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
                     for a, b in zip(found, found[1:], strict=False)]
        out.append(found[0])
    return out


def parse_path(d: str) -> list[tuple[list[tuple[float, float]], bool]]:  # noqa: C901
    """The subpaths of a path: (points, closed)."""
    tokens = _PATH.findall(d or "")
    paths: list[tuple[list[tuple[float, float]], bool]] = []
    points: list[tuple[float, float]] = []
    x = y = 0.0
    command, index = "", 0
    while index < len(tokens):
        letter, number = tokens[index]
        if letter:
            command, index = letter, index + 1
            if command in "Zz":
                if points:
                    paths.append((points, True))
                    x, y = points[0]
                    points = [(x, y)]
                continue
        elif not command or command in "Zz":
            raise Unsupported(f"a number without a command in a path: {number}")
        count = ARITY[command.lower()]
        args = [float(n) for _, n in tokens[index:index + count]]
        if len(args) < count or any(t[0] for t in tokens[index:index + count]):
            raise Unsupported("a path command without its numbers")
        index += count
        relative, kind = command.islower(), command.lower()
        ox, oy = (x, y) if relative else (0.0, 0.0)
        if kind == "m":
            if len(points) > 1:
                paths.append((points, False))
            x, y = ox + args[0], oy + args[1]
            points = [(x, y)]
            command = "l" if relative else "L"  # more pairs after M are lines
            continue
        if kind == "l":
            x, y = ox + args[0], oy + args[1]
            points.append((x, y))
        elif kind == "h":
            x = ox + args[0]
            points.append((x, y))
        elif kind == "v":
            y = (y if relative else 0.0) + args[0]
            points.append((x, y))
        elif kind in "cq":
            controls = [(ox + args[i], oy + args[i + 1]) for i in range(0, count, 2)]
            points.extend(_bezier([(x, y), *controls]))
            x, y = controls[-1]
        else:  # arc
            if args[2]:
                raise Unsupported("a rotated arc")
            end = (ox + args[5], oy + args[6])
            points.extend(_arc(x, y, args[0], args[1], bool(args[3]), bool(args[4]), *end))
            x, y = end
    if len(points) > 1:
        paths.append((points, False))
    return paths


def dashes(points, pattern: list[float]):
    """The pieces of a polyline that a dash pattern draws."""
    if not pattern or sum(pattern) <= 0:
        yield points
        return
    index, left, on = 0, pattern[0], True
    piece = [points[0]]
    for (ax, ay), (bx, by) in zip(points, points[1:], strict=False):
        length, done = math.hypot(bx - ax, by - ay), 0.0
        while length - done > left:
            done += left
            point = (ax + (bx - ax) * done / length, ay + (by - ay) * done / length)
            if on:
                yield [*piece, point]
            piece, on = [point], not on
            index = (index + 1) % len(pattern)
            left = pattern[index]
        left -= length - done
        piece.append((bx, by))
    if on and len(piece) > 1:
        yield piece
