"""census.read.read_registry (health-office exports) and find_inputs (what is under inputs/)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from census.errors import InputNotFound
from census.model import REGISTRY_COLUMNS
from census.read import find_inputs, read_registry
from census.read.registry import dose_slot

DATA = Path(__file__).parent / "data" / "read"


def _flat(frame: pd.DataFrame) -> list[tuple]:
    out = []
    for record in frame.itertuples(index=False):
        out.append(tuple(
            None if value is pd.NaT or value is None
            else value.date().isoformat() if isinstance(value, pd.Timestamp) else value
            for value in record
        ))
    return out


def test_semicolon_csv_with_quotes_blank_line_and_unreadable_values():
    frame = read_registry(DATA / "registry_pcare.csv")
    assert list(frame.columns) == list(REGISTRY_COLUMNS)
    assert _flat(frame) == [
        ("registry_pcare.csv", 2, "3517011203650001", "ALWI MUSTOFA", "1965-03-12", "dose1",
         "2021-03-01", "SINOVAC", "Puskesmas Jombang"),
        ("registry_pcare.csv", 3, "3517011203650001", "ALWI MUSTOFA", "1965-03-12", "dose2",
         "2021-03-29", "SINOVAC", "Puskesmas Jombang"),
        ("registry_pcare.csv", 4, "3517011203650001", "ALWI MUSTOFA", "1965-03-12", "booster1",
         "2022-02-08", "PFIZER", "RSUD Jombang"),
        ("registry_pcare.csv", 5, "3517010101900003", "BUDI SANTOSO", "1990-01-01", "dose1",
         "2022-01-05", "Sinovac", "Puskesmas Peterongan"),
        ("registry_pcare.csv", 7, "3517099999990009", "WARGA, LAIN", None, "dose3",
         "2021-07-05", "Moderna", "Puskesmas Jombang"),
        ("registry_pcare.csv", 8, "3517099999990010", "WARGA LAIN 2", None, "booster2",
         "2022-10-10", "Pfizer", None),
        ("registry_pcare.csv", 9, "3517099999990011", "WARGA LAIN 3", None, "booster1",
         "2022-10-10", "Pfizer", None),
        # kept, with no date and no dose: the register decides what to do with it
        ("registry_pcare.csv", 10, "3517099999990012", "WARGA LAIN 4", None, None, None,
         "Pfizer", None),
    ]
    assert str(frame["date"].dtype) == "datetime64[ns]"
    assert str(frame["birth_date"].dtype) == "datetime64[ns]"
    assert str(frame["row"].dtype) == "int64"


def test_comma_csv_other_spellings():
    assert _flat(read_registry(DATA / "registry_comma.csv")) == [
        ("registry_comma.csv", 2, "3573015202900002", "Rina Marlina", None, "dose1",
         "2021-08-12", "Moderna", "RS Saiful Anwar, Malang"),
    ]


def test_xlsx_export_with_title_row_and_numeric_nik():
    assert _flat(read_registry(DATA / "registry_dinkes.xlsx")) == [
        ("registry_dinkes.xlsx", 4, "3517016412850002", "RATNA DEWI", None, "dose1",
         "2021-08-03", "Moderna", "Puskesmas Jombang"),
        ("registry_dinkes.xlsx", 5, "3517016412850000", "RATNA DEWI", None, "dose2",
         "2021-08-31", "Moderna", "Puskesmas Jombang"),
    ]


def test_cp1252_tab_separated(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes("NIK\tNama\tTgl Vaksin\tDosis Ke\tMerk Vaksin\tLokasi\n"
                     "3517010101900003\tBudi Sant\xf4so\t05/07/2021\tDosis 2\tSinovac\tPKM\n"
                     .encode("cp1252"))
    assert _flat(read_registry(path)) == [
        ("export.csv", 2, "3517010101900003", "Budi Santôso", None, "dose2", "2021-07-05",
         "Sinovac", "PKM"),
    ]


@pytest.mark.parametrize(
    ("text", "slot"),
    [("1", "dose1"), ("Dosis 1", "dose1"), ("DOSIS 1", "dose1"), ("Dosis Ke-1", "dose1"),
     ("dosis pertama", "dose1"), ("I", "dose1"), ("2", "dose2"), ("Dosis 2", "dose2"),
     ("Dosis II", "dose2"), ("Dosis 3", "dose3"), ("3", "dose3"), ("Booster", "booster1"),
     ("Booster 1", "booster1"), ("Booster Ke-1", "booster1"), ("Lanjutan 1", "booster1"),
     ("Dosis Lanjutan", "booster1"), ("Booster 2", "booster2"), ("Lanjutan 2", "booster2"),
     ("Booster Kedua", "booster2"), ("Dosis 4", None), ("Dosis X", None), ("", None)],
)
def test_dose_slot(text, slot):
    assert dose_slot(text) == slot


def test_find_inputs(tmp_path):
    for name in ["upt_b.xlsx", "upt_a.xlsx", "sub/upt_c.xlsm", "lama.xls", "~$upt_a.xlsx",
                 ".hidden.xlsx", ".git/x.xlsx", "tagana_plan.toml", "tagana_plan.xlsx",
                 "census.toml", "README.md", "registry/export.csv", "registry/dinkes.xlsx",
                 "registry/~$dinkes.xlsx", "registry/notes.txt"]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    rosters, exports = find_inputs(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in rosters] == [
        "lama.xls", "sub/upt_c.xlsm", "upt_a.xlsx", "upt_b.xlsx"]
    assert [p.relative_to(tmp_path).as_posix() for p in exports] == [
        "registry/dinkes.xlsx", "registry/export.csv"]
    with pytest.raises(InputNotFound):
        find_inputs(tmp_path / "nowhere")


def test_find_inputs_on_the_fixture_folder(tmp_path):
    shutil.copy(DATA / "tagana.xlsx", tmp_path)
    (tmp_path / "registry").mkdir()
    shutil.copy(DATA / "registry_pcare.csv", tmp_path / "registry")
    rosters, exports = find_inputs(tmp_path)
    assert [p.name for p in rosters] == ["tagana.xlsx"]
    assert [p.name for p in exports] == ["registry_pcare.csv"]


def test_ragged_csv_lines_are_kept(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text("NIK;Nama;Tanggal Vaksin;Dosis;Vaksin\n"
                    "3517010101900003;Budi;05/07/2021;1;Sinovac\n"
                    "3517010101900004;Ani; S.Pd;06/07/2021;1;Sinovac;extra\n", encoding="utf-8")
    # The shifted line is kept (its cells no longer line up, so date and dose are unreadable).
    assert [(r.row, r.nik, r.dose, pd.isna(r.date)) for r in read_registry(path).itertuples()] == [
        (2, "3517010101900003", "dose1", False), (3, "3517010101900004", None, True)]


def test_export_keeps_only_rows_of_roster_people_and_counts_the_strangers(tmp_path: Path):
    # A district's export read with the rosters' keys: the rows a roster's NIK (as typed, or
    # with separators) or a number-cell NIK's first 15 digits can match are kept, line numbers
    # and all; the others are counted, never held — also when read a chunk at a time.
    from census.read import registry as module
    from census.read.roster import empty_roster
    from census.register.keys import export_keys

    export = tmp_path / "export.csv"
    export.write_text(
        "NIK,Nama,Tanggal Lahir,Tanggal Vaksin,Dosis,Jenis Vaksin\n"
        "3578011203650001,ALWI,12/03/1965,01/03/2021,Dosis 1,Sinovac\n"
        "3578019999990009,STRANGER,01/01/1970,01/03/2021,Dosis 1,Sinovac\n"
        "3578.0112.0365.0001,ALWI,12/03/1965,29/03/2021,Dosis 2,Sinovac\n"
        "\n"
        "3578015505800042,SITI,15/05/1980,02/03/2021,Dosis 1,AstraZeneca\n"
        "3578015505800043,OTHER,15/05/1980,02/03/2021,Dosis 1,AstraZeneca\n",
        encoding="utf-8",
    )
    roster = empty_roster().reindex(range(2))
    roster["nik"] = ["3578011203650001", "3578015505800040"]  # the second cut by a number cell
    roster["nik_from_number"] = [False, True]
    keys = export_keys(roster)
    whole = read_registry(export)
    for chunk in (2, 1000):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(module, "_CHUNK_ROWS", chunk)
            kept = read_registry(export, keep=keys)
        assert [(row, nik) for row, nik in zip(kept["row"], kept["nik"], strict=True)] == [
            (2, "3578011203650001"), (4, "3578.0112.0365.0001"), (6, "3578015505800042"),
            (7, "3578015505800043"),
        ]
        assert kept.attrs["strangers"] == 1
        assert _flat(kept) == [r for r in _flat(whole) if r[1] != 3]
    assert read_registry(export, keep=export_keys(empty_roster())).empty


_HEADER = "NIK,Nama,Tanggal Lahir,Tanggal Vaksin,Dosis,Jenis Vaksin,Faskes\n"


@pytest.mark.parametrize(("data", "columnar"), [
    # A BOM, CRLF lines, a blank line, whitespace-only cells, spaces around a NIK, a NIK of
    # separators (left to the keys themselves), a NIK of other digits, leading zeros, a NIK too
    # long to be judged by number, a 16-digit NIK kept by its first 15 digits, strangers of
    # 17, 15 and 16 digits (a leading zero), a full-width digit, a spaced NIK kept by its prefix.
    ("\ufeff" + _HEADER.replace("\n", "\r\n")
     + "3578011203650001,ALWI,12/03/1965,01/03/2021,Dosis 1,Sinovac,PKM A\r\n"
     + "\r\n 3578011203650001 ,  ,01/01/1970,2021-03-01,Booster,, \r\n"
     + "3578.0112.0365.0001,ALWI,12/03/1965,29/03/2021,ii,Sinovac,PKM A\r\n"
     + "\u0663\u0665\u0667\u0668,X,,01/04/2021,Dosis 2,Pfizer,\r\n"
     + "0012345,NOL,,01/04/2021,Dosis 1,Pfizer,PKM B\r\n"
     + "12345,LIMA,,01/04/2021,Dosis 1,Pfizer,PKM B\r\n"
     + "123456789012345678,PANJANG,,01/04/2021,Dosis 1,Pfizer,PKM B\r\n"
     + "3578011203650123,AWAL,01/01/1980,02/04/2021,Dosis 1,Moderna,PKM B\r\n"
     + "3578011203659999,ORANG LAIN,01/01/1980,02/04/2021,Dosis 1,Moderna,PKM B\r\n"
     + "35780112036501234,TUJUH BELAS,,02/04/2021,Dosis 1,Moderna,PKM B\r\n"
     + "357801120365012,LIMA BELAS,,02/04/2021,Dosis 1,Moderna,PKM B\r\n"
     + "0578011203650001,NOL DEPAN,,02/04/2021,Dosis 1,Moderna,PKM B\r\n"
     + "\uff13578011203650001,LEBAR,,02/04/2021,Dosis 1,Moderna,PKM B\r\n"
     + "3578 0112 0365 0123,SPASI,,02/04/2021,Dosis 1,Moderna,PKM B\r\n"
     + "   ,TANPA NIK,,02/04/2021,Dosis 1,Moderna,PKM B\r\n"
     # Signs and other text a number parser might take (none of them ASCII digits alone).
     + "+012345,PLUS,,02/04/2021,Dosis 1,Moderna,PKM B\r\n"
     + "+3578011203650001,PLUS,,02/04/2021,Dosis 1,Moderna,PKM B\r\n"
     + "-12345,MINUS,,02/04/2021,Dosis 1,Moderna,PKM B\r\n"
     + "1_2345,GARIS,,02/04/2021,Dosis 1,Moderna,PKM B\r\n"
     + "12345.0,TITIK,,02/04/2021,Dosis 1,Moderna,PKM B\r\n"
     + "1e5,EKSPONEN,,02/04/2021,Dosis 1,Moderna,PKM B\r\n"
     + "0x3039,HEKSA,,02/04/2021,Dosis 1,Moderna,PKM B\r\n"
     + "99999999999999999999,BESAR,,02/04/2021,Dosis 1,Moderna,PKM B\r\n"
     + "\u00b9\u00b2,PANGKAT,,02/04/2021,Dosis 1,Moderna,PKM B\r\n"
     + ",,,,,,\r\n", True),
    # A title line and a blank line above the header, semicolons, a trailing separator, a
    # short row, a long row, blank lines at the end.
    ("Data vaksinasi Kab. Bench\n\nNIK;Nama;Tgl Vaksin;Dosis ke;Vaksin;Faskes;\n"
     "3578011203650001;ALWI;01/03/2021;1;Sinovac;PKM A;\n"
     "3578011203650001;ALWI;29/03/2021\n"
     "3578011203650001;ALWI;29/03/2022;booster;Pfizer;PKM A;x;y\n"
     "3578019999990009;X;31/02/2021;Dosis 1;Sinovac;;\n\n\n", True),
    ("NIK\tTanggal Vaksin\tDosis\n3578011203650001\t31/02/2021\tDosis 1", True),
    # A first data line longer than the header, blank lines between rows, a row of spaces.
    ("NIK,Tanggal Vaksin,Dosis\n3578011203650001,01/03/2021,1,extra,more\n\n\n"
     "3578011203650001,02/03/2021,2\n \n\n3578011203650001,02/03/2022,booster,x\n", True),
    # A header and no row.
    ("NIK,Tanggal Vaksin,Dosis\n", False),
    # What the columnar reader leaves to pandas: a quote, a bare CR, bytes of no UTF-8.
    (_HEADER + '3578011203650001,"ALWI, M",12/03/1965,01/03/2021,Dosis 1,Sinovac,PKM A\n',
     False),
    (_HEADER + "3578011203650001,ALWI,12/03/1965,01/03/2021,Dosis 1,Sinovac,PKM\rA\n", False),
    # ... also when found only as the file is parsed: a bare CR ending the file, a quote in
    # the last line, a quote in the header.
    (_HEADER + "3578011203650001,ALWI,12/03/1965,01/03/2021,Dosis 1,Sinovac,PKM A\r\n" * 3
     + "3578011203650001,ALWI,12/03/1965,01/03/2021,Dosis 1,Sinovac,PKM A\r", False),
    (_HEADER + "3578011203650001,ALWI,12/03/1965,01/03/2021,Dosis 1,Sinovac,PKM A\n" * 3
     + '3578011203650001,ALWI,12/03/1965,01/03/2021,Dosis 1,Sinovac,"PKM A"\n', False),
    ('NIK,"Nama",Tanggal Vaksin,Dosis\n3578011203650001,ALWI,01/03/2021,1\n', False),
    (_HEADER.encode() + "3578011203650001,JOSÉ,12/03/1965,01/03/2021,1,Sinovac,PKM\n"
     .encode("cp1252"), False),
])
def test_csv_read_columnar_as_pandas_reads_it(tmp_path: Path, data: str | bytes,
                                              columnar: bool):
    # The columnar reader (polars, a block at a time) gives the very table of the pandas reader,
    # kept rows, line numbers and strangers included; what it cannot read is left to pandas.
    from census.read import csvpolars, registry
    from census.read.roster import empty_roster
    from census.register.keys import ExportKeys, export_keys

    path = tmp_path / "export.csv"
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    roster = empty_roster().reindex(range(2))
    roster["nik"] = ["3578011203650001", "3578011203650120"]
    roster["nik_from_number"] = [False, True]
    odd = ExportKeys.of({"0012345", "\u0663\u0665\u0667\u0668", "123456789012345678", "012345",
                         "12345", "100000", "123450", "12"})
    answers: list[bool] = []

    def counted(*args: object) -> object:
        found = csvpolars.polars_columns(*args)  # type: ignore[arg-type]
        answers.append(found is not None)
        return found

    for keep in (None, export_keys(roster), odd, lambda cells: pd.notna(cells)):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(csvpolars, "SMALLEST_BYTES", 0)
            patch.setattr(csvpolars, "_PARSE_BYTES", 16)  # blocks of a line or two
            patch.setattr(registry, "polars_columns", counted)
            new = read_registry(path, keep=keep)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(registry, "polars_columns", lambda *args: None)
            old = read_registry(path, keep=keep)
        assert _flat(new) == _flat(old)
        assert list(new.dtypes) == list(old.dtypes)
        assert new.attrs == old.attrs
    assert answers == [columnar] * 4


def test_csv_read_columnar_many_batches_many_values(tmp_path: Path):
    # Hundreds of distinct dates over many blocks: each block codes its own values (polars
    # in as few bits as they need); joined, every row keeps its own date.
    from datetime import date, timedelta

    from census.read import csvpolars, registry

    days = [date(2021, 1, 1) + timedelta(days=i) for i in range(600)]
    path = tmp_path / "export.csv"
    path.write_text(_HEADER + "".join(
        f"35780112036{i:05d},ORANG {i % 7},{day:%d/%m/%Y},{day:%d/%m/%Y},Dosis {1 + i % 3},"
        f"Merek {i % 300},PKM {i}\n" for i, day in enumerate(days)
    ))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(csvpolars, "SMALLEST_BYTES", 0)
        patch.setattr(csvpolars, "_PARSE_BYTES", 4096)
        new = read_registry(path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(registry, "polars_columns", lambda *args: None)
        old = read_registry(path)
    assert _flat(new) == _flat(old)
    assert [row[6] for row in _flat(new)] == [day.isoformat() for day in days]


def _columnar_and_pandas(path: Path, keep: object = None,
                         **patches: object) -> tuple[object, pd.DataFrame, pd.DataFrame]:
    """(what the columnar reader answered, its table, the pandas reader's table) of `path`,
    blocks of about 64 bytes, with `patches` set on census.read.csvpolars."""
    from census.read import csvpolars, registry

    answers: list[object] = []

    def counted(*args: object) -> object:
        found = csvpolars.polars_columns(*args)  # type: ignore[arg-type]
        answers.append(found)
        return found

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(csvpolars, "SMALLEST_BYTES", 0)
        patch.setattr(csvpolars, "_PARSE_BYTES", 64)
        for name, value in patches.items():
            patch.setattr(csvpolars, name, value)
        patch.setattr(registry, "polars_columns", counted)
        new = read_registry(path, keep=keep)  # type: ignore[arg-type]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(registry, "polars_columns", lambda *args: None)
        old = read_registry(path, keep=keep)  # type: ignore[arg-type]
    return answers[0], new, old


def test_csv_read_columnar_codes_each_text_once_across_blocks(tmp_path: Path):
    # Texts are told apart by their hashes, batch by batch, then across batches: each distinct
    # text of a column is one value however many blocks it comes in, and the rows keep theirs.
    path = tmp_path / "export.csv"
    path.write_text(_HEADER + "".join(
        f"35780112036{i % 9:05d},ORANG {i % 9},01/01/19{50 + i % 4},0{1 + i % 5}/03/2021,"
        f"Dosis {1 + i % 2},Sinovac,PKM {i % 3}\n" for i in range(60)
    ))
    found, new, old = _columnar_and_pandas(path)
    assert found is not None
    columns = found[0]  # type: ignore[index]
    assert [(name, len(columns[name].values)) for name in columns] == [
        ("nik", 9), ("name", 9), ("birth_date", 4), ("date", 5), ("dose", 2), ("brand", 1),
        ("facility", 3)]
    assert _flat(new) == _flat(old)
    assert len(new) == 60


@pytest.mark.parametrize("hashes", ["length", "across"])
def test_csv_read_columnar_leaves_a_hash_collision_to_pandas(tmp_path: Path, hashes: str):
    # Two texts of one hash, in one batch (every text of one length) or only across batches
    # (every text one hash, a line per batch): found when the codes are checked against the
    # texts, and the export is read by pandas: the same table.
    import numpy as np
    import polars as pl

    from census.register.keys import ExportKeys

    def collide(column: pl.Series) -> np.ndarray:
        if hashes == "length":
            return column.str.len_bytes().cast(pl.UInt64).to_numpy()
        return np.zeros(len(column), dtype=np.uint64)

    path = tmp_path / "export.csv"
    path.write_text(_HEADER + "".join(
        f"35780112036{i:05d},ORANG {i % 7},,0{1 + i % 5}/03/2021,Dosis 1,Sinovac,PKM\n"
        for i in range(40)
    ))
    keep = ExportKeys.of(f"35780112036{i:05d}" for i in range(0, 40, 3))
    found, new, old = _columnar_and_pandas(
        path, keep, _hashes=collide, **({"_PARSE_BYTES": 1} if hashes == "across" else {}))
    assert found is None
    assert _flat(new) == _flat(old)
    assert len(new) == 14 and new.attrs["strangers"] == 26
