"""PDFs are made by the task consumer; a download waits for its result a while.

``render_pdf(template, **context)`` is the one PDF service: the web worker writes the
finished HTML and ``make_pdf`` puts the task ``pdf.render`` on the queue
(``eigenkracht.tasks``) and waits up to ``PDF_WAIT`` seconds for the PDF in the queue's
result store; it never loads WeasyPrint. The consumer runs ``render_task`` (WeasyPrint with
the restricted fetcher, ``render``) and leaves the PDF, or why it failed, under a key that
is a digest of the document. A download that gave up waiting (``PdfPending``: the "being
prepared" page) asks again with the same document, finds the same key and takes the PDF; a
document already on its way is not queued twice, unless it was queued more than twice
``PDF_RENDER_TIMEOUT`` ago (its consumer died). Results travel as bytes (a JSON line, then
the PDF), never pickled; those nobody came back for are removed after ``PDF_KEEP`` seconds.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from flask import current_app

from eigenkracht.pdf import render
from eigenkracht.pdf.errors import PdfError, PdfPending, PdfUnavailable

log = logging.getLogger(__name__)

_here: ContextVar[bool] = ContextVar("pdf_made_here", default=False)
_batch: ContextVar[list[str] | None] = ContextVar("pdf_batch", default=None)
PREFIX = "pdf:"
QUEUED = ":queued"
TASK = "pdf.render"


def render_pdf(template: str, **context: Any) -> bytes:
    """Render ``templates/<template>`` with ``context`` and return it as PDF bytes, made by
    the task consumer.

    Call inside an app context (a request is not needed), in the language the document
    should speak (``flask_babel.force_locale``). The template sees ``context`` and the app's
    template globals and filters, not the page context processors. It loads fonts and style
    sheets through ``pdf_static()`` and its drawings through ``pdf_image()``; nothing else
    can be fetched. Raises ``PdfPending`` when the consumer has not finished within
    ``PDF_WAIT`` seconds, ``PdfUnavailable`` when it has no WeasyPrint and ``PdfError`` when
    anything else fails: never another exception, so every caller can answer with its
    "being prepared" or "could not be made" page.
    """
    with render.generated_images() as images:
        try:
            html = current_app.jinja_env.get_template(template).render(**context)
        except PdfError:
            raise
        except Exception as error:  # a drawing too large to hand over, a template fault
            log.exception("the document %s could not be written", template)
            raise PdfError(f"the document could not be written: {type(error).__name__}: "
                           f"{error}"[:300]) from error
    return make_pdf(html, dict(images))


@contextmanager
def in_this_process() -> Iterator[None]:
    """PDFs made here, not by the consumer: the command line, which may load WeasyPrint."""
    token = _here.set(True)
    try:
        yield
    finally:
        _here.reset(token)


@contextmanager
def together() -> Iterator[None]:
    """Several PDFs for one answer (the case export): each stays in the store until the
    answer has them all, so that asking again does not make the first ones again."""
    keys: list[str] = []
    token = _batch.set(keys)
    try:
        yield
        storage = _storage()
        for key in keys:
            storage.delete_data(key)
    finally:
        _batch.reset(token)


def document_key(html: str, images: dict[str, tuple[bytes, str]]) -> str:
    """The result's key: the same document (HTML and drawn images) gives the same key."""
    digest = hashlib.sha256(html.encode("utf-8"))
    for url in sorted(images):
        digest.update(url.encode() + b"\0" + images[url][0])
    return PREFIX + digest.hexdigest()


def _storage():
    from eigenkracht.tasks.engine import tasks_of

    return tasks_of().huey.storage


def _seconds(name: str, default: float) -> float:
    return float(current_app.config.get(name) or default)


