"""Read a report: UTF-8 text as extracted from PDF, or a PDF with a text layer (through pypdf)."""

from __future__ import annotations

from pathlib import Path

from gradkg.errors import GradkgError

MAX_BYTES = 50_000_000  # a PDF with its images; refuse what cannot be a report
MAX_TEXT = 2_000_000  # characters: a report's text is about 100,000; the drafting time grows with it


def read_report(path: Path) -> str:
    """The report's text; a missing, unreadable, non-UTF-8, empty or text-less file is bad input, named."""
    if path.is_dir():
        raise GradkgError(f"{path}: is a folder, not a report")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise GradkgError(f"{path}: no such file") from None
    except OSError as error:
        raise GradkgError(f"{path}: cannot be read: {error.strerror or error}") from None
    if len(data) > MAX_BYTES:
        raise GradkgError(f"{path}: {len(data)} bytes is too large for a report (at most {MAX_BYTES})")
    text = _pdf_text(path, data) if data.startswith(b"%PDF") else _utf8(path, data)
    if not text.strip():
        raise GradkgError(f"{path}: the report is empty")
    if len(text) > MAX_TEXT:
        raise GradkgError(f"{path}: {len(text)} characters is too long for a report (at most {MAX_TEXT})")
    return text


def _utf8(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise GradkgError(f"{path}:{line}: not UTF-8 text (byte {error.start}); save the report as UTF-8") from None


def _pdf_text(path: Path, data: bytes) -> str:
    """Each page's text layer, pages separated by blank lines as extraction tools write them."""
    import io
    import logging
    import warnings

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # its repair notes would add lines to the one-line error
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data))
            # some CID fonts come out with a NUL before every character: an extraction artefact
            pages = [(page.extract_text() or "").replace("\x00", "") for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, TypeError) as error:
        raise GradkgError(f"{path}: cannot be read as PDF: {error}") from None
    if not any(p.strip() for p in pages):
        raise GradkgError(
            f"{path}: the PDF has no text layer ({len(pages)} pages of images?); run OCR first and ingest its text"
        )
    return "\n\n".join(pages)
