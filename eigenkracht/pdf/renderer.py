"""Making PDFs in a process of their own, beside the web worker.

WeasyPrint adds some 40 MB to a process that imports it, and a large plan has it allocate
some 70 MB more while it lays the document out; a web worker that printed once would carry
that for the rest of its life, and painting the network map (some 80 MB at the peak) would
add to it. With ``PDF_RENDERER = "process"`` (the default outside the test suite) the worker
never imports WeasyPrint and paints nothing: it builds the finished HTML as before and hands
it, with the images it drew (the map as a ``raster.Painting``: its SVG and size), to a
renderer process it starts on first use (``python -m eigenkracht.pdf.renderer_process``), which
paints the map when WeasyPrint asks for it and answers with the PDF.

The renderer:
- serves the same fetcher as ever (``render.StaticFilesOnly``: the app's static files and
  the images handed over with the document; everything else refused and logged);
- gets the worker's environment without its secrets (``renderer_environment``);
- is stopped when a render takes longer than ``PDF_RENDER_TIMEOUT`` seconds (a
  pathological plan cannot hold a web thread for ever), and its crash is the one render's
  failure (``PdfError``), not the worker's: the next document starts a new renderer;
- leaves by itself after ``PDF_RENDERER_IDLE`` seconds without work, giving its memory back,
  and is replaced after ``PDF_RENDERER_RENDERS`` documents, so fragmentation never adds up.

One renderer per web worker process, one document at a time (a lock): the renders of a
worker's threads queue.

Messages go over the child's stdin and stdout as a length-prefixed JSON header followed by
the binary parts it announces (images, the PDF). No pickle: the renderer reads text people
typed, and should a flaw in WeasyPrint or its libraries ever let that text take the
renderer over, an answer can still only be data to the worker, never code.
"""

from __future__ import annotations

import json
import logging
import os
import select
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

HEADER = struct.Struct("!Q")
MAX_MESSAGE = 256 * 1024 * 1024
IDLE_EXIT = 0  # the renderer's exit status when it leaves for want of work
ROOT = Path(__file__).resolve().parent.parent.parent  # where ``eigenkracht`` and ``config`` live


class RendererGone(Exception):
    """The renderer process ended before it answered; ``status`` is its exit status."""

    def __init__(self, status: int | None):
        super().__init__(f"the PDF renderer ended (status {status})")
        self.status = status


# --- both sides --------------------------------------------------------------------------------

def _write(stream, meta: dict[str, Any], parts: list[bytes] | None = None) -> None:
    """One message: ``meta`` (JSON) and the binary ``parts`` it refers to by position."""
    parts = parts or []
    header = json.dumps({"meta": meta, "parts": [len(part) for part in parts]},
                        ensure_ascii=False).encode("utf-8")
    stream.write(HEADER.pack(len(header)) + header)
    for part in parts:
        stream.write(part)
    stream.flush()


