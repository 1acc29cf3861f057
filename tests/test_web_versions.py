"""Findings fixed and new between two versions: pairs by place, then by the same finding moved."""

from __future__ import annotations

from dataclasses import dataclass

from census.web.versions import compare


@dataclass(frozen=True)
class F:
    code: str
    sheet: str
    row: int | None
    column: str
    value: str


def _names(findings: list[F]) -> list[tuple[str, int | None]]:
    return [(f.code, f.row) for f in findings]


def test_a_fixed_cell_is_fixed_and_a_new_mistake_is_new() -> None:
    before = [F("nik-length", "ASN", 12, "C", "123"), F("date-invalid", "ASN", 14, "G", "31/02")]
    after = [F("date-invalid", "ASN", 14, "G", "31/02"), F("sex-invalid", "ASN", 20, "E", "X")]
    changes = compare(before, after)
    assert (_names(changes.fixed), _names(changes.new), _names(changes.kept)) == (
        [("nik-length", 12)], [("sex-invalid", 20)], [("date-invalid", 14)])


def test_a_row_inserted_above_moves_findings_without_making_them_new() -> None:
    before = [F("nik-length", "ASN", 12, "C", "123"), F("nik-length", "ASN", 30, "C", "456")]
    after = [F("nik-length", "ASN", 13, "C", "123"), F("nik-length", "ASN", 31, "C", "456")]
    changes = compare(before, after)
    assert (changes.fixed, changes.new, len(changes.kept)) == ([], [], 2)


def test_two_identical_findings_count_one_each() -> None:
    same = F("nik-missing", "Klien", 10, "C", "")
    changes = compare([same, F("nik-missing", "Klien", 11, "C", "")], [same])
    assert (_names(changes.fixed), changes.new) == ([("nik-missing", 11)], [])


def test_the_portal_tests_use_the_database_asked_for(db) -> None:
    """`make test` runs the portal's tests twice: on SQLite, then on a throw-away PostgreSQL."""
    import os

    from django.db import connection

    expected = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") \
        else "sqlite"
    assert connection.vendor == expected
