"""Machine-readable results of a run: persons.csv, doses.csv, memberships.csv and findings.json."""

from __future__ import annotations

import csv
import io
import json
import pickle
import re
import shutil
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from census.findings import Finding
from census.model import PERSON_COLUMNS
from census.progress import Timings

#: Rows of persons.csv formatted and written at a time: the text of the whole table is never
#: held at once.
_CSV_CHUNK = 20_000
_DATE_COLUMNS = ("birth_date", "last_dose_date", "next_due", "eligible_from")
_FLAG_COLUMNS = ("overdue", "verified")
#: What a spreadsheet reads as the start of a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_TEXT_COLUMNS = ("nik", "name", "sex", "units", "categories", "reason")
#: In a column's cells joined with NUL before each: a cell starting like a formula, or a
#: carriage return anywhere.
_CARE = re.compile("\r|\0[" + re.escape("".join(FORMULA_STARTS)) + "]")


def neutralise(values: pd.Series) -> pd.Series:
    """Text cells a spreadsheet would run as a formula, prefixed with a single quote (OWASP's
    advice for CSV): '=1+1' → "'=1+1". Other cells unchanged; empty stays empty."""
    texts = values.astype("string")
    risky = texts.str.startswith(FORMULA_STARTS).fillna(False)
    if not risky.any():
        return values
    out = values.astype(object).copy()
    out[risky.to_numpy()] = ("'" + texts[risky]).astype(object)
    return out


#: Rows of a CSV file written by one job of a run's workers: each job's table is pickled
#: whole to reach its worker (pickle keeps an entry per text while it works), so a big table
#: goes in parts, a few at a time.
PART_ROWS = 100_000


@dataclass(frozen=True)
class TablePart:
    """Some rows of one CSV file of a run (persons, doses or memberships), written into
    `path` (a part file) by a worker process — picklable — while the run makes its reports;
    the first part of a file has its header line. join_parts joins them."""

    name: str
    path: Path
    rows: pd.DataFrame
    header: bool

    def __reduce__(self) -> tuple[Callable[..., TablePart], tuple[Any, ...]]:
        # A part of persons.csv goes to its worker as that file's columns only, those of
        # distinct texts pickled without a memo (_packed_texts): pickling the persons table
        # whole cost the run's main process a third of a second at 100,000 people (in the
        # pool's thread, while it makes the summary). The other files' tables are their
        # columns already, and mostly repeated texts, which the memo pickles once.
        if self.name != "persons.csv":
            return TablePart, (self.name, self.path, self.rows, self.header)
        others = [column for column in PERSON_COLUMNS if column not in _DISTINCT_TEXTS]
        return _unpacked, (self.name, self.path, self.header, self.rows.loc[:, others],
                           _packed_texts(self.rows, _DISTINCT_TEXTS))


#: The columns of persons.csv with a different text in (nearly) every row.
_DISTINCT_TEXTS = ("person_id", "nik", "name")


