"""A run looks for the Tagana allocation plan by its file names before importing
census.allocate: a run without a plan never imports it, a run with one allocates."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from census import pipeline
from census.allocate import PLAN_TOML, PLAN_XLSX

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "inputs"


def test_the_plan_files_looked_for_are_census_allocates() -> None:
    assert pipeline.PLAN_FILES == (PLAN_TOML, PLAN_XLSX)


def test_a_run_without_a_plan_does_not_import_census_allocate(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    shutil.copytree(INPUTS, inputs, ignore=shutil.ignore_patterns("tagana_plan.*", "kasus"))
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from census.pipeline import run_census\n"
        "if __name__ == '__main__':\n"
        f"    result = run_census(Path({str(inputs)!r}), Path({str(tmp_path / 'out')!r}),\n"
        "                        pdf=False, workers=1)\n"
        "    print(sorted(m for m in sys.modules if m.startswith('census.allocate')))\n"
        "    print(sorted(p for p in result.files if p.startswith('tagana/')))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True, cwd=ROOT)
    assert done.stdout.splitlines() == ["[]", "[]"]


def test_a_run_with_a_plan_allocates(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    shutil.copytree(INPUTS, inputs, ignore=shutil.ignore_patterns("kasus"))
    result = pipeline.run_census(inputs, tmp_path / "out", pdf=False, workers=1)
    assert [p for p in result.files if p.startswith("tagana/allocation.")] == [
        "tagana/allocation.html", "tagana/allocation.xlsx"]
