"""PDF of a report, made from the same HTML with WeasyPrint (CSS paged media: A4, running headers,
'Halaman 2 dari 5', repeated table headers, named landscape/portrait pages).

WeasyPrint is imported only when a PDF is made (it costs about a second), and it may fetch
nothing: the pages carry their images as data: URIs, and any other URL stops the PDF with a
clear error instead of a request leaving the machine.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from census.errors import OutputError
from census.i18n import N_


def _offline(url: str, timeout: int = 10, ssl_context: Any = None) -> dict[str, Any]:
    """WeasyPrint's URL fetcher: data: URIs only — a report must not load anything."""
    if url.startswith("data:"):
        from weasyprint.urls import default_url_fetcher

        result: dict[str, Any] = default_url_fetcher(url)
        return result
    raise OutputError(N_("A report page refers to an outside resource: {url}"), url=url[:80])


def write_pdf(html: str, path: Path) -> Path:
    """`html` printed to the PDF file `path` (A4 and margins as the page's CSS says)."""
    from weasyprint import HTML

    # WeasyPrint reports CSS it ignores as warnings; a census run's terminal is not the place.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    HTML(string=html, base_url=str(path.parent), url_fetcher=_offline).write_pdf(path)
    return path
