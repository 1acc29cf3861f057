"""`--lang en` is English end to end and the default is Indonesian end to end: the command line
(help, progress, summaries, findings, errors) and the reports of the demo census hold no word of
the other language. Words that come from the data (names, units, headers, remarks) are taken out
first: they are the secretaries' own words, in whatever language they wrote them."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from census.allocate import load_plan
from census.cli import main
from census.compute import check_files
from census.config import load_config
from census.findings import CATALOGUE
from census.i18n import Message

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "inputs"
BOOKS = sorted(INPUTS.glob("*.xlsx"))

#: Common words of one language that the other never uses (loanwords both use — unit, status,
#: total, target, error, folder, workbook, booster — are not listed).
INDONESIAN = frozenset(["dan", "yang", "tidak", "orang", "berkas", "temuan", "laporan", "tanggal", "dari", "untuk", "dengan", "belum", "sudah", "lembar", "baris", "kosong", "lengkap", "peringatan", "ringkasan", "hasil", "keadaan", "cakupan", "sasaran", "dosis", "tahap", "kepala", "halaman", "bahasa", "bawaan", "perintah", "opsi", "tampilkan", "memeriksa", "membaca", "menulis", "menentukan", "alokasi", "relawan", "kuota", "pesan", "kode", "nilai", "bila", "atau", "pada", "ini", "harus", "isi", "tulis", "periksa", "kolom", "menunggu", "ditunda", "menolak", "jumlah", "daftar", "setiap", "seluruh"])
ENGLISH = frozenset(["the", "and", "of", "file", "files", "people", "person", "found", "with", "not", "cannot", "is", "are", "this", "that", "rows", "row", "sheet", "summary", "findings", "warning", "warnings", "reading", "writing", "date", "dose", "doses", "show", "write", "read", "phase", "report", "reports", "department", "empty", "missing", "unknown", "language", "default", "options", "commands", "usage", "exit", "value", "check", "when", "else", "each", "every", "only", "after", "before", "from", "into", "coverage", "eligible", "outstanding", "refused", "deferred", "complete", "partial", "unvaccinated", "quota", "volunteers", "pending", "none"])
LANGS = {"en": INDONESIAN, "id": ENGLISH}  # language → the words it must not print


def _data(tmp_path: Path) -> list[str]:
    """Every text census takes from the demo's data (and the codes, paths and option names that
    are the same in both languages), longest first."""
    report = check_files(BOOKS, load_config(INPUTS))
    config = load_config(INPUTS)
    texts: set[str] = {str(tmp_path), str(INPUTS), config.department, *CATALOGUE}
    plan = load_plan(INPUTS, config.as_of)
    if plan is not None:
        texts |= {plan.title or "", *(phase.name for phase in plan.phases)}
    for code, unit in config.units.items():
        texts |= {code, unit.name, unit.head or "", unit.head_nip or ""}
    for book in report.books:
        texts |= {book.file, book.unit, *(info.sheet for info in book.sheets)}
        texts |= {header for info in book.sheets for header in info.headers.values()}
    for finding in report.findings:
        texts |= {finding.file, finding.sheet or "", finding.header or "", finding.value or ""}
        texts |= set(_values(finding.context))
    # Short values ('P', '-', 'WA') hold no word of either list and would cut words apart.
    return sorted((text for text in texts if len(text.strip()) > 2), key=len, reverse=True)


def _values(pairs: tuple[tuple[str, object], ...]) -> list[str]:
    out = []
    for _, value in pairs:
        out += _values(value.values) if isinstance(value, Message) else [str(value)]
    return out


def _leaks(text: str, forbidden: frozenset[str], data: list[str]) -> set[str]:
    # Option names, paths, file names and keys (as_of) are the same in both languages.
    text = re.sub(r"--[a-z-]+|\S*/\S*|\S+\.(?:toml|xlsx|csv)|\w+_\w+|\[text\|json\]", " ", text)
    for item in data:
        text = text.replace(item, " ")
    commands = set(main.commands)  # census read, census run: names, not words
    return {word for word in re.findall(r"[a-z]+", text.lower()) if word in forbidden - commands}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    if not BOOKS:
        pytest.skip("the demo province has not been generated (make demo)")
    tmp = tmp_path_factory.mktemp("words")
    runner = CliRunner()
    said: dict[str, list[str]] = {"id": [], "en": []}
    for lang in LANGS:
        flag = ["--lang", lang]
        out = tmp / f"out-{lang}"
        for args in (["--help"], *[[name, "--help"] for name in main.commands],
                     ["run", str(INPUTS), "--out", str(out), "--no-pdf"], ["validate", *map(str, BOOKS)],
                     ["swab", "dinsos_kantor", "--date", "2022-03-28", "--inputs", str(INPUTS),
                      "--out", str(out / "swab")],
                     *[["read", str(book)] for book in BOOKS], ["read", str(tmp / "nope.xlsx")],
                     ["run", "--workers", "0"], ["validate"], ["nosuchcommand"]):
            result = runner.invoke(main, [*args, *flag])
            assert result.exit_code in (0, 1, 2), (args, result.output)
            said[lang].append(result.stdout + result.stderr)
    return {"tmp": tmp, "said": said, "data": _data(tmp)}


@pytest.mark.parametrize("lang", LANGS)
def test_the_command_line_speaks_one_language(demo: dict, lang: str) -> None:
    leaks = {word for text in demo["said"][lang] for word in _leaks(text, LANGS[lang], demo["data"])}
    assert leaks == set()


@pytest.mark.parametrize("lang", LANGS)
def test_the_reports_speak_one_language(demo: dict, lang: str) -> None:
    out = demo["tmp"] / f"out-{lang}"
    pages = [out / "summary.html", out / "units" / "upt_pstw_jombang.html",
             out / "tagana" / "allocation.html", *sorted((out / "kasus").glob("*.html")),
             *sorted((out / "swab").glob("*.html"))]
    labels = " ".join(_Labels.text_of(page.read_text(encoding="utf-8")) for page in pages)
    assert len(labels) > 2000
    assert _leaks(labels, LANGS[lang], demo["data"]) == set()
    sheets = []
    for book in (out / "summary.xlsx", out / "units" / "upt_pstw_jombang.xlsx",
                 out / "tagana" / "allocation.xlsx"):
        workbook = openpyxl.load_workbook(book, read_only=True)
        for sheet in workbook.worksheets:
            sheets.append(sheet.title)
            first = next(sheet.iter_rows(max_row=1, values_only=True), ())
            sheets += [str(value) for value in first if isinstance(value, str)]
    assert _leaks(" ".join(sheets), LANGS[lang], demo["data"]) == set()


class _Labels(HTMLParser):
    """The text of the elements that hold only census's own words: headings, table heads, notes,
    headline labels, footers (data sits in table cells and the page title)."""

    WORDS = {"th", "h2", "p", "footer"}
    CLASSES = {"label", "knote", "sub"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []
        self.parts: list[str] = []

    @classmethod
    def text_of(cls, page: str) -> str:
        parser = cls()
        parser.feed(page)
        return " ".join(parser.parts)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("meta", "br", "link", "img", "input", "rect", "line"):
            return
        classes = set((dict(attrs).get("class") or "").split())
        inside = bool(self.stack and self.stack[-1])
        self.stack.append(inside or tag in self.WORDS or bool(classes & self.CLASSES))

    def handle_endtag(self, tag: str) -> None:
        if tag not in ("meta", "br", "link", "img", "input", "rect", "line") and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1]:
            self.parts.append(data)
