"""HTML to PDF: the one place that calls WeasyPrint, only ever in the task consumer.

Templates refer to the app's own files with ``static:`` URLs (``pdf_static()``) and to the
drawings of the document with ``drawn:`` URLs (``pdf_image()``). The URL fetcher serves
exactly those — static files read from disk under ``eigenkracht/static``, and the images
registered for this one document — and refuses everything else (``file:``, ``data:``,
``http(s):``, any other ``drawn:`` URL or scheme, paths that climb out of the static
folder), whatever text a user typed into a plan; a refused URL is logged.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import mimetypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from eigenkracht.pdf.errors import PdfError, PdfPending, PdfUnavailable  # noqa: F401 - re-exported

log = logging.getLogger(__name__)

STATIC_ROOT = Path(__file__).resolve().parent.parent / "static"
SCHEME = "static"
# What a PDF may load from the static folder: fonts, style sheets and images.
ALLOWED_SUFFIXES = {
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff2": "font/woff2",
    ".css": "text/css",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
}
MAX_STATIC_BYTES = 4 * 1024 * 1024
# Images the app draws itself and hands to WeasyPrint by a short URL of their own (an <img>
# is read by WeasyPrint's image reader, far faster than the same SVG inline in the HTML; and
# a short URL instead of a data: URL spares the HTML parser a megabyte of base64).
DRAWN = "drawn"
# RASTER: an SVG whose words need shaping, made a JPEG by resvg when it is fetched.
RASTER = "image/svg+xml;raster"
GENERATED_TYPES = {"image/svg+xml": "svg", "image/png": "png", "image/jpeg": "jpg",
                   RASTER: "jpg"}
MAX_GENERATED_BYTES = 4 * 1024 * 1024
# url -> (the image's bytes, its media type)
_generated: ContextVar[dict[str, tuple[bytes, str]] | None] = ContextVar(
    "pdf_generated_images", default=None)
# Options for every PDF: tagged for screen readers (PDF/UA-1 also writes the title and
# language into the XMP metadata). The benchmark renders with exactly these.
WRITE_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1"}


class RefusedURL(ValueError):
    """The fetcher will not load this URL."""


def static_url(path: str) -> str:
    """The URL a PDF template uses for a file under ``eigenkracht/static``."""
    return f"{SCHEME}:{path.lstrip('/')}"


def static_path(url: str) -> Path:
    """The file under the static folder that ``url`` names, or ``RefusedURL``.

    Only ``static:<relative path>`` is accepted: no host, query or fragment, no ``..``, no
    absolute or backslashed paths, only the file types in ``ALLOWED_SUFFIXES``, and the
    resolved file (after following links) must still lie inside the static folder.
    """
    if not isinstance(url, str) or not url.lower().startswith(f"{SCHEME}:"):
        raise RefusedURL("not a static: URL (nor an image this document drew)")
    if len(url) > 300:
        raise RefusedURL("too long")
    parts = urlsplit(url)
    if parts.scheme.lower() != SCHEME or parts.netloc or parts.query or parts.fragment:
        raise RefusedURL("not a plain static: URL")
    relative = unquote(parts.path)
    pieces = relative.split("/")
    if (not relative or relative.startswith("/") or "\\" in relative or "\x00" in relative
            or any(piece in ("", ".", "..") for piece in pieces)):
        raise RefusedURL("not a plain relative path")
    if Path(relative).suffix.lower() not in ALLOWED_SUFFIXES:
        raise RefusedURL("not a font, style sheet or image")
    root = STATIC_ROOT.resolve()
    path = (root / relative).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise RefusedURL("no such static file")
    if path.stat().st_size > MAX_STATIC_BYTES:
        raise RefusedURL("file too large")
    return path


_file_cache: dict[Path, tuple[int, bytes]] = {}
_file_lock = threading.Lock()


def _read(path: Path) -> bytes:
    """The bytes of a static file, kept in memory until the file changes."""
    mtime = path.stat().st_mtime_ns
    with _file_lock:
        cached = _file_cache.get(path)
        if cached and cached[0] == mtime:
            return cached[1]
    body = path.read_bytes()
    with _file_lock:
        _file_cache[path] = (mtime, body)
    return body


@contextmanager
def generated_images() -> Iterator[dict[str, tuple[bytes, str]]]:
    """The scope of one document: images registered by ``generated_image`` inside it are
    served by fetchers made inside it, and forgotten afterwards."""
    registry: dict[str, tuple[bytes, str]] = {}
    token = _generated.set(registry)
    try:
        yield registry
    finally:
        _generated.reset(token)


def generated_image(body: bytes | str, media_type: str = "image/svg+xml") -> str:
    """A ``drawn:`` URL for an image this app made, which the fetcher of the current
    document (see ``generated_images``) will serve; no other such URL is fetched."""
    registry = _generated.get()
    if registry is None:
        raise RuntimeError("generated_image() outside generated_images()")
    data = body.encode("utf-8") if isinstance(body, str) else body
    if media_type not in GENERATED_TYPES or len(data) > MAX_GENERATED_BYTES:
        raise ValueError("not a small image of a kind the documents draw")
    url = f"{DRAWN}:{hashlib.sha256(data).hexdigest()[:24]}.{GENERATED_TYPES[media_type]}"
    registry[url] = (data, media_type)
    return url


def fetch_static(url: str) -> tuple[bytes, str]:
    """Body and media type of an allowed ``static:`` URL; logs and raises ``RefusedURL``
    for anything else."""
    try:
        path = static_path(url)
    except RefusedURL as refused:
        log.warning("PDF fetcher refused %r: %s", url[:120] if isinstance(url, str) else url,
                    refused)
        raise
    media_type = ALLOWED_SUFFIXES.get(path.suffix.lower()) or (
        mimetypes.guess_type(path.name)[0] or "application/octet-stream")
    return _read(path), media_type


@cache
def _weasyprint():
    """The WeasyPrint module, imported on first use."""
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: the Pango library is missing
        raise PdfUnavailable(f"WeasyPrint cannot be loaded: {error}") from error
    return weasyprint


@cache
def _fetcher_class() -> type:
    """WeasyPrint's ``URLFetcher`` with ``fetch`` replaced by ``fetch_static``."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesOnly(URLFetcher):
        """Serves the app's own static files; refuses every other URL."""

        def __init__(self, seen: list[str] | None = None) -> None:
            super().__init__(allowed_protocols=(SCHEME, DRAWN), allow_redirects=False,
                             fail_on_errors=False)
            self.seen = seen if seen is not None else []
            self.failed: list[str] = []  # pictures that could not be made
            registry = _generated.get()
            self.generated = registry if registry is not None else {}

        def fetch(self, url, headers=None):  # noqa: ARG002 - WeasyPrint's signature
            self.seen.append(url)
            if url in self.generated:
                body, media_type = self.generated[url]
                if media_type == RASTER:
                    try:
                        body, media_type = rasterised(body), "image/jpeg"
                    except Exception as error:  # WeasyPrint would print the plan without it
                        log.exception("a picture of this document could not be made")
                        self.failed.append(type(error).__name__)
                        raise
            else:
                body, media_type = fetch_static(url)
            return URLFetcherResponse(url, body, {"Content-Type": media_type})

    return StaticFilesOnly


