"""Kab/Kota names as people type them ('Kab. Malang', 'Surabaya') resolved to Kemendagri names."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pandas as pd

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
#: Spellings of the two kinds of second-level region, folded onto the official word.
_KIND = {"kab": "kabupaten", "kabupaten": "kabupaten", "kota": "kota", "kodya": "kota",
         "kotamadya": "kota", "kot": "kota"}


@dataclass(frozen=True)
class Resolved:
    """The official name a typed Kab/Kota stands for, or the candidates when it is ambiguous."""

    name: str | None
    candidates: tuple[str, ...] = ()


def _fold(text: str) -> tuple[str | None, str]:
    """('kabupaten' | 'kota' | None, the rest): 'Kab. Malang' → ('kabupaten', 'malang')."""
    words = _NOT_ALNUM.sub(" ", text.lower()).split()
    kind = _KIND.get(words[0]) if words else None
    if kind is not None:
        words = words[1:]
    # DKI's 'Kota Administrasi Jakarta Pusat' is called 'Jakarta Pusat' by everyone.
    words = [word for word in words if word not in ("administrasi", "adm")]
    return kind, " ".join(words)


@cache
def _index() -> tuple[dict[str, str], dict[str, tuple[str, ...]], dict[str, str]]:
    """Full folded name → official name; bare name → every official name it may mean;
    official name → its 4-digit code as in a NIK."""
    text = resources.files("census.data").joinpath("wilayah/kabkota.csv").read_text("utf-8")
    full: dict[str, str] = {}
    bare: dict[str, list[str]] = {}
    codes: dict[str, str] = {}
    for row in csv.DictReader(text.splitlines()):
        name = row["nama"].strip()
        kind, rest = _fold(name)
        full[f"{kind} {rest}"] = name
        bare.setdefault(rest, []).append(name)
        codes[name] = row["kode_nik"]
    return full, {key: tuple(sorted(names)) for key, names in bare.items()}, codes


def resolve(text: object) -> Resolved:
    """The official Kab/Kota of a typed name; ambiguous bare names ('Malang') give candidates."""
    if text is None or (isinstance(text, float) and text != text) or text is pd.NA:
        return Resolved(None)
    kind, rest = _fold(str(text))
    if not rest:
        return Resolved(None)
    full, bare, _ = _index()
    if kind is not None:
        name = full.get(f"{kind} {rest}")
        return Resolved(name, (name,) if name else ())
    names = bare.get(rest, ())
    return Resolved(names[0] if len(names) == 1 else None, names)


def resolve_series(values: pd.Series, niks: pd.Series | None = None) -> pd.Series:
    """resolve(...).name over a column (None where unknown), one call per distinct value.

    A bare name that two regions share ('Malang': Kabupaten or Kota) is settled by the NIK's
    region digits when they name one of the two; otherwise it stays unknown.
    """
    texts = values.astype(object).where(values.notna(), None)
    found = {value: resolve(value) for value in pd.unique(texts)}
    names = texts.map({value: r.name for value, r in found.items()}).astype(object)
    ambiguous = texts.map({value: len(r.candidates) > 1 for value, r in found.items()})
    ambiguous = ambiguous.fillna(False).astype(bool)
    if niks is not None and ambiguous.any():
        codes = _index()[2]
        for index in names.index[ambiguous]:
            prefix = str(niks.get(index) or "")[:4]
            matches = [c for c in found[texts[index]].candidates if codes.get(c) == prefix]
            if len(matches) == 1:
                names[index] = matches[0]
    return names.where(names.notna(), None)
