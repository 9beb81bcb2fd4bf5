"""PDF pages as images (pypdfium2: PySide6's wheels ship no QtPdf), for the preview and for
printing through the system print dialog. Safe to call from a worker thread: each call opens the
document itself, and painting on a QImage or a QPrinter is allowed off the UI thread."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrinter

PRINT_DPI_MAX = 300  # enough for text on any office printer, and keeps memory per page small


def page_count(path: Path) -> int:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def _image(page: pdfium.PdfPage, dpi: float) -> QImage:
    bitmap = page.render(scale=dpi / 72, rev_byteorder=True)
    image = QImage(
        bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB888
    )
    return image.copy()  # own the pixels: the bitmap's buffer goes away with it


def render_pages(
    path: Path, dpi: float, *, first: int = 0, last: int | None = None
) -> list[QImage]:
    pdf = pdfium.PdfDocument(str(path))
    try:
        stop = len(pdf) if last is None else min(last, len(pdf))
        return [_image(pdf[i], dpi) for i in range(first, stop)]
    finally:
        pdf.close()


def print_pdf(
    path: Path, printer: QPrinter, *, step: Callable[[int, int], bool] | None = None
) -> int:
    """Paint every page of `path` on `printer`, each fitted to the printable page; `step(done,
    total)` returning False stops. Returns the pages sent."""
    pdf = pdfium.PdfDocument(str(path))
    painter = QPainter()
    sent = 0
    try:
        total = len(pdf)
        # The PDF carries the Decree 30 margins itself: paint on the whole sheet, not inside the
        # printer's margins, so the printout measures what the PDF does.
        printer.setFullPage(True)
        if total == 0 or not painter.begin(printer):
            return 0
        dpi = min(printer.resolution(), PRINT_DPI_MAX)
        for i in range(total):
            if i:
                printer.newPage()
            image = _image(pdf[i], dpi)
            size = image.size().scaled(
                painter.viewport().size(), Qt.AspectRatioMode.KeepAspectRatio
            )
            painter.drawImage(QRectF(0, 0, size.width(), size.height()), image)
            sent += 1
            if step is not None and step(sent, total) is False:
                break
        return sent
    finally:
        if painter.isActive():
            painter.end()
        pdf.close()
