"""Which files of an inputs folder are rosters, exports and case workbooks: one set of rules
(census.layout) for the reader and for the pipeline's sizing of its worker pool."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from census.pipeline import _roster_bytes
from census.read import find_case_inputs, find_inputs

_FILES = {
    "upt_a.xlsx": 1000, "sub/upt_b.csv": 300, "notes.txt": 7, "old.xls": 11, "image.png": 5000,
    "registry/export.csv": 4000, "registry/readme.pdf": 9, "registry.xlsx": 13,
    "kasus/kasus_maret.xlsx": 2000, "kasus_april.xlsx": 2100, "terpapar.xlsx": 17,
    "kasus/list.csv": 19, ".hidden/upt_c.xlsx": 900, "~$upt_a.xlsx": 165, ".upt_d.xlsx": 23,
    "tagana_plan.xlsx": 800, "census.toml": 29,
}


def test_reader_and_pool_sizing_agree_on_the_rosters(tmp_path: Path) -> None:
    for name, size in _FILES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x" * size)
    rosters, exports = find_inputs(tmp_path)
    names = [str(path.relative_to(tmp_path)) for path in rosters]
    assert names == ["notes.txt", "old.xls", "registry.xlsx", "sub/upt_b.csv", "upt_a.xlsx"]
    assert [str(path.relative_to(tmp_path)) for path in exports] == ["registry/export.csv"]
    assert [str(path.relative_to(tmp_path)) for path in find_case_inputs(tmp_path)] == [
        "kasus/kasus_maret.xlsx", "kasus_april.xlsx", "terpapar.xlsx"
    ]
    assert _roster_bytes(tmp_path) == sum(_FILES[name] for name in names) == 1331
    assert _roster_bytes(tmp_path / "missing") == 0


def test_the_rules_import_no_pandas() -> None:
    code = "import sys, census.layout; print('pandas' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