def rasterised(svg: bytes) -> bytes:
    """A JPEG of ``svg`` drawn by resvg at one pixel per drawing unit (some 260 dpi for the
    map), its words shaped in the shipped Noto fonts and no other (quality 90, no colour
    subsampling: WeasyPrint embeds a JPEG as it is)."""
    import io

    import resvg_py
    from PIL import Image

    fonts = [str(path) for path in sorted((STATIC_ROOT / "fonts").glob("*.ttf"))]
    png = resvg_py.svg_to_bytes(svg_string=svg.decode("utf-8"), skip_system_fonts=True,
                                font_files=fonts, background="#ffffff")
    picture = io.BytesIO()
    Image.open(io.BytesIO(bytes(png))).convert("RGB").save(picture, "JPEG", quality=90,
                                                            subsampling=0)
    return picture.getvalue()


def make_fetcher(seen: list[str] | None = None):
    """A new URL fetcher for one document; every URL it is asked for is added to ``seen``.
    It serves the static files and the images registered in the current
    ``generated_images`` scope."""
    _weasyprint()
    return _fetcher_class()(seen)


def html_to_pdf(html: str, images: dict[str, tuple[bytes, str]] | None = None,
                fetcher=None) -> bytes:
    """PDF bytes of a finished HTML document, made here with the static-only fetcher and
    the drawn ``images`` (url -> bytes and type). Only the task consumer calls this (and the
    CLI, tests and benchmarks). Raises ``PdfUnavailable`` without WeasyPrint, ``PdfError``
    when rendering fails."""
    weasyprint = _weasyprint()
    with generated_images() as registry:
        registry.update(images or {})
        fetcher = fetcher or make_fetcher()
        try:
            with collector_paused():
                pdf = weasyprint.HTML(string=html, base_url=None,
                                      url_fetcher=fetcher).write_pdf(**WRITE_OPTIONS)
        except Exception as error:
            log.exception("rendering a PDF failed")
            raise PdfError(f"WeasyPrint failed: {type(error).__name__}") from error
        finally:
            _give_memory_back()
    if getattr(fetcher, "failed", None):
        raise PdfError(f"a picture could not be made: {fetcher.failed[0]}")
    return pdf


class _Pause:
    """How many renders in this process hold the collector off, and whether it was on."""

    lock = threading.Lock()
    depth = 0
    was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector held off while a document is laid out: it would walk
    WeasyPrint's heap of small objects again and again (about a seventh of the render;
    docs/pdf.md, "Speed"). Cycles are collected when the last render of the process ends,
    and only if the collector was on before the first one began."""
    with _Pause.lock:
        if _Pause.depth == 0:
            _Pause.was_enabled = gc.isenabled()
            gc.disable()
        _Pause.depth += 1
    try:
        yield
    finally:
        with _Pause.lock:
            _Pause.depth -= 1
            if _Pause.depth == 0 and _Pause.was_enabled:
                gc.enable()
                gc.collect(0)  # the render's own cycles: everything it made is young


@cache
def _malloc_trim():
    """glibc's ``malloc_trim``, or None on another C library."""
    import ctypes
    import ctypes.util

    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


def _give_memory_back() -> None:
    """Hand the memory a render freed back to the system. A large plan makes WeasyPrint
    allocate some 70 MB of small objects; freed, they stay in the worker's heap unless the
    C library is asked to return them (about 20 MB less resident per web worker)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
