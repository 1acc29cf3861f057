"""Size-parametrised benchmark inputs: big roster workbooks (xlsxwriter, constant memory) and exports."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter

from demo.people import districts, name_pools

EPOCH = np.datetime64("1899-12-30", "D")
START = np.datetime64("2021-03-01", "D")
BOOSTER = np.datetime64("2022-01-12", "D")
AS_OF = np.datetime64("2022-03-31", "D")
BRANDS = np.array(["Sinovac", "AstraZeneca", "Pfizer", "CoronaVac", "Moderna"], dtype=object)
GAPS = np.array([28, 84, 21, 28, 28])
SHEETS = (("ASN", 0.1), ("PTT", 0.1), ("Klien", 0.5), ("Keluarga", 0.3))
COLUMNS = [("No", None), ("Nama", None), ("NIK", None), ("Tanggal Lahir", None), ("L/P", None),
           ("Vaksin Dosis 1", "Tanggal"), ("Vaksin Dosis 1", "Jenis Vaksin"),
           ("Vaksin Dosis 2", "Tanggal"), ("Vaksin Dosis 2", "Jenis Vaksin"),
           ("Booster", "Tanggal"), ("Booster", "Jenis Vaksin"), ("Keterangan", None)]


def people_table(n: int, seed: int) -> pd.DataFrame:
    """n people with unique valid NIKs (Jawa Timur districts), names, birth dates and doses."""
    rng = np.random.default_rng(seed)
    pools = name_pools()
    sex = rng.integers(0, 2, n)  # 0 = L, 1 = P
    first = np.where(sex == 0, rng.choice(pools["first_L"], n), rng.choice(pools["first_P"], n))
    last = np.where(sex == 0, rng.choice(pools["last_L"], n), rng.choice(pools["last_P"], n))
    names = pd.Series(first, dtype=object) + " " + pd.Series(last, dtype=object)
    birth = np.datetime64("1930-01-01", "D") + rng.integers(0, 365 * 86, n).astype("timedelta64[D]")
    b = pd.DatetimeIndex(birth)
    codes = np.array([c for k, v in districts().items() if k.startswith("35") for c in v])
    region = rng.choice(codes, n)
    ddmmyy = ((b.day.to_numpy() + 40 * sex) * 10000 + b.month.to_numpy() * 100
              + b.year.to_numpy() % 100)
    stem = pd.Series(region, dtype=object) + pd.Series(ddmmyy).map("{:06d}".format)
    # Serials unique within a region and birth date, spread so none are one digit apart.
    serial = stem.groupby(stem).cumcount().to_numpy() * 11 + 1
    nik = stem + pd.Series(serial).map("{:04d}".format)

    doses = rng.choice([0, 1, 2], n, p=[0.2, 0.1, 0.7])
    brand = rng.integers(0, len(BRANDS), n)
    d1 = START + rng.integers(0, 270, n).astype("timedelta64[D]")
    d2 = d1 + (GAPS[brand] + rng.integers(0, 8, n)).astype("timedelta64[D]")
    boosted = (doses == 2) & (rng.random(n) < 0.3)
    b1 = BOOSTER + rng.integers(0, 75, n).astype("timedelta64[D]")
    b1 = np.maximum(b1, d2 + np.timedelta64(95, "D"))
    boosted &= b1 < AS_OF
    nat = np.datetime64("NaT", "D")
    return pd.DataFrame({
        "name": names.to_numpy(), "nik": nik.to_numpy(), "birth": birth,
        "sex": np.where(sex == 0, "L", "P"),
        "d1": np.where(doses >= 1, d1, nat), "b_d1": _where(doses >= 1, BRANDS[brand]),
        "d2": np.where(doses >= 2, d2, nat), "b_d2": _where(doses >= 2, BRANDS[brand]),
        "bo": np.where(boosted, b1, nat),
        "b_bo": _where(boosted, rng.choice(np.array(["Pfizer", "Moderna", "AZ"], dtype=object), n)),
        "form": rng.integers(0, 3, n),  # how this row's dates were typed
    })


def _where(mask: np.ndarray, values: np.ndarray) -> np.ndarray:
    """`values` where `mask` holds, None elsewhere (an empty cell)."""
    out = np.full(len(mask), None, dtype=object)
    out[mask] = values[mask]
    return out


def _write_sheet(wb, title: str, unit: str, table: pd.DataFrame) -> None:
    ws = wb.add_worksheet(title)
    bold = wb.add_format({"bold": True, "align": "center", "valign": "vcenter", "border": 1})
    text = wb.add_format({"num_format": "@"})
    day = wb.add_format({"num_format": "dd/mm/yyyy"})
    width = len(COLUMNS)
    for r, line in enumerate([f"DATA VAKSINASI {title.upper()}", unit.upper(),
                              "KEADAAN PER 31 MARET 2022"]):
        ws.merge_range(r, 0, r, width - 1, line, bold)
    h = 4  # row 5 in Excel: the header, after the titles and a blank row
    # constant_memory flushes a row once the next one is written, so the two header rows are
    # written in order and the vertical merges are registered without merge_range's padding.
    c = 0
    while c < width:
        top, sub = COLUMNS[c]
        if sub is None:
            ws.write_string(h, c, top, bold)
            ws.merge.append([h, c, h + 1, c])
            c += 1
        else:
            ws.merge_range(h, c, h, c + 1, top, bold)
            c += 2
    for c, (_top, sub) in enumerate(COLUMNS):
        if sub is None:
            ws.write_blank(h + 1, c, None, bold)
        else:
            ws.write_string(h + 1, c, sub, bold)
    for c in range(width):
        ws.write_number(h + 2, c, c + 1, bold)
    r = h + 3
    # Plain Python lists: per-cell numpy scalars would cost more than writing the cell.
    names, niks, sexes = table["name"].tolist(), table["nik"].tolist(), table["sex"].tolist()
    forms = table["form"].tolist()
    dated = []
    for c, key in ((3, "birth"), (5, "d1"), (7, "d2"), (9, "bo")):
        days = table[key].to_numpy(dtype="datetime64[D]")
        serial = (days - EPOCH).astype("timedelta64[D]").astype(np.float64).tolist()
        shown = pd.Series(days).dt.strftime("%d/%m/%Y").tolist()
        present = (~np.isnat(days)).tolist()
        brands = table[f"b_{key}"].tolist() if key != "birth" else [None] * len(table)
        dated.append((c, serial, shown, present, brands))
    for i in range(len(table)):
        ws.write_number(r, 0, i + 1)
        ws.write_string(r, 1, names[i])
        ws.write_string(r, 2, niks[i], text)
        ws.write_string(r, 4, sexes[i])
        form = forms[i]
        for c, serial, shown, present, brands in dated:
            if not present[i]:
                continue
            if form == 0:
                ws.write_number(r, c, serial[i], day)  # a real Excel date
            elif form == 1:
                ws.write_string(r, c, shown[i])
            else:
                ws.write_number(r, c, serial[i])  # a serial typed into a number cell
            if brands[i] is not None:
                ws.write_string(r, c + 1, brands[i])
        r += 1
    ws.write_string(r + 2, width - 3, "Mengetahui,")
    ws.write_string(r + 3, width - 3, f"Kepala {unit}")
    ws.write_string(r + 7, width - 3, "NIP. 19700101 199503 1 002")


def _workbook(path: Path) -> xlsxwriter.Workbook:
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    wb.set_properties({"created": datetime(2022, 3, 31, 8, 0, 0)})
    return wb


def write_bench_roster(path: Path, rows: int, seed: int = 1) -> Path:
    """ONE workbook with `rows` roster rows in a realistic layout (sheet 'Klien')."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = _workbook(path)
    _write_sheet(wb, "Klien", "UPT Benchmark", people_table(rows, seed))
    wb.close()
    return path


