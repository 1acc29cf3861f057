"""A built wheel carries templates, data and catalogues: installed outside the checkout, it runs the demo census."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_wheel_installed_outside_the_checkout_runs_the_demo_census(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels), str(REPO)],
        check=True, cwd=tmp_path, capture_output=True,
    )
    (wheel,) = wheels.glob("census-*.whl")

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True,
                   capture_output=True)

    inputs = tmp_path / "province"
    shutil.copytree(REPO / "inputs", inputs)
    environment = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    result = subprocess.run(
        [str(env_dir / "bin" / "census"), "run", str(inputs), "--out", str(tmp_path / "out"),
         "--quiet", "--no-pdf"],
        cwd=tmp_path, env=environment, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    where = subprocess.run(
        [str(python), "-c", "import census, census.resources as r; print(census.__file__); "
         "print(r.templates_dir())"],
        cwd=tmp_path, env=environment, capture_output=True, text=True, check=True,
    ).stdout.split()
    assert all(str(env_dir) in line for line in where)  # the wheel's copy, not the checkout's
    written = {p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*")}
    assert {"persons.csv", "summary.html", "tagana/allocation.html"} <= written
    assert any(name.startswith("units/") and name.endswith(".html") for name in written)
