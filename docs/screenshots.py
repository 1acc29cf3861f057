"""The README's pictures of the reports, taken from a run's output folder (default `outputs/`,
what `make run` writes): `.venv/bin/python docs/screenshots.py [outputs]`.

The HTML reports are photographed in headless Chromium (Debian's, as the browser tests use it)
at 1200×900 — the summary and the Tagana allocation from their top, a unit pack from its own
top, below its cover letter — and the first page of a unit's PDF (the cover letter) is drawn
with pdftoppm. Written into docs/img/ beside this script.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

IMAGES = Path(__file__).resolve().parent / "img"
UNIT = "upt_pstw_jombang"
VIEW = {"width": 1200, "height": 900}
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def html_pictures(out: Path) -> list[Path]:
    """summary.png, unit.png (the pack below its letter) and allocation.png."""
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    shots = [(out / "summary.html", "summary.png", None),
             (out / "units" / f"{UNIT}.html", "unit.png", ".sheet"),
             (out / "tagana" / "allocation.html", "allocation.png", None)]
    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        try:
            page = browser.new_page(viewport=VIEW)
            for html, name, below in shots:
                page.goto(html.as_uri(), wait_until="load")
                top = 0.0
                if below is not None:
                    box = page.locator(below).first.bounding_box()
                    top = box["y"] if box else 0.0
                path = IMAGES / name
                page.screenshot(path=str(path), full_page=True,
                                clip={"x": 0, "y": top, **VIEW})
                written.append(path)
        finally:
            browser.close()
    return written


def pdf_first_page(out: Path) -> Path:
    """unit_pdf.png: page 1 of units/<UNIT>.pdf (the cover letter), 80 dpi."""
    path = IMAGES / "unit_pdf.png"
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
                        str(out / "units" / f"{UNIT}.pdf"), str(Path(tmp) / "page")],
                       check=True)
        shutil.move(Path(tmp) / "page.png", path)
    return path


def main(argv: list[str]) -> None:
    out = (Path(argv[0]) if argv else Path("outputs")).resolve()
    if not (out / "units" / f"{UNIT}.pdf").is_file():
        sys.exit(f"{out} holds no run with PDFs: run `make run` first")
    for path in [*html_pictures(out), pdf_first_page(out)]:
        print(path)


if __name__ == "__main__":
    main(sys.argv[1:])