def _read_exactly(stream, size: int, deadline: float | None) -> bytes:
    chunks, wanted = [], size
    descriptor = stream.fileno()
    while wanted:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([descriptor], [], [], left)[0]:
                raise TimeoutError
        chunk = os.read(descriptor, min(wanted, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        wanted -= len(chunk)
    return b"".join(chunks)


def _read(stream, deadline: float | None = None) -> tuple[dict[str, Any], list[bytes]]:
    """One message written by ``_write``: (meta, parts). ``EOFError`` when the other side
    closed or sent something that is not such a message."""
    (size,) = HEADER.unpack(_read_exactly(stream, HEADER.size, deadline))
    if size > MAX_MESSAGE:
        raise EOFError("message too large")
    try:
        header = json.loads(_read_exactly(stream, size, deadline))
        sizes = [int(n) for n in header["parts"]]
        meta = header["meta"]
    except (ValueError, KeyError, TypeError) as error:
        raise EOFError("not a message") from error
    if not isinstance(meta, dict) or any(n < 0 for n in sizes) or sum(sizes) > MAX_MESSAGE:
        raise EOFError("not a message")
    return meta, [_read_exactly(stream, n, deadline) for n in sizes]


def _images_out(images: dict[str, tuple[Any, str]]) -> tuple[list[dict], list[bytes]]:
    """The images a document drew, as message items and parts (a painting as its SVG)."""
    from eigenkracht.pdf.raster import Painting

    items, parts = [], []
    for url, (body, media_type) in images.items():
        if isinstance(body, Painting):
            items.append({"url": url, "type": media_type, "part": len(parts),
                          "painting": {"width_mm": body.width_mm, "height_mm": body.height_mm,
                                       "dpi": body.dpi}})
            parts.append(body.svg.encode("utf-8"))
        else:
            items.append({"url": url, "type": media_type, "part": len(parts)})
            parts.append(bytes(body))
    return items, parts


def _images_in(items: list[dict], parts: list[bytes]) -> dict[str, tuple[Any, str]]:
    from eigenkracht.pdf.raster import Painting

    images: dict[str, tuple[Any, str]] = {}
    for item in items:
        body: Any = parts[item["part"]]
        if "painting" in item:
            size = item["painting"]
            body = Painting(body.decode("utf-8"), float(size["width_mm"]),
                            float(size["height_mm"]), int(size["dpi"]))
        images[str(item["url"])] = (body, str(item["type"]))
    return images


# --- the web worker's side ---------------------------------------------------------------------

class Renderer:
    """The renderer process of this web worker, started on first use."""

    def __init__(self, timeout: float, idle: float, renders: int) -> None:
        self.timeout, self.idle, self.renders = timeout, idle, renders
        self.lock = threading.Lock()
        self.process: subprocess.Popen | None = None
        self.owner = os.getpid()
        self.done = 0  # documents made by the current process
        self.started = 0  # processes started, for the tests and the logs
        self.last_seen: list[str] = []  # every URL the last document asked for

    def render(self, html: str, images: dict[str, tuple[bytes, str]]) -> bytes:
        """The PDF of ``html``; raises ``render.PdfError`` (or ``PdfUnavailable``)."""
        from eigenkracht.pdf.errors import PdfError

        with self.lock:
            for attempt in (1, 2):
                try:
                    return self._once(html, images)
                except RendererGone as gone:
                    self._reap()
                    # It left for want of work just as this document arrived: once more.
                    if gone.status == IDLE_EXIT and attempt == 1:
                        continue
                    raise PdfError(str(gone)) from gone
                except TimeoutError as slow:
                    log.error("PDF renderer took longer than %s s: stopped", self.timeout)
                    self.stop()
                    raise PdfError("the PDF took too long to make") from slow
                except OSError as error:  # no process could be started (no memory, no fork)
                    self._reap()
                    raise PdfError(f"the PDF renderer could not be started: {error}") from error
                except PdfError:
                    raise
                except Exception as error:  # anything else: this renderer is not trusted
                    log.exception("PDF renderer failed")
                    self.stop()
                    raise PdfError(f"the PDF renderer failed: {type(error).__name__}") from error
            raise PdfError("the PDF renderer ended twice in a row")  # pragma: no cover

    def _once(self, html: str, images: dict[str, tuple[bytes, str]]) -> bytes:
        from eigenkracht.pdf.errors import PdfError, PdfUnavailable

        process = self._process()
        items, parts = _images_out(images)
        try:
            _write(process.stdin, {"html": html, "images": items}, parts)
            answer, answer_parts = _read(process.stdout, time.monotonic() + self.timeout)
        except (BrokenPipeError, EOFError, struct.error) as error:
            try:
                status = process.wait(5)
            except subprocess.TimeoutExpired:
                status = None  # alive but talking nonsense: _reap stops it
            raise RendererGone(status) from error
        self.done += 1
        seen = answer.get("seen")
        self.last_seen = [str(url) for url in seen] if isinstance(seen, list) else []
        if self.done >= self.renders:
            self.stop()
        status, message = answer.get("status"), str(answer.get("message", ""))[:500]
        if status == "ok" and len(answer_parts) == 1:
            return answer_parts[0]
        if status == "unavailable":
            raise PdfUnavailable(message)
        raise PdfError(message or "the PDF renderer gave no PDF")

    def _process(self) -> subprocess.Popen:
        if self.owner != os.getpid():  # a forked copy: that renderer belongs to the parent
            self.process, self.owner, self.done = None, os.getpid(), 0
        if self.process is not None and self.process.poll() is not None:
            self._reap()
        if self.process is None:
            environment = renderer_environment()
            self.process = subprocess.Popen(  # noqa: S603 - this interpreter, our module
                [sys.executable, "-m", "eigenkracht.pdf.renderer_process", str(self.idle)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=environment, cwd=ROOT)
            self.done = 0
            self.started += 1
        return self.process

    def _reap(self) -> None:
        process, self.process = self.process, None
        if process is not None:
            for stream in (process.stdin, process.stdout):
                try:
                    stream.close()
                except OSError:
                    pass
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def stop(self) -> None:
        """End the renderer now (it is started again for the next document)."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
        self._reap()


# What the renderer inherits from the worker's environment: how to find Python, libraries,
# fonts and a temporary folder, and the language settings. Not the secrets (SECRET_KEY,
# DATABASE_URL, MAIL_PASSWORD, …): the renderer reads text people typed and needs none.
INHERITED = ("PATH", "HOME", "TMPDIR", "TZ", "LANG", "LANGUAGE", "VIRTUAL_ENV",
             "LD_LIBRARY_PATH", "SYSTEMROOT")
INHERITED_PREFIXES = ("LC_", "PYTHON", "FONTCONFIG", "XDG_", "PANGO", "WEASYPRINT")


def renderer_environment() -> dict[str, str]:
    """The renderer's environment: the harmless part of this process's, and PYTHONPATH
    pointing at this app first."""
    environment = {name: value for name, value in os.environ.items()
                   if name in INHERITED or name.startswith(INHERITED_PREFIXES)}
    environment["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")]))
    return environment


_renderers: dict[tuple, Renderer] = {}
_renderers_lock = threading.Lock()


def renderer_for(timeout: float, idle: float, renders: int) -> Renderer:
    """This process's renderer for these settings."""
    key = (timeout, idle, renders)
    with _renderers_lock:
        found = _renderers.get(key)
        if found is None:
            found = _renderers[key] = Renderer(timeout, idle, renders)
        return found


def stop_all() -> None:
    """End every renderer of this process (tests, and a worker that shuts down)."""
    with _renderers_lock:
        for renderer in _renderers.values():
            renderer.stop()
