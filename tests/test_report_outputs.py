"""write_reports(): the produced xlsx and html checked against the persons table they came from."""

from __future__ import annotations

import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from census.i18n import translator
from census.report import write_reports
from census.report.mask import mask_nik
from tests.report_factory import (
    HOSTILE_NAMES,
    make_config,
    make_findings,
    make_people,
    unit_codes,
)

ID = translator("id")
STATUSES = ["complete", "partial", "unvaccinated", "deferred", "exempt", "refused", "not_eligible"]


class Tables(HTMLParser):
    """Every <table> of a page as (class, [[cell text, ...], ...]), and the page's text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tables: list[tuple[str, list[list[str]]]] = []
        self.text: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "table":
            self.tables.append((dict(attrs).get("class") or "", []))
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1][1].append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)

    def table(self, cls: str) -> list[list[str]]:
        return next(rows for c, rows in self.tables if cls in c.split())


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory):
    units = unit_codes(5)
    persons, memberships = make_people(600, units, seed=11)
    findings = make_findings(persons, memberships, 40)
    config = make_config(units)  # the last unit has no head configured
    out = tmp_path_factory.mktemp("reports")
    paths = write_reports(persons, memberships, findings, config, out)
    return out, paths, persons, memberships, findings, config


def _expected_by_status(persons: pd.DataFrame, memberships: pd.DataFrame) -> pd.DataFrame:
    joined = memberships.merge(persons[["person_id", "status"]], on="person_id")
    unique = joined.drop_duplicates(["person_id", "unit"])
    return pd.crosstab(unique["unit"], unique["status"]).reindex(columns=STATUSES, fill_value=0)


def _sheet_rows(ws, header_first: str) -> tuple[list[str], list[tuple]]:
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == header_first)
    body = []
    for row in rows[start + 1:]:
        if all(v is None for v in row):
            break
        body.append(row)
    return list(rows[start]), body


def test_every_file_is_written_and_returned(run) -> None:
    out, paths, _, memberships, _, _ = run
    on_disk = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert sorted(p.relative_to(out).as_posix() for p in paths) == on_disk
    units = sorted(memberships["unit"].unique())
    expected = ["summary.html", "summary.json", "summary.xlsx"]
    expected += [f"units/{u}.{ext}" for u in units for ext in ("html", "xlsx")]
    assert on_disk == sorted(expected)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert sorted(summary["units"]) == units


def test_summary_xlsx_counts_match_persons(run) -> None:
    out, _, persons, memberships, findings, config = run
    expected = _expected_by_status(persons, memberships)
    book = openpyxl.load_workbook(out / "summary.xlsx")
    assert book.sheetnames == ["Ringkasan", "Cakupan", "Kualitas data", "Grafik"]
    header, body = _sheet_rows(book["Ringkasan"], "Kode unit")
    cols = [header.index(ID.status(s)) for s in STATUSES]
    got = sorted((row[0], s, row[c]) for row in body[:-1] for s, c in zip(STATUSES, cols, strict=True))
    want = sorted((u, s, int(expected.at[u, s])) for u in expected.index for s in STATUSES)
    assert got == want
    total = body[-1]
    assert total[1] == "Seluruh dinas" and total[2] == len(persons)
    assert [total[c] for c in cols] == [int((persons["status"] == s).sum()) for s in STATUSES]
    # Coverage is a number formatted as a percentage, recomputed here from the row's counts.
    c_cov = header.index("Cakupan")
    for row in body:
        by = dict(zip(STATUSES, [row[c] for c in cols], strict=True))
        eligible = sum(by.values()) - by["not_eligible"] - by["exempt"]
        assert row[c_cov] == pytest.approx(by["complete"] / eligible, abs=1e-6)
    assert book["Ringkasan"].cell(row=6, column=c_cov + 1).number_format == "0.0%"
    # Data quality: errors per unit from the findings list; unit-less findings on their own row.
    _, quality = _sheet_rows(book["Kualitas data"], "Kode unit")
    errors = pd.Series([f.unit or "" for f in findings]).value_counts()
    assert sorted((row[0] or "", row[2] + row[3]) for row in quality) == sorted(
        (u, int(n)) for u, n in errors.items()
    )
    with zipfile.ZipFile(out / "summary.xlsx") as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 2
    ws = book["Ringkasan"]
    assert ws.freeze_panes == "C6" and ws.auto_filter.ref.startswith("A5:")
    assert ws.page_setup.paperSize == 9


def test_summary_html_counts_match_persons(run) -> None:
    out, _, persons, memberships, _, config = run
    expected = _expected_by_status(persons, memberships)
    page = Tables((out / "summary.html").read_text(encoding="utf-8"))
    rows = page.table("coverage")
    header, body = rows[0], rows[1:]
    cols = [header.index(ID.status(s)) for s in STATUSES]
    names = {config.unit_name(u): u for u in expected.index}
    got = sorted((names[r[0]], s, int(r[c])) for r in body[:-1] for s, c in zip(STATUSES, cols, strict=True))
    want = sorted((u, s, int(expected.at[u, s])) for u in expected.index for s in STATUSES)
    assert got == want
    assert body[-1][0] == "Seluruh dinas" and body[-1][1] == str(len(persons))
    assert "Keadaan per 15 November 2021" in "".join(page.text)
    svgs = [attrs for tag, attrs in page.tags if tag == "svg"]
    assert len(svgs) == 2 and sum(1 for tag, _ in page.tags if tag == "rect") >= len(expected)


def _outstanding_expected(persons: pd.DataFrame, memberships: pd.DataFrame, unit: str):
    ids = memberships.loc[memberships["unit"] == unit, "person_id"].unique()
    mine = persons[persons["person_id"].isin(ids)]
    mine = mine[mine["status"].isin(["partial", "unvaccinated", "deferred"])]
    due = pd.to_datetime(mine["next_due"]).fillna(pd.to_datetime(mine["eligible_from"]))
    mine = mine.assign(_due=due, _key=mine["name"].str.casefold())
    mine = mine.sort_values(["overdue", "_due", "_key"], ascending=[False, True, True],
                            na_position="last", kind="stable")
    return [(n, mask_nik(k), ID.status(s)) for n, k, s in
            zip(mine["name"], mine["nik"], mine["status"], strict=True)]


def test_unit_outstanding_lists_hold_only_that_units_people_in_order(run) -> None:
    out, _, persons, memberships, _, _ = run
    for unit in sorted(memberships["unit"].unique()):
        want = _outstanding_expected(persons, memberships, unit)
        book = openpyxl.load_workbook(out / "units" / f"{unit}.xlsx")
        header, body = _sheet_rows(book["Belum tuntas"], "No")
        assert header == ["No", "Nama", "NIK", "Kategori", "Status", "Dosis berikutnya",
                          "Mulai tanggal", "Terlambat", "Alasan/Keterangan", "No HP"]
        assert [(r[1], r[2], r[4]) for r in body] == want
        overdue = [r[7] for r in body]
        assert overdue == sorted(overdue, key=lambda v: v != "Ya")  # overdue first
        assert {r[5] for r in body} <= {"Dosis 1", "Dosis 2", "Dosis 3", "Booster 1"}
        page = Tables((out / "units" / f"{unit}.html").read_text(encoding="utf-8"))
        html_rows = page.table("outstanding")[1:]
        assert [(r[1], r[2], r[4]) for r in html_rows] == want
        assert [r[6] for r in html_rows] == [
            ID.date(r[6]) if r[6] is not None else "-" for r in body
        ]
        ws = book["Belum tuntas"]
        assert ws.freeze_panes == "C6" and ws.auto_filter.ref.startswith("A5:J")
        if body:
            dated = next((c for c in ws["G"][5:] if c.value is not None), None)
            assert dated is None or dated.number_format == "dd-mm-yyyy"


def test_unit_coverage_sheet_counts_each_category(run) -> None:
    out, _, persons, memberships, _, _ = run
    unit = sorted(memberships["unit"].unique())[1]
    joined = memberships[memberships["unit"] == unit].merge(persons, on="person_id")
    want = joined.groupby("category").size()
    book = openpyxl.load_workbook(out / "units" / f"{unit}.xlsx")
    _, body = _sheet_rows(book["Cakupan"], "Kategori")
    labels = {ID.category(c): c for c in want.index}
    assert sorted((labels[r[0]], r[1]) for r in body[:-1]) == sorted(
        (c, int(n)) for c, n in want.items()
    )
    assert body[-1][1] == joined["person_id"].nunique()


def test_people_with_two_categories_or_two_units(run) -> None:
    out, _, persons, memberships, _, _ = run
    outstanding = persons[persons["status"].isin(["partial", "unvaccinated", "deferred"])]
    m = memberships[memberships["person_id"].isin(outstanding["person_id"])]
    both = m.groupby(["person_id", "unit"]).filter(lambda g: len(g) > 1).iloc[0]
    book = openpyxl.load_workbook(out / "units" / f"{both['unit']}.xlsx")
    _, body = _sheet_rows(book["Belum tuntas"], "No")
    nik = mask_nik(persons.set_index("person_id").at[both["person_id"], "nik"])
    name = persons.set_index("person_id").at[both["person_id"], "name"]
    rows = [r for r in body if (r[1], r[2]) == (name, nik)]
    assert len(rows) == 1 and ", " in rows[0][3]
    twice = m.drop_duplicates(["person_id", "unit"])["person_id"].value_counts()
    person = twice[twice > 1].index[0]
    for unit in m.loc[m["person_id"] == person, "unit"].unique():
        _, body = _sheet_rows(openpyxl.load_workbook(out / "units" / f"{unit}.xlsx")["Belum tuntas"],
                              "No")
        name = persons.set_index("person_id").at[person, "name"]
        assert any(r[1] == name for r in body)


def _all_cells(path: Path):
    for ws in openpyxl.load_workbook(path):
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    yield ws.title, cell


def test_no_formula_anywhere_and_hostile_names_are_text(run) -> None:
    out, _, persons, memberships, _, _ = run
    books = [out / "summary.xlsx", *sorted((out / "units").glob("*.xlsx"))]
    for path in books:
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if name.startswith("xl/worksheets/"):
                    assert "<f>" not in z.read(name).decode("utf-8"), (path.name, name)
        for sheet, cell in _all_cells(path):
            if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                assert cell.data_type == "s", (path.name, sheet, cell.coordinate)
    hostile = persons[persons["name"].isin(HOSTILE_NAMES)]
    found = []
    for person_id, name in zip(hostile["person_id"], hostile["name"], strict=True):
        for unit in memberships.loc[memberships["person_id"] == person_id, "unit"].unique():
            for _, cell in _all_cells(out / "units" / f"{unit}.xlsx"):
                if cell.value == name:
                    found.append((name, cell.data_type))
    assert sorted(set(found)) == sorted(
        (n, "s") for n in hostile.loc[hostile["status"].isin(
            ["partial", "unvaccinated", "deferred", "refused", "exempt"]), "name"]
    )


def test_no_whole_nik_anywhere_under_units(run) -> None:
    out, _, persons, _, findings, _ = run
    niks = set(persons["nik"].dropna())
    niks |= {f.value for f in findings if f.value and re.fullmatch(r"\d{15,16}", f.value)}
    assert len(niks) > 500
    pattern = re.compile("|".join(sorted(niks)))
    texts = []
    for path in sorted((out / "units").iterdir()):
        if path.suffix == ".xlsx":
            texts += [str(cell.value) for _, cell in _all_cells(path)]
            with zipfile.ZipFile(path) as z:  # raw XML too: nothing hides in styles or names
                texts += [z.read(n).decode("utf-8") for n in z.namelist()]
        else:
            html = path.read_text(encoding="utf-8")
            texts += ["".join(Tables(html).text), html]
    hits = [m.group(0) for text in texts for m in pattern.finditer(text)]
    assert hits == []
    # ...while the masked form is there for the unit head to match people with their KTP.
    first = persons[persons["nik"].notna() & persons["status"].eq("partial")].iloc[0]
    assert mask_nik(first["nik"]) in "".join(texts)


def test_unit_findings_stay_in_their_unit(run) -> None:
    out, _, _, memberships, findings, _ = run
    for unit in sorted(memberships["unit"].unique()):
        book = openpyxl.load_workbook(out / "units" / f"{unit}.xlsx")
        _, body = _sheet_rows(book["Temuan"], "No")
        want = sorted((f.file, f.sheet, f.row, f.code) for f in findings if f.unit == unit)
        assert sorted((r[1], r[2], r[3], r[7]) for r in body) == want
        html = Tables((out / "units" / f"{unit}.html").read_text(encoding="utf-8"))
        assert "kosong.xlsx" not in "".join(html.text)


def test_signature_block(run) -> None:
    out, _, _, _, _, config = run
    with_head, without = list(config.units)[0], list(config.units)[-1]
    head = config.units[with_head]
    for unit, name, nip in ((with_head, head.head, f"NIP. {head.head_nip}"),
                            (without, None, "NIP. ....")):
        values = [str(c.value) for _, c in _all_cells(out / "units" / f"{unit}.xlsx")]
        text = " ".join(Tables((out / "units" / f"{unit}.html").read_text("utf-8")).text)
        for where in (values, [text]):
            joined = "\n".join(where)
            assert "Mengetahui," in joined
            assert f"Kepala {config.unit_name(unit)}" in joined
            assert nip in joined
            if name:
                assert name in joined


def test_html_is_self_contained_and_printable(run) -> None:
    out, _, _, _, _, _ = run
    for path in [out / "summary.html", *sorted((out / "units").glob("*.html"))]:
        html = path.read_text(encoding="utf-8")
        page = Tables(html)
        assert not [t for t, _ in page.tags if t in ("script", "link", "img", "iframe", "object")]
        urls = [v for _, attrs in page.tags for k, v in attrs.items()
                if k in ("src", "href") and v]
        # Only links a head may click (a WhatsApp reminder): nothing the page itself loads.
        assert [u for u in urls if not u.startswith("https://wa.me/")] == []
        links = [attrs for tag, attrs in page.tags if tag == "a"]
        assert all(a.get("rel") == "noopener noreferrer" for a in links)
        assert not re.search(r"url\(|@import", html)
        namespaces = {v for _, attrs in page.tags for k, v in attrs.items() if k == "xmlns"}
        assert namespaces <= {"http://www.w3.org/2000/svg"}
        assert "@page { size: A4" in html and "display: table-header-group" in html


def test_english_reports(tmp_path: Path) -> None:
    units = unit_codes(2)
    persons, memberships = make_people(80, units, seed=3)
    write_reports(persons, memberships, [], make_config(units), tmp_path, lang="en")
    book = openpyxl.load_workbook(tmp_path / "units" / f"{units[0]}.xlsx")
    assert book.sheetnames == ["Letter", "Coverage", "Outstanding", "Reminders",
                               "Refused-Exempt", "Findings"]
    header, _ = _sheet_rows(book["Outstanding"], "No.")
    assert header[1:4] == ["Name", "NIK", "Category"] and header[-1] == "Phone"
    letter = [c for row in book["Letter"].iter_rows(values_only=True) for c in row if c]
    assert "Results of the COVID-19 vaccination completion census" in letter
    html = (tmp_path / "summary.html").read_text(encoding="utf-8")
    assert "Census date 15 November 2021" in html and 'lang="en"' in html
    assert "Whole department" in html


def test_parallel_unit_packs_equal_sequential_ones(tmp_path: Path) -> None:
    units = unit_codes(4)
    persons, memberships = make_people(200, units, seed=4)
    findings = make_findings(persons, memberships, 10)
    config = make_config(units)
    outs = []
    for workers in (1, 2):
        out = tmp_path / f"w{workers}"
        out.mkdir()
        paths = write_reports(persons, memberships, findings, config, out, workers=workers)
        outs.append((out, [p.relative_to(out) for p in paths]))
    (one, paths_one), (two, paths_two) = outs
    assert paths_one == paths_two and len(paths_one) == 3 + 2 * len(units)
    for rel in paths_one:
        if rel.suffix == ".xlsx":
            cells = [[(s, c.coordinate, c.value) for s, c in _all_cells(base / rel)]
                     for base in (one, two)]
            assert cells[0] == cells[1]
        else:
            assert (one / rel).read_bytes() == (two / rel).read_bytes()


def test_a_unit_with_findings_but_no_people_gets_its_pack(tmp_path: Path) -> None:
    from census import findings as catalogue

    units = unit_codes(2)
    persons, memberships = make_people(30, units, seed=9)
    lost = catalogue.make("header-not-found", "upt_lost.xlsx", "Sheet1", unit="upt_lost")
    write_reports(persons, memberships, [lost], make_config(units), tmp_path)
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert summary["units"]["upt_lost"]["total"] == 0
    assert summary["units"]["upt_lost"]["coverage"] is None
    book = openpyxl.load_workbook(tmp_path / "units" / "upt_lost.xlsx")
    _, body = _sheet_rows(book["Temuan"], "No")
    assert [(r[1], r[2], r[7]) for r in body] == [("upt_lost.xlsx", "Sheet1", "header-not-found")]
    _, body = _sheet_rows(book["Belum tuntas"], "No")
    assert [r[0] for r in body] == ["Tidak ada."]  # an empty list says so


def test_python_dates_enums_and_missing_columns_are_accepted(tmp_path: Path) -> None:
    from census.model import Status

    units = unit_codes(2)
    persons, memberships = make_people(120, units, seed=6)
    loose = persons.drop(columns=["phone"]).astype(object)
    for column in ("next_due", "eligible_from", "birth_date", "last_dose_date"):
        loose[column] = [None if pd.isna(v) else v.date() for v in persons[column]]
    loose["status"] = [Status(s) for s in persons["status"]]
    loose["overdue"] = [bool(v) if v else None for v in persons["overdue"]]
    for frame, out in ((persons, tmp_path / "a"), (loose, tmp_path / "b")):
        out.mkdir()
        write_reports(frame, memberships, [], make_config(units), out)
    for unit in units:
        a = openpyxl.load_workbook(tmp_path / "a" / "units" / f"{unit}.xlsx")["Belum tuntas"]
        b = openpyxl.load_workbook(tmp_path / "b" / "units" / f"{unit}.xlsx")["Belum tuntas"]
        # The same list (without its signature block, which sits after the last column: the
        # second table has no phone column).
        _, rows_a = _sheet_rows(a, "No")
        _, rows_b = _sheet_rows(b, "No")
        assert [r[:8] for r in rows_a] == [r[:8] for r in rows_b] and len(rows_a) > 5
    assert json.loads((tmp_path / "a" / "summary.json").read_text()) == json.loads(
        (tmp_path / "b" / "summary.json").read_text()
    )


def test_summary_lists_the_remarks_nobody_understood(tmp_path: Path) -> None:
    from census import findings as catalogue

    units = unit_codes(2)
    persons, memberships = make_people(40, units, seed=5)
    unclear = [
        catalogue.make("remark-not-understood", f"{units[i % 2]}.xlsx", "PTT", 5 + i, "K",
                       "Keterangan", text, unit=units[i % 2])
        for i, text in enumerate(["menunggu jadwal", "sdh daftar", "menunggu jadwal",
                                  "menunggu jadwal "])
    ]
    write_reports(persons, memberships, unclear, make_config(units), tmp_path)
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert summary["remarks_not_understood"] == [
        {"text": "menunggu jadwal", "count": 3}, {"text": "sdh daftar", "count": 1},
    ]
    page = Tables((tmp_path / "summary.html").read_text(encoding="utf-8"))
    assert page.table("remarks") == [["Keterangan", "Baris"], ["menunggu jadwal", "3"],
                                      ["sdh daftar", "1"]]
    book = openpyxl.load_workbook(tmp_path / "summary.xlsx")
    assert book.sheetnames == ["Ringkasan", "Cakupan", "Kualitas data", "Keterangan", "Grafik"]
    header, body = _sheet_rows(book["Keterangan"], "Keterangan")
    assert (header[:2], [row[:2] for row in body]) == (
        ["Keterangan", "Baris"], [("menunggu jadwal", 3), ("sdh daftar", 1)]
    )


def test_no_remarks_section_when_every_remark_was_understood(run) -> None:
    out = run[0]
    assert json.loads((out / "summary.json").read_text("utf-8"))["remarks_not_understood"] == []
    assert "remarks" not in [cls for cls, _ in
                             Tables((out / "summary.html").read_text("utf-8")).tables]


def test_people_lists_render_the_cells_of_a_row_by_row_loop():
    # The people lists are rendered a column at a time (people_rows) for speed: the very cells
    # a Jinja loop of `cells` writes row by row, escaping included, overdue rows marked, the
    # reminder cell empty for a person without a phone.
    from census.report.context import PeopleList, Reminder
    from census.report.html import environment, people_rows

    rows = [("1", "Siti <b>&'\"", "3578********0001", "Klien", "Sebagian", "dose2",
             "01-02-2022", "Ya", "alasan", "0812"),
            ("2", "Budi", "", "ASN", "", "dose1", "", "", "", "")]
    reminders = [Reminder("Yth. Siti <b>&'\"", "https://wa.me/62812?text=a%20b&x='y'"), None]
    people = PeopleList(head=[], rows=rows, numeric=(0,), nowrap=(2, 4, 5, 6, 9), badge=(7,),
                        late=[True, False], reminders=reminders)
    loop = environment().from_string(
        "{% for row in p.rows %}{% set i = loop.index0 %}<tr"
        "{% if p.late and p.late[i] %} class=\"late\"{% endif %}>"
        "{{ row|cells(numeric=p.numeric, nowrap=p.nowrap, badge=p.badge) }}"
        "{% if p.reminders %}<td class=\"reminder\">{% set r = p.reminders[i] %}{% if r %}"
        "<a class=\"wa\" href=\"{{ r.link }}\" target=\"_blank\" rel=\"noopener noreferrer\">WA"
        "</a><details><summary>{{ text }}</summary>{{ r.text }}</details>{% endif %}</td>"
        "{% endif %}</tr>{% endfor %}")
    for case in (people, PeopleList(head=[], rows=rows, numeric=(0,))):
        expected = loop.render(p=case, text="Teks <&>")
        assert str(people_rows(case, "Teks <&>")) == expected
    html = str(people_rows(people, "Teks"))
    assert html.count("<tr") == 2 and html.count('class="late"') == 1
    assert "Siti &lt;b&gt;&amp;&#39;&#34;" in html and "?text=a%20b&amp;x=&#39;y&#39;" in html
    assert str(people_rows(PeopleList(head=[], rows=[]), "Teks")) == ""


def test_columns_are_escaped_as_markupsafe_escapes_each_cell():
    # escaped_column escapes a whole column in one pass (joined by NUL, split after); a cell
    # holding a NUL itself, a number or None comes out as escaping it alone would.
    from markupsafe import escape

    from census.report.html import escaped_column

    for column in (["a<b", "", "&'\"", "Siti > Budi"], ["x\x00<y", "z&"], [12, None, "1.5"],
                   ["\x00", "\x00\x00"], [], ["<"]):
        assert escaped_column(column) == [str(escape(str(v))) for v in column]
