"""The output folder never breaks: written into (a mount point, a folder the user cannot replace),
one run's files at a time with a `.complete` marker, readable by colleagues, checked first."""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from census import compute
from census.cli import main
from census.errors import OutputError
from census.output import MARKER, atomic_folder, prepare_output, read_marker

DATA = Path(__file__).parent / "data" / "read"
ROOT = Path(__file__).resolve().parents[1]


def _inputs(folder: Path, *names: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(DATA / name, folder / name)
    return folder


def _run(inputs: Path, out: Path) -> object:
    return CliRunner().invoke(main, ["run", str(inputs), "--out", str(out), "--quiet",
                                     "--as-of", "2022-03-31"])


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_a_second_run_replaces_the_first_and_keeps_the_users_files(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path / "in", "upt_pstw_jombang.xlsx", "upt_pspa_tuban.xlsx")
    out = tmp_path / "out"
    out.mkdir()
    (out / "catatan saya.txt").write_text("jangan dihapus", encoding="utf-8")
    assert _run(inputs, out).exit_code == 0
    first = read_marker(out)
    assert first is not None and "units/upt_pspa_tuban.html" in first
    assert _files(out) == sorted([*first, MARKER, "catatan saya.txt"])

    (inputs / "upt_pspa_tuban.xlsx").unlink()
    assert _run(inputs, out).exit_code == 0
    second = read_marker(out)
    assert second is not None and "units/upt_pspa_tuban.html" not in second
    # Nothing of the first run is left that the second did not write; the user's file stays.
    assert _files(out) == sorted([*second, MARKER, "catatan saya.txt"])
    assert [p.name for p in out.iterdir() if p.name.startswith(".census-new-")] == []


def test_a_run_that_fails_while_writing_leaves_the_previous_run(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = _inputs(tmp_path / "in", "upt_pstw_jombang.xlsx")
    out = tmp_path / "out"
    assert _run(inputs, out).exit_code == 0
    before = {name: (out / name).read_bytes() for name in _files(out)}

    def disk_full(*args: object, **kwargs: object) -> None:
        staging = Path(args[4])  # write_reports(persons, memberships, findings, config, out, ...)
        (staging / "summary.html").write_text("half", encoding="utf-8")
        raise OutputError("No space left on device")

    monkeypatch.setattr("census.report.write_reports", disk_full)
    result = _run(inputs, out)
    assert result.exit_code == 2 and "No space left" in result.output
    assert {name: (out / name).read_bytes() for name in _files(out)} == before


def test_a_half_written_folder_has_no_marker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Renames broken off between files: the marker is gone, so no one takes it for a run."""
    out = tmp_path / "out"
    with atomic_folder(out) as staging:
        (staging / "a.csv").write_text("1", encoding="utf-8")
    assert read_marker(out) == ["a.csv"]
    calls = []

    def fail_second(source: object, destination: object) -> None:
        calls.append(destination)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        os.rename(source, destination)  # type: ignore[arg-type]

    monkeypatch.setattr("census.output.os.replace", fail_second)
    with pytest.raises(OutputError), atomic_folder(out) as staging:
        (staging / "a.csv").write_text("2", encoding="utf-8")
        (staging / "b.csv").write_text("2", encoding="utf-8")
    assert read_marker(out) is None and not (out / MARKER).exists()


@pytest.mark.parametrize(("umask", "folder", "file"), [(0o022, 0o755, 0o644), (0o077, 0o700, 0o600)])
def test_modes_follow_the_umask(tmp_path: Path, umask: int, folder: int, file: int) -> None:
    inputs = _inputs(tmp_path / "in", "upt_pstw_jombang.xlsx")
    out = tmp_path / "out"
    old = os.umask(umask)
    try:
        assert _run(inputs, out).exit_code == 0
    finally:
        os.umask(old)
    modes = {stat.S_IMODE(p.stat().st_mode) for p in out.rglob("*") if p.is_file()}
    folders = {stat.S_IMODE(p.stat().st_mode) for p in [out, *out.rglob("*")] if p.is_dir()}
    assert (folders, modes) == ({folder}, {file})


def test_out_naming_a_file_or_an_unwritable_place_stops_before_the_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs = _inputs(tmp_path / "in", "upt_pstw_jombang.xlsx")

    def no_work(*args: object, **kwargs: object) -> None:
        raise AssertionError("the census was computed before the output folder was checked")

    # pipeline imports the stages when a run starts, so the stage itself is replaced.
    monkeypatch.setattr(compute, "compute_census", no_work)
    a_file = tmp_path / "laporan.xlsx"
    a_file.write_bytes(b"x")
    result = _run(inputs, a_file)
    assert result.exit_code == 2 and "bukan folder" in result.output
    assert len(result.output.strip().splitlines()) == 1
    under_a_file = _run(inputs, a_file / "out")
    assert under_a_file.exit_code == 2 and "bukan folder" in under_a_file.output
    assert prepare_output(tmp_path / "new" / "out") == tmp_path / "new" / "out"
    assert not (tmp_path / "new").exists()  # checked, not made, until there is something to write


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A temporary folder other users can enter (pytest's own are private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="census-out-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _without_root_powers() -> None:
    """Drop the capabilities that let root write anywhere (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH)
    from the bounding set: the census that runs next obeys folder permissions like any user."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def test_a_folder_the_user_cannot_replace(tmp_path: Path) -> None:
    """The output folder is the user's to fill but its parent is not theirs to change (a share's
    root, /media/usb): the old way — a new folder renamed over the old — fails there (EACCES);
    writing into it works."""
    inputs = _inputs(tmp_path / "in", "upt_pstw_jombang.xlsx")
    parent = tmp_path / "media"
    out = parent / "usb"
    out.mkdir(parents=True)
    (out / "laporan lama.txt").write_text("old", encoding="utf-8")
    parent.chmod(0o555)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "census.cli", "run", str(inputs), "--out", str(out), "--quiet",
             "--as-of", "2022-03-31"],
            capture_output=True, text=True, timeout=300, cwd=ROOT,
            preexec_fn=_without_root_powers if os.geteuid() == 0 else None,
        )
        renamed = subprocess.run(
            [sys.executable, "-c", f"import os; os.rename({str(out)!r}, {str(out)!r} + '-old')"],
            capture_output=True, text=True,
            preexec_fn=_without_root_powers if os.geteuid() == 0 else None,
        )
        assert renamed.returncode != 0 and "PermissionError" in renamed.stderr  # the old writer
    finally:
        parent.chmod(0o755)
    assert done.returncode == 0, done.stderr
    assert "summary.html" in json.loads((out / MARKER).read_text(encoding="utf-8"))["files"]
    assert (out / "laporan lama.txt").read_text(encoding="utf-8") == "old"