def _packed_texts(rows: pd.DataFrame, columns: tuple[str, ...]) -> bytes:
    """`columns` of `rows` as their dtypes and lists of values, pickled in 'fast' mode.

    Pickle's memo (an entry per object written, so that one met twice is written once) is
    most of its cost for a column of 100,000 distinct texts; in 'fast' mode pickle keeps
    none, a third of the cost. A text met twice is then written twice: for columns of
    distinct texts, hardly ever (and a list of texts and Nones holds no other object)."""
    stream = io.BytesIO()
    pickler = pickle.Pickler(stream, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True
    pickler.dump([(column, rows[column].dtype, rows[column].to_numpy(dtype=object).tolist())
                  for column in columns])
    return stream.getvalue()


def _unpacked(name: str, path: Path, header: bool, others: pd.DataFrame,
              packed: bytes) -> TablePart:
    """The TablePart TablePart.__reduce__ sent: `others` with the columns of `packed` again."""
    texts = {}
    for column, dtype, values in pickle.loads(packed):
        array = np.empty(len(values), dtype=object)  # np.array would nest a list of tuples
        array[:] = values
        texts[column] = pd.Series(array, index=others.index, dtype=dtype, copy=False)
    return TablePart(name, path, others.assign(**texts), header)


def table_parts(folder: Path, persons: pd.DataFrame, doses: pd.DataFrame,
                memberships: pd.DataFrame) -> list[TablePart]:
    """persons.csv, doses.csv and memberships.csv (as write_persons_csv, write_doses_csv,
    write_memberships_csv write them) of `folder` as parts of at most PART_ROWS rows."""
    # Slices of the tables as they are (views, not copies of a million rows): the writer
    # takes its columns by name.
    tables = {
        "persons.csv": persons,
        "doses.csv": sort_rows(doses, ["person_id", "date", "slot"]),
        "memberships.csv": _memberships(memberships),
    }
    return [
        TablePart(name, folder / f"{name}.part{start // PART_ROWS:05d}",
                  table.iloc[start:start + PART_ROWS], start == 0)
        for name, table in tables.items() for start in range(0, max(len(table), 1), PART_ROWS)
    ]


def write_part(part: TablePart) -> tuple[str, float, float]:
    """Write one part; its file's name and the part's wall and CPU seconds."""
    clock = Timings(give_back=False)
    with clock.stage(part.name):
        header, chunks = _table_chunks(part.name, part.rows)
        write_csv(part.path, header, chunks, with_header=part.header)
    return part.name, clock.stages[0].wall, clock.stages[0].cpu


def join_parts(parts: list[TablePart]) -> None:
    """Each file of `parts` from its part files, in order (which are removed)."""
    files: dict[Path, list[Path]] = {}
    for part in parts:
        files.setdefault(part.path.parent / part.name, []).append(part.path)
    for path, pieces in files.items():
        with path.open("wb") as whole:
            for piece in pieces:
                with piece.open("rb") as stream:
                    shutil.copyfileobj(stream, whole, 1 << 20)
                piece.unlink()


def _table_chunks(name: str, table: pd.DataFrame) -> tuple[list[str], Iterator[list[list[str]]]]:
    """The header and the formatted chunks of rows of the run's CSV file `name`."""
    if name == "persons.csv":
        return list(PERSON_COLUMNS), _chunks(table, _person_formats())
    if name == "doses.csv":
        return list(DOSE_CSV_COLUMNS), _chunks(table, _DOSE_FORMATS)
    return list(MEMBERSHIP_CSV_COLUMNS), _chunks(table, dict.fromkeys(MEMBERSHIP_CSV_COLUMNS,
                                                                      _texts))


def write_persons_csv(persons: pd.DataFrame, path: Path) -> None:
    """OUT/persons.csv: one row per distinct person, PERSON_COLUMNS in order, ISO dates, stable
    English codes (the machine-readable form; persons.xlsx is for people). Text cells starting
    with = + - @, a tab or a carriage return get a leading single quote (neutralise); line
    breaks inside a cell are LF.

    Streamed a chunk of rows at a time, each column formatted in bulk: the text of the whole
    table is never held at once.
    """
    write_csv(path, list(PERSON_COLUMNS), _chunks(persons, _person_formats()))


def _person_formats() -> dict[str, Callable[[pd.Series], list[str]]]:
    return {column: partial(_csv_column, column=column) for column in PERSON_COLUMNS}


def write_csv(path: Path, header: list[str], chunks: Iterable[list[list[str]]],
              with_header: bool = True) -> None:
    """A CSV file as pandas' to_csv writes it (the csv module, minimal quoting, LF line ends,
    UTF-8) from chunks of rows given as lists of columns of text ('' for an empty field).

    Each chunk's lines are joined from its columns (quoted as the csv module quotes, by
    csv_quoted) with str.join, in C: a quarter of what the csv module's writer costs for
    the same rows. A table of one column (where the writer quotes an empty field) goes
    through the writer."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        if with_header:
            writer.writerow(header)
        for columns in chunks:
            if len(columns) < 2:
                writer.writerows(zip(*columns, strict=True))
            elif columns[0]:
                quoted = [csv_quoted(column) for column in columns]
                stream.write("\n".join(map(",".join, zip(*quoted, strict=True))))
                stream.write("\n")


def _quoted_by_the_csv_module() -> str:
    """The characters for which the csv module (minimal quoting, LF line ends) quotes a field:
    asked of the module itself, since that changed between Python versions (a carriage
    return alone is not quoted by 3.11's)."""
    def written(field: str) -> str:
        stream = io.StringIO()
        csv.writer(stream, lineterminator="\n").writerow([field, ""])
        return stream.getvalue()

    return "".join(char for char in ',"\n\r' if written(f"a{char}b").startswith('"'))


#: A field holding any of these is written quoted (its quotes doubled), as the csv module does.
_QUOTED = _quoted_by_the_csv_module()


def csv_quoted(texts: list[str]) -> list[str]:
    """One column's fields as the csv module writes them: quoted, with quotes doubled, when
    they hold a delimiter, a quote or a line break.

    Whether any field needs quotes is one C-level search of the column's text joined; only
    a column with such a field is quoted cell by cell."""
    joined = "\0".join(texts)
    if not any(char in joined for char in _QUOTED):
        return texts
    return ['"' + text.replace('"', '""') + '"' if any(c in text for c in _QUOTED) else text
            for text in texts]


def _csv_column(values: pd.Series, column: str) -> list[str]:
    """One column of persons.csv as text ('' for an empty field)."""
    if column in _DATE_COLUMNS:
        return iso_dates(values)
    if column in _FLAG_COLUMNS:
        if values.dtype == bool:
            return np.where(values.to_numpy(), "true", "false").tolist()  # type: ignore[no-any-return]
        flags = values.to_numpy(dtype=object)
        return ["true" if flag is True or flag is np.True_ else "false" for flag in flags.tolist()]
    texts = _texts(values)
    if column in _TEXT_COLUMNS and _may_need_care(texts):
        return _careful_text(values)
    return texts


def iso_dates(values: pd.Series) -> list[str]:
    """Dates as 'YYYY-MM-DD' text, '' when empty; each distinct date formatted once."""
    days = pd.to_datetime(values, errors="coerce").to_numpy(dtype="datetime64[D]")
    codes, distinct = pd.factorize(days)  # NaT: code -1, which picks the '' appended last
    text = [*np.datetime_as_string(distinct, unit="D").tolist(), ""]
    return np.array(text, dtype=object)[codes].tolist()  # type: ignore[no-any-return]


def _texts(values: pd.Series) -> list[str]:
    """The values as the csv module writes them (str()), '' for every kind of missing value."""
    if values.dtype.kind in "iub":  # no missing value; numpy formats them in bulk
        return values.to_numpy().astype(str).tolist()  # type: ignore[no-any-return]
    array = values.to_numpy(dtype=object, copy=True)
    array[pd.isna(array)] = ""
    if isinstance(values.dtype, pd.StringDtype):  # text already: no str() per cell
        return array.tolist()  # type: ignore[no-any-return]
    return list(map(str, array.tolist()))


def _may_need_care(texts: list[str]) -> bool:
    """Whether some cell of a text column may start like a formula or hold a carriage return.

    One C-level search of the column's text joined with NUL separators instead of a Python
    test per cell: the answer is never a wrong no (a NUL inside a cell can only make it a
    wrong yes, which costs the careful path, not a wrong output)."""
    return _CARE.search("\0" + "\0".join(texts)) is not None


def _careful_text(values: pd.Series) -> list[str]:
    """A text column with formula-like cells neutralised and line breaks written as LF."""
    cells = _texts(neutralise(values))
    # A carriage return inside a cell would end the line for some readers: line breaks in
    # text are written as LF, which the writer quotes.
    return [v.replace("\r\n", "\n").replace("\r", "\n") if "\r" in v else v for v in cells]


#: Columns of OUT/doses.csv: every dose counted for a person, in person and date order.
DOSE_CSV_COLUMNS: dict[str, str] = {
    "person_id": "the person (persons.csv)",
    "slot": "dose1, dose2, dose3 (the primary series in date order), booster1, booster2",
    "date": "date given (ISO)",
    "brand": "canonical brand code (empty when unknown)",
    "source": "roster, registry (a health-office export only) or both",
    "verified": "true when a health-office export has the dose",
}

#: Columns of OUT/memberships.csv: one row per (person, unit, category).
MEMBERSHIP_CSV_COLUMNS: dict[str, str] = {
    "person_id": "the person (persons.csv)",
    "unit": "unit code",
    "category": "category code",
}


def write_doses_csv(doses: pd.DataFrame, path: Path) -> None:
    """OUT/doses.csv: DOSE_CSV_COLUMNS (what `census diff` needs to say which dose is new),
    in person, date and slot order."""
    # Sorted by the dates themselves: the same order as their ISO text (four-digit years).
    table = sort_rows(doses, ["person_id", "date", "slot"])
    write_csv(path, list(DOSE_CSV_COLUMNS), _chunks(table, _DOSE_FORMATS))


def write_memberships_csv(memberships: pd.DataFrame, path: Path) -> None:
    """OUT/memberships.csv: MEMBERSHIP_CSV_COLUMNS, sorted."""
    write_csv(path, list(MEMBERSHIP_CSV_COLUMNS),
              _chunks(_memberships(memberships), dict.fromkeys(MEMBERSHIP_CSV_COLUMNS, _texts)))


def _memberships(memberships: pd.DataFrame) -> pd.DataFrame:
    """memberships.csv's rows: its columns as text, sorted."""
    table = memberships.loc[:, list(MEMBERSHIP_CSV_COLUMNS)].astype(str)
    return sort_rows(table, list(MEMBERSHIP_CSV_COLUMNS))


def sort_rows(table: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """`table` sorted by `keys` (stable, missing values last), as sort_values sorts it; a table
    already in that order (the register hands them over so) is returned as it is."""
    if len(table) < 2 or rows_in_order(table, keys):
        return table
    return table.sort_values(keys, kind="stable")


def rows_in_order(table: pd.DataFrame, keys: list[str], distinct: bool = False) -> bool:
    """Whether `table` is sorted by `keys` (and, when `distinct`, no two rows are equal on all
    of them): a comparison of each row with the next, a fraction of a sort's cost. A blank
    compares with nothing, so a table with one in its keys is never taken as in order."""
    if table[keys].isna().to_numpy().any():
        return False
    undecided = np.ones(max(len(table) - 1, 0), dtype=bool)  # equal to the next row so far
    for key in keys:
        values = table[key].to_numpy()  # datetime64 stays numeric: no Timestamp per row
        ahead, behind = values[:-1], values[1:]
        if (undecided & (behind < ahead)).any():
            return False
        undecided &= behind == ahead
    return not (distinct and undecided.any())


def _chunks(
    table: pd.DataFrame, formats: dict[str, Callable[[pd.Series], list[str]]],
) -> Iterator[list[list[str]]]:
    """`table`'s columns formatted a chunk of rows at a time (the keys of `formats`, in order)."""
    for start in range(0, len(table), _CSV_CHUNK):
        chunk = table.iloc[start : start + _CSV_CHUNK]
        yield [format_(chunk[column]) for column, format_ in formats.items()]


def _true_false(values: pd.Series) -> list[str]:
    """'true' where a value is True, else 'false' (also when missing)."""
    flags = values.map({True: "true", False: "false"}).fillna("false")
    return list(flags.tolist())


#: How each column of doses.csv is written.
_DOSE_FORMATS: dict[str, Callable[[pd.Series], list[str]]] = {
    "person_id": _texts, "slot": _texts, "date": iso_dates, "brand": _texts, "source": _texts,
    "verified": _true_false,
}


def findings_json(findings: list[Finding], as_of: date, lang: str) -> dict[str, Any]:
    """The shape of `census validate --format json`, for every finding of a run."""
    by_severity = Counter(str(f.severity) for f in findings)
    by_code = Counter(f.code for f in findings)
    return {
        "as_of": as_of.isoformat(),
        "findings": [finding.to_dict(lang) for finding in findings],
        "summary": {
            "findings": len(findings),
            "errors": by_severity.get("error", 0),
            "warnings": by_severity.get("warning", 0),
            "by_code": dict(sorted(by_code.items())),
        },
    }


def write_findings_json(findings: list[Finding], as_of: date, lang: str, path: Path) -> None:
    """OUT/findings.json."""
    data = findings_json(findings, as_of, lang)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
