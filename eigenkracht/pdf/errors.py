"""What can go wrong when a PDF is made (both the web worker and the renderer raise these)."""


class PdfError(RuntimeError):
    """Making a PDF failed; the message is for the log, not for people."""


class PdfUnavailable(PdfError):
    """WeasyPrint (or the Pango library under it) is not installed on this machine."""
