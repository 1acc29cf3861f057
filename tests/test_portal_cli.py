"""`census createuser` and `census manage` as a secretary types them, in a fresh instance folder."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path


def _census(*args: str, stdin: str = "", cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in {"DATABASE_URL", "CENSUS_INSTANCE", "CENSUS_CONFIG", "DJANGO_SETTINGS_MODULE",
                        "CENSUS_TASKS_IMMEDIATE"}}
    return subprocess.run([sys.executable, "-m", "census.cli", *args], input=stdin, text=True,
                          capture_output=True, cwd=cwd, env=env, timeout=300)


def test_createuser_asks_the_password_and_refuses_with_one_line(tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    made = _census("createuser", "sekretaris", "--role", "admin", "--instance", str(instance),
                   stdin="Kopi-Tubruk-Pagi-7\nKopi-Tubruk-Pagi-7\n", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "sekretaris (admin)" in made.stdout and "Kopi-Tubruk" not in made.stdout
    refused = _census("createuser", "op", "--role", "operator", "--unit", "upt_tidak_ada",
                      "--instance", str(instance), stdin="x\nx\n", cwd=tmp_path)
    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines()[-1] == \
        "census: unit tidak dikenal (unknown unit): upt_tidak_ada"
    with sqlite3.connect(instance / "db.sqlite3") as db:
        rows = db.execute("select username, role, is_staff, password like 'argon2$%' "
                          "from portal_account").fetchall()
    assert rows == [("sekretaris", "admin", 1, 1)]
    shown = _census("manage", "showmigrations", "portal", "--instance", str(instance),
                    cwd=tmp_path)
    assert "[X] 0001_initial" in shown.stdout
