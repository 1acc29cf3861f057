"""What the report tests share: the demo census written once with its PDFs (even under pytest-xdist,
whose workers wait for the first one), and the text a reader sees in an html, xlsx or pdf file."""

from __future__ import annotations

import fcntl
import html
import os
import re
import subprocess
from pathlib import Path
from urllib.parse import unquote

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ROOT / "inputs"


def demo_outputs(factory: pytest.TempPathFactory) -> Path:
    """`census run inputs --pdf` written once per test session (shared by xdist workers)."""
    from census.pipeline import run_census

    base = factory.getbasetemp()
    # Under xdist each worker has its own basetemp inside the session's: share the session's.
    shared = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "demo-with-pdf"
    shared.mkdir(parents=True, exist_ok=True)
    out = shared / "outputs"
    with open(shared / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the other worker waits here until the first is done
        try:
            if not (shared / "done").exists():
                run_census(INPUTS, out, pdf=True)
                (shared / "done").write_text("ok")
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return out


def html_text(path: Path) -> str:
    """Everything of an HTML file a reader could see or follow: text, attributes, link targets
    (URL-decoded: a wa.me link carries its reminder), entities decoded, whitespace collapsed."""
    source = path.read_text(encoding="utf-8")
    source = re.sub(r"<style.*?</style>", " ", source, flags=re.S)
    attributes = " ".join(re.findall(r'="([^"]*)"', source))
    text = re.sub(r"<[^>]+>", " ", source)
    return _collapse(unquote(html.unescape(text + " " + attributes)))


def xlsx_text(path: Path) -> str:
    """Every cell of every sheet of a workbook, headers and footers included, as one text."""
    book = openpyxl.load_workbook(path)
    parts = []
    for ws in book.worksheets:
        parts += [str(v) for row in ws.iter_rows(values_only=True) for v in row if v is not None]
        for cell in ws._cells.values():  # link targets (wa.me) too
            if cell.hyperlink is not None and cell.hyperlink.target:
                parts.append(unquote(cell.hyperlink.target))
    return _collapse(" ".join(parts))


def pdf_pages(path: Path) -> list[str]:
    """The text of each page of a PDF (pdftotext, content order), whitespace collapsed."""
    raw = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], check=True,
                         capture_output=True, text=True).stdout
    return [_collapse(page) for page in raw.split("\f")[:-1]]


def pdf_text(path: Path) -> str:
    return " ".join(pdf_pages(path))


def _collapse(text: str) -> str:
    return " ".join(text.split())


MASKED = re.compile(r"\d{4}\*{4,}\d{4}")