def _write_unit(path: Path, part: pd.DataFrame) -> None:
    """One unit's workbook: its people split over the sheets ASN, PTT, Klien, Keluarga."""
    shares = np.cumsum([0.0] + [s for _n, s in SHEETS])
    cuts = (shares * len(part)).round().astype(int)
    wb = _workbook(path)
    for k, (title, _share) in enumerate(SHEETS):
        _write_sheet(wb, title, path.stem, part.iloc[cuts[k]:cuts[k + 1]])
    wb.close()


def write_bench_inputs(out: Path, people: int, units: int = 40, seed: int = 1) -> Path:
    """Roster workbooks for `people` people over `units` units, and `registry/export.csv`.

    The export has about two dose rows per roster person: most roster doses (85%) plus the
    doses of people on no roster.
    """
    out = Path(out)
    (out / "registry").mkdir(parents=True, exist_ok=True)
    extra = people // 3
    table = people_table(people + extra, seed)
    roster = table.iloc[:people]
    bounds = np.linspace(0, people, units + 1).astype(int)
    jobs = [(out / f"upt_bench_{u + 1:03d}.xlsx", roster.iloc[bounds[u]:bounds[u + 1]])
            for u in range(units)]
    # xlsxwriter is pure Python: one process per core roughly halves the time on 2 cores.
    workers = max(1, min(os.cpu_count() or 1, 4, units))
    if workers == 1 or people < 20_000:
        for path, part in jobs:
            _write_unit(path, part)
    else:
        with ProcessPoolExecutor(workers) as pool:
            list(pool.map(_write_unit, *zip(*jobs, strict=True)))
    rng = np.random.default_rng(seed + 1)
    keep = np.concatenate([rng.random(people) < 0.85, np.ones(extra, dtype=bool)])
    frames = []
    for key, label in (("d1", "Dosis 1"), ("d2", "Dosis 2"), ("bo", "Booster 1")):
        has = ~np.isnat(table[key].to_numpy()) & keep
        part = table.loc[has, ["nik", "name", "birth", key, f"b_{key}"]]
        frames.append(pd.DataFrame({
            "NIK": part["nik"], "Nama": part["name"].str.upper(),
            "Tanggal Lahir": pd.to_datetime(part["birth"]).dt.strftime("%d/%m/%Y"),
            "Tanggal Vaksin": pd.to_datetime(part[key]).dt.strftime("%d/%m/%Y"),
            "Dosis": label, "Jenis Vaksin": part[f"b_{key}"], "Faskes": "Puskesmas",
        }))
    pd.concat(frames, ignore_index=True).to_csv(out / "registry" / "export.csv", index=False)
    return out

