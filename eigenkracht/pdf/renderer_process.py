"""The renderer's side of ``renderer``: a process of its own that makes PDFs.

Started by a web worker as ``python -m eigenkracht.pdf.renderer_process IDLE``; reads
documents from stdin and writes the PDFs to stdout in ``renderer``'s protocol (JSON and
binary parts, never pickle). It is the only module that loads WeasyPrint in production.
"""

from __future__ import annotations

import logging
import select
import sys

from eigenkracht.pdf.renderer import IDLE_EXIT, _images_in, _read, _write


def serve(idle: float) -> int:
    """Answer documents from stdin until stdin closes or ``idle`` seconds pass without one."""
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                        format="eigenkracht PDF renderer: %(levelname)s %(name)s: %(message)s")
    requests, answers = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print must not break the answers
    from eigenkracht.pdf import render

    while True:
        ready = select.select([requests.fileno()], [], [], idle)[0]
        if not ready:
            return IDLE_EXIT
        try:
            request, parts = _read(requests)
        except EOFError:
            return 0
        seen: list[str] = []
        pdf: list[bytes] = []
        try:
            with render.generated_images() as registry:
                registry.update(_images_in(request["images"], parts))
                pdf.append(render.inline_pdf(request["html"], render.make_fetcher(seen)))
            answer = {"status": "ok", "seen": seen}
        except render.PdfUnavailable as error:
            answer = {"status": "unavailable", "message": str(error), "seen": seen}
        except render.PdfError as error:
            answer = {"status": "failed", "message": str(error), "seen": seen}
        except Exception as error:  # a document it cannot read: that one fails, not the process
            logging.getLogger(__name__).exception("a document could not be made")
            answer = {"status": "failed", "message": f"{type(error).__name__}", "seen": seen}
            pdf.clear()
        try:
            _write(answers, answer, pdf)
        except BrokenPipeError:  # the worker went away (or gave up waiting) meanwhile
            return 0


if __name__ == "__main__":
    sys.exit(serve(float(sys.argv[1]) if len(sys.argv) > 1 else 300.0))
