"""What can go wrong when a PDF is made (raised in the web worker and in the task consumer)."""


class PdfError(RuntimeError):
    """Making a PDF failed; the message is for the log, not for people."""


class PdfUnavailable(PdfError):
    """WeasyPrint (or the Pango library under it) is not installed on the consumer."""


class PdfPending(Exception):
    """The task consumer has not finished the PDF within ``PDF_WAIT`` seconds: the download
    answers with the "being prepared" page, and asking again picks the PDF up."""