def make_pdf(html: str, images: dict[str, tuple[bytes, str]]) -> bytes:
    """The PDF of a finished document, made by the task consumer. Raises ``PdfPending``
    after ``PDF_WAIT`` seconds without it, ``PdfError`` (or ``PdfUnavailable``) when the
    consumer could not make it or the queue cannot be reached."""
    if _here.get():
        return render.html_to_pdf(html, images)
    key = document_key(html, images)
    batch = _batch.get()
    try:
        storage = _storage()
        take = storage.pop_data if batch is None else storage.peek_data
        answer = take(key)
        if _empty(answer):
            if _claim(storage, key):
                from eigenkracht.tasks.engine import tasks_of

                tasks_of().enqueue(render_task, key, html, images)
            if storage.wait_result(key, _seconds("PDF_WAIT", 20), backoff=1.3,
                                   max_delay=0.25):
                answer = take(key)
    except Exception as error:  # the queue's storage (Redis, SQLite) is not there
        log.exception("the PDF could not be handed to the task consumer")
        raise PdfError(f"the task queue failed: {type(error).__name__}") from error
    if _empty(answer):
        raise PdfPending(key)
    storage.delete_data(key + QUEUED)
    if batch is not None:
        batch.append(key)
    return _unpack(answer)


def _empty(value) -> bool:
    from huey.constants import EmptyData

    return value is EmptyData or value is None


def _claim(storage, key: str) -> bool:
    """Mark the document as queued; False when it already is (and not for so long that
    its task must be lost: a consumer that died, a task that expired)."""
    now = time.time()
    if storage.put_if_empty(key + QUEUED, str(now).encode()):
        return True
    since = storage.peek_data(key + QUEUED)
    try:
        queued_at = float(since)
    except (TypeError, ValueError):
        queued_at = 0.0
    if now - queued_at < 2 * _seconds("PDF_RENDER_TIMEOUT", 45):
        return False
    storage.put_data(key + QUEUED, str(now).encode())
    return True


def _pack(status: str, pdf: bytes = b"", message: str = "") -> bytes:
    header = json.dumps({"status": status, "message": message[:300], "at": time.time()})
    return header.encode() + b"\n" + pdf


def _unpack(value: bytes) -> bytes:
    """The PDF of a result, or the failure it reports (``PdfError``: also for a result
    that is not one of ours)."""
    header, _, pdf = bytes(value).partition(b"\n")
    try:
        answer = json.loads(header)
        status, message = answer["status"], str(answer.get("message", ""))
    except (ValueError, TypeError, KeyError) as error:
        raise PdfError("the task consumer's answer cannot be read") from error
    if status == "ok" and pdf.startswith(b"%PDF"):
        return pdf
    error = PdfUnavailable if status == "unavailable" else PdfError
    raise error(f"the task consumer: {message or status}")


def render_task(key: str, html: str, images: dict[str, tuple[bytes, str]]) -> None:
    """The task ``pdf.render`` (run by the consumer): make the PDF and leave it, or why it
    failed, under ``key``. Never raises: a failure is the download's answer."""
    from eigenkracht.pdf.render import html_to_pdf

    try:
        answer = _pack("ok", html_to_pdf(html, images))
    except PdfUnavailable as error:
        answer = _pack("unavailable", message=str(error))
    except PdfError as error:
        answer = _pack("failed", message=str(error) or type(error).__name__)
    except Exception as error:  # a document it cannot read: that one fails, not the consumer
        log.exception("a PDF could not be made")
        answer = _pack("failed", message=type(error).__name__)
    storage = _storage()
    storage.put_data(key, answer)
    forget_unclaimed(storage)


def forget_unclaimed(storage, older_than: float | None = None) -> int:
    """Remove the PDFs (and queued marks) nobody took within ``PDF_KEEP`` seconds."""
    limit = time.time() - (older_than if older_than is not None
                           else _seconds("PDF_KEEP", 600))
    removed = 0
    for raw_key, value in storage.result_items().items():
        key = raw_key.decode() if isinstance(raw_key, bytes) else str(raw_key)
        if not key.startswith(PREFIX):
            continue
        try:
            text = bytes(value).partition(b"\n")[0]
            at = float(text) if key.endswith(QUEUED) else json.loads(text)["at"]
        except (ValueError, KeyError, TypeError):
            at = 0.0
        if at < limit and storage.delete_data(key):
            removed += 1
    return removed