def test_a_mount_point(shared_tmp: Path) -> None:
    """A mount point (a USB stick's root) cannot be renamed at all (EBUSY)."""
    inputs = _inputs(shared_tmp / "in", "upt_pstw_jombang.xlsx")
    source, out = shared_tmp / "disk", shared_tmp / "usb"
    source.mkdir()
    out.mkdir()
    mounted = subprocess.run(["mount", "--bind", str(source), str(out)], capture_output=True,
                             text=True, check=False)
    if mounted.returncode != 0:
        pytest.skip(f"mount --bind is not permitted here: {mounted.stderr.strip()}")
    try:
        with pytest.raises(OSError):
            os.rename(out, shared_tmp / "elsewhere")  # what the old writer did
        assert _run(inputs, out).exit_code == 0
        assert read_marker(source) is not None and (source / "summary.html").exists()
    finally:
        subprocess.run(["umount", str(out)], check=False)


def test_allocate_rewrites_only_the_tagana_folder(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("tagana.xlsx", "tagana_plan.toml", "census.toml"):
        shutil.copy(ROOT / "inputs" / name, inputs / name)
    out = tmp_path / "out"
    assert _run(inputs, out).exit_code == 0
    first = read_marker(out)
    assert first is not None and "tagana/allocation.html" in first
    before = (out / "summary.html").read_bytes()
    (out / "tagana" / "allocation.html").write_text("old", encoding="utf-8")
    result = CliRunner().invoke(main, ["allocate", str(inputs), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    assert read_marker(out) == first  # the same files: the run's, with a new Tagana report
    assert (out / "summary.html").read_bytes() == before
    assert (out / "tagana" / "allocation.html").read_text(encoding="utf-8") != "old"
