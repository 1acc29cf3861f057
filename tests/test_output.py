"""Atomic writes: a save that fails halfway leaves the previous file as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from census.output import save_atomic


def test_failed_save_keeps_the_previous_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "upt_pstw_jombang.xlsx"
    target.write_bytes(b"the annotated copy sent yesterday")

    def broken(path: Path) -> None:
        path.write_bytes(b"PK\x03\x04 half a zip")
        raise OSError("disk full")

    with pytest.raises(OSError):
        save_atomic(target, broken)
    assert target.read_bytes() == b"the annotated copy sent yesterday"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_save_replaces_the_file(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "template.xlsx"
    save_atomic(target, lambda path: path.write_bytes(b"new"))
    assert target.read_bytes() == b"new"
    assert [p.name for p in target.parent.iterdir()] == ["template.xlsx"]
