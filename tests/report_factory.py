"""A factory of realistic persons/memberships/findings tables for the report tests and benchmark."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from census import findings as catalogue
from census.config import Config, UnitConfig
from census.findings import Finding
from census.model import PERSON_COLUMNS, PERSON_EXTRA_COLUMNS

AS_OF = date(2021, 11, 15)
FIRST = [
    "Siti", "Muhammad", "Nur", "Dewi", "Agus", "Budi", "Sri", "Ahmad", "Rina", "Eko", "Wahyu",
    "Putri", "Dian", "Hendra", "Yuni", "Rizky", "Fitri", "Bambang", "Slamet", "Lestari", "Joko",
    "Endang", "Teguh", "Ratna", "Arif", "Kartini", "Suparman", "Wulan", "Imam", "Nining",
]
LAST = [
    "Aminah", "Santoso", "Rahmawati", "Hidayat", "Wibowo", "Purnomo", "Susanti", "Setiawan",
    "Handayani", "Kurniawan", "Maulana", "Anggraini", "Saputra", "Pratiwi", "Nugroho",
    "Suryani", "Hakim", "Fauziah", "Firmansyah", "Rosidah",
]
TITLES = ["", "", "", "", "Drs. ", "Hj. ", "H. ", "dr. "]
DEGREES = ["", "", "", "", ", S.Sos.", ", M.Si", ", S.E.", ", S.Kom"]
#: Names a formula-injection test needs: each must stay a text cell.
HOSTILE_NAMES = ["=1+1", "+6281234567890", "-x Sutrisno", "@SUM(A1)", '=HYPERLINK("http://x","y")']
CITIES = [
    "Jombang", "Malang", "Kediri", "Blitar", "Madiun", "Pasuruan", "Probolinggo", "Mojokerto",
    "Tuban", "Lamongan", "Gresik", "Sidoarjo", "Bojonegoro", "Ngawi", "Magetan", "Ponorogo",
    "Pacitan", "Trenggalek", "Tulungagung", "Nganjuk", "Lumajang", "Jember", "Bondowoso",
    "Situbondo", "Banyuwangi", "Bangkalan", "Sampang", "Pamekasan", "Sumenep", "Batu",
]
KINDS = ["pstw", "psaa", "pspd", "psbr", "psbn"]
STATUS_P = {
    "complete": 0.55, "partial": 0.12, "unvaccinated": 0.09, "deferred": 0.05, "exempt": 0.03,
    "refused": 0.05, "not_eligible": 0.11,
}
CATEGORY_P = {"asn": 0.2, "ptt": 0.15, "klien": 0.35, "keluarga": 0.2, "tagana": 0.1}
REGIONS = ["357801", "357802", "350101", "351701", "352401", "357301", "350712"]


def unit_codes(n: int) -> list[str]:
    """n unit codes like workbook stems: 'kantor_dinsos', 'upt_pstw_jombang', ..."""
    codes = ["kantor_dinsos"]
    i = 0
    while len(codes) < n:
        codes.append(f"upt_{KINDS[i % len(KINDS)]}_{CITIES[i % len(CITIES)].lower()}"
                     + (f"_{i // len(CITIES) + 1}" if i >= len(CITIES) else ""))
        i += 1
    return codes[:n]


def make_config(units: list[str], heads: bool = True) -> Config:
    """A Config naming every unit, with a head for all but the last one."""
    named = {}
    for i, code in enumerate(units):
        name = "Kantor Dinas Sosial" if code == "kantor_dinsos" else (
            "UPT Pelayanan Sosial " + code.split("_", 2)[-1].replace("_", " ").title()
        )
        head = heads and i < len(units) - 1
        named[code] = UnitConfig(
            name=name,
            head=f"Drs. {FIRST[i % len(FIRST)]} {LAST[i % len(LAST)]}, M.Si" if head else None,
            head_nip=f"19{70 + i % 20:02d}0512 200501 1 {i + 1:03d}" if head else None,
        )
    return Config(as_of=AS_OF, department="Dinas Sosial Provinsi Jawa Timur", units=named)


def make_people(n: int, units: list[str], seed: int = 1, hostile: bool = True
                ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """n persons (PERSON_COLUMNS + PERSON_EXTRA_COLUMNS) spread over `units`, and memberships.

    About 3% also belong to a second unit, about 2% have a second category in their own unit.
    Every status occurs; the first persons carry HOSTILE_NAMES when `hostile`.
    """
    rng = np.random.default_rng(seed)
    ids = np.array([f"P{i:06d}" for i in range(1, n + 1)], dtype=object)
    names = (
        rng.choice(TITLES, n).astype(object) + rng.choice(FIRST, n).astype(object) + " "
        + rng.choice(LAST, n).astype(object) + rng.choice(DEGREES, n).astype(object)
    )
    if hostile:
        names[: len(HOSTILE_NAMES)] = HOSTILE_NAMES[:n]
    sex = rng.choice(np.array(["L", "P"], dtype=object), n)
    birth = pd.Timestamp("1950-01-01") + pd.to_timedelta(rng.integers(0, 365 * 60, n), unit="D")
    day = birth.day.to_numpy() + np.where(sex == "P", 40, 0)
    nik = (
        rng.choice(REGIONS, n).astype(object)
        + pd.Series(day).map("{:02d}".format).to_numpy(dtype=object)
        + pd.Series(birth.strftime("%m%y")).to_numpy(dtype=object)
        + pd.Series(rng.integers(1, 9999, n)).map("{:04d}".format).to_numpy(dtype=object)
    )
    nik[rng.random(n) < 0.04] = None  # elderly clients without KTP
    status = rng.choice(list(STATUS_P), n, p=list(STATUS_P.values()))
    status[: len(STATUS_P)] = list(STATUS_P)  # every status at least once
    as_of = pd.Timestamp(AS_OF)
    first_dose = as_of - pd.to_timedelta(rng.integers(20, 250, n), unit="D")
    primary = np.select(
        [status == "complete", status == "partial",
         np.isin(status, ["deferred", "exempt", "refused"])],
        [2, 1, rng.integers(0, 2, n)], 0,
    )
    next_dose = np.select(
        [status == "partial", status == "unvaccinated", status == "deferred"],
        ["dose2", "dose1", np.where(primary > 0, "dose2", "dose1")], "",
    ).astype(object)
    next_dose[next_dose == ""] = None
    next_due = pd.Series(first_dose + pd.Timedelta(days=28)).where(status == "partial")
    eligible_from = pd.Series(as_of + pd.to_timedelta(rng.integers(1, 90, n), unit="D")).where(
        status == "deferred"
    )
    overdue = (status == "partial") & (next_due + pd.Timedelta(days=14) < as_of).to_numpy()
    reason = pd.Series(
        np.select(
            [status == "deferred", status == "exempt", status == "refused",
             status == "not_eligible"],
            ["Penyintas, positif covid 12-10-2021", "Reaksi alergi berat setelah dosis 1",
             "Menolak, tidak bersedia divaksin", "Usia di bawah 6 tahun"], "",
        ),
        dtype=object,
    ).replace("", None)
    phone = pd.Series(
        ["08" + str(v) for v in rng.integers(1_100_000_000, 9_999_999_999, n)], dtype=object
    ).where(rng.random(n) < 0.8, None)
    unit = rng.choice(units, n)
    category = rng.choice(list(CATEGORY_P), n, p=list(CATEGORY_P.values()))
    persons = pd.DataFrame({
        "person_id": ids,
        "nik": nik,
        "name": names,
        "birth_date": birth,
        "sex": sex,
        "units": unit,
        "categories": category,
        "status": status,
        "primary_doses": primary,
        "booster_doses": 0,
        "last_dose_date": pd.Series(first_dose).where(primary > 0),
        "next_dose": next_dose,
        "next_due": next_due,
        "overdue": overdue,
        "eligible_from": eligible_from,
        "verified": rng.random(n) < 0.5,
        "reason": reason,
        "phone": phone,
        "kabkota": None,
        "dose_brands": np.where(primary > 0, "sinovac", ""),
        "roster_order": np.arange(n),
    })
    members = pd.DataFrame({"person_id": ids, "unit": unit, "category": category})
    second_unit = rng.random(n) < 0.03
    extra_unit = pd.DataFrame({
        "person_id": ids[second_unit],
        "unit": rng.choice(units, int(second_unit.sum())),
        "category": "tagana",
    })
    second_cat = (rng.random(n) < 0.02) & (category != "keluarga")
    extra_cat = pd.DataFrame({
        "person_id": ids[second_cat], "unit": unit[second_cat], "category": "keluarga",
    })
    memberships = pd.concat([members, extra_unit, extra_cat], ignore_index=True)
    memberships = memberships.drop_duplicates(ignore_index=True)
    assert list(persons.columns) == [*PERSON_COLUMNS, *PERSON_EXTRA_COLUMNS]
    return persons, memberships


def make_findings(persons: pd.DataFrame, memberships: pd.DataFrame, count: int,
                  seed: int = 2) -> list[Finding]:
    """`count` findings in the persons' units, many carrying a whole NIK as value, plus two
    findings without a unit (department only)."""
    rng = np.random.default_rng(seed)
    with_nik = persons[persons["nik"].notna()].reset_index(drop=True)
    unit_of = memberships.drop_duplicates("person_id").set_index("person_id")["unit"]
    picks = rng.integers(0, len(with_nik), count)
    out: list[Finding] = []
    for i, k in enumerate(picks.tolist()):
        nik = str(with_nik.at[k, "nik"])
        unit = str(unit_of[str(with_nik.at[k, "person_id"])])
        file, row = f"{unit}.xlsx", 7 + i
        kind = i % 4
        if kind == 0:
            out.append(catalogue.make("duplicate-nik", file, "ASN", row, "C", "NIK", nik,
                                      unit=unit, other_row=row + 3))
        elif kind == 1:
            out.append(catalogue.make("nik-stored-as-number", file, "PTT", row, "D", "No. KTP",
                                      nik[:15] + "0", unit=unit))
        elif kind == 2:
            out.append(catalogue.make("nik-length", file, "Klien", row, "C", "NIK", nik[:15],
                                      unit=unit, length=15))
        else:
            out.append(catalogue.make("date-invalid", file, "Keluarga", row, "F", "Tgl Vaksin 1",
                                      "31/02/2021", unit=unit))
    out.append(catalogue.make("nik-length", "lain.xlsx", "Sheet1", 4, "B", "NIK", "12345", length=5))
    out.append(catalogue.make("header-not-found", "kosong.xlsx", "Sheet1"))
    return out
