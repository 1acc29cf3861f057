"""PDFs of the reports, printed from the very HTML files a run wrote, with WeasyPrint (CSS paged
media: A4, running headers, 'Halaman 2 dari 5', repeated table headers, named landscape and
portrait pages).

WeasyPrint is imported only when a PDF is made (it costs about a second), and it may fetch
nothing: the pages carry their images as data: URIs, and any other URL is refused instead of a
request leaving the machine. Printing costs a few milliseconds per table cell — far more than
the rest of a report — so several documents are printed in parallel worker processes, the
biggest first.
"""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

from census.workers import map_in_workers

#: Where a unit pack split into several HTML pages (for the browser) is written whole, for its
#: PDF: units/.print/<UNIT>.html → units/<UNIT>.pdf. Removed once printed.
PRINT_FOLDER = ".print"


def pdf_path(html: Path) -> Path:
    """Where the PDF of `html` goes: beside it, same stem (a pack written whole for printing
    into PRINT_FOLDER: beside the folder)."""
    folder = html.parent.parent if html.parent.name == PRINT_FOLDER else html.parent
    return folder / f"{html.stem}.pdf"


def write_pdf(html: Path) -> Path:
    """The HTML file `html` printed to its PDF (pdf_path); returns the PDF's path."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # WeasyPrint reports CSS it ignores (and refused URLs) as warnings; a census run's terminal
    # is not the place.
    logging.getLogger("weasyprint").setLevel(logging.CRITICAL)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    pdf = pdf_path(html)
    # data: URIs only (the letterhead's emblem): any other URL is refused, never fetched.
    offline = URLFetcher(allowed_protocols={"data"})
    HTML(filename=str(html), url_fetcher=offline).write_pdf(pdf)
    return pdf


def print_pdfs(pages: list[Path], workers: int = 1) -> list[Path]:
    """Each HTML file of `pages` printed to a PDF beside it, in `workers` processes (started with
    'forkserver', WeasyPrint imported once by the server); returns the PDFs' paths in the order
    of `pages`."""
    # The biggest first, so the long ones do not start last and keep one worker busy alone.
    order = sorted(pages, key=lambda page: page.stat().st_size, reverse=True)
    printed = map_in_workers(write_pdf, order, workers, ["census.report.pdf", "weasyprint"])
    done = dict(zip(order, printed, strict=True))
    return [done[page] for page in pages]


def printed_pages(out: Path) -> list[Path]:
    """The HTML reports of a run in `out` that get a PDF: the summary, every unit pack (whole),
    the Tagana allocation."""
    units = out / "units"
    whole = {page.stem: page for page in (units / PRINT_FOLDER).glob("*.html")}
    packs = [whole.get(page.stem, page) for page in sorted(units.glob("*.html"))
             if not _part(page)]
    pages = [out / "summary.html", *packs, out / "tagana" / "allocation.html"]
    return [page for page in pages if page.is_file()]


def _part(page: Path) -> bool:
    """A later page of a split pack (<UNIT>.p2.html …)."""
    return re.fullmatch(r".+\.p\d+", page.stem) is not None


def print_run(out: Path, workers: int = 1) -> list[Path]:
    """Print every report of a run folder that gets a PDF (printed_pages); the packs written
    whole for printing are removed afterwards."""
    try:
        return print_pdfs(printed_pages(out), workers)
    finally:
        shutil.rmtree(out / "units" / PRINT_FOLDER, ignore_errors=True)
