"""Output folders and files that never break: written beside, renamed into place, marked complete.

A census writes into its output folder, never in place of it: the folder may be a USB stick's
root, a mounted share, or a folder the user may fill but not replace. The new files are written
into a staging folder inside it (`.census-new-…`, same file system), then renamed over the old
ones one by one, then the old run's files that the new run no longer makes are removed, and
last the marker `.complete` is written: a JSON list of the run's files. While it is missing the
folder is being written (or a write broke off); the files it lists are one run's, never a mix.
A failed run removes its staging folder and leaves the previous files and marker untouched.
Folders are made 0755 and files 0644 (less what the umask takes away), so a colleague or a web
server on the same machine can read them.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path

from census.errors import OutputError
from census.i18n import N_

#: The marker of a complete output folder: {"written": ISO time, "files": [relative paths]}.
MARKER = ".complete"
_STAGING = ".census-new-"


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def folder_mode() -> int:
    """0755 less the umask."""
    return 0o777 & ~_umask()


def file_mode() -> int:
    """0644 less the umask."""
    return 0o666 & ~_umask()


def prepare_output(target: Path, create: bool = False) -> Path:
    """Make sure `target` is a folder census may write (or one it may make), before any work.

    A file of that name, a folder that cannot be written (read-only mount, no permission) or a
    parent that cannot hold a new folder: OutputError, at once. Nothing is made unless `create`.
    """
    target = Path(target).absolute()
    if target.exists() and not target.is_dir():
        raise OutputError(N_("{path} is not a folder."), path=target)
    try:
        if create:
            target.mkdir(parents=True, exist_ok=True)
        if target.is_dir():
            probe = tempfile.NamedTemporaryFile(prefix=_STAGING, dir=target)  # noqa: SIM115
            probe.close()
            return target
        parent = next(folder for folder in target.parents if folder.exists())
        if not parent.is_dir():
            raise OutputError(N_("{path} is not a folder."), path=parent)
        if not os.access(parent, os.W_OK | os.X_OK):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
    except OSError as exc:
        raise OutputError(
            N_("Cannot write to {path} ({reason})."), path=target, reason=exc.strerror
        ) from None
    return target


def read_marker(target: Path) -> list[str] | None:
    """The files of the complete run in `target`, or None (never written, or broken off)."""
    try:
        files = json.loads((Path(target) / MARKER).read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return [str(name) for name in files] if isinstance(files, list) else None


@contextmanager
def atomic_folder(target: Path, scope: str | None = None) -> Iterator[Path]:
    """Yield a fresh staging folder inside `target`; on success its files replace the run's.

    `scope`: a subfolder ('tagana') when only it is rewritten — the other files of the previous
    run stay, and the marker lists both. Files in `target` that census did not write (a
    .gitkeep, the user's own notes) are never touched.
    """
    target = prepare_output(target, create=True)
    _remove_stale_staging(target)
    try:
        staging = Path(tempfile.mkdtemp(prefix=_STAGING, dir=target))
        staging.chmod(folder_mode())
    except OSError as exc:
        raise OutputError(
            N_("Cannot write to {path} ({reason})."), path=target, reason=exc.strerror
        ) from None
    try:
        yield staging
        _commit(staging, target, scope)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _remove_stale_staging(target: Path) -> None:
    """Staging folders of runs that were killed (a day old: no run takes that long)."""
    day_ago = time.time() - 86_400
    for stale in target.glob(f"{_STAGING}*"):
        with suppress(OSError):
            if stale.is_dir() and stale.stat().st_mtime < day_ago:
                shutil.rmtree(stale, ignore_errors=True)


def _commit(staging: Path, target: Path, scope: str | None) -> None:
    new = sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file())
    old = read_marker(target) or []
    kept = [name for name in old if scope is not None and not name.startswith(f"{scope}/")]
    try:
        (target / MARKER).unlink(missing_ok=True)  # from here until the end: being written
        for name in new:
            source, destination = staging / name, target / name
            _make_folders(destination.parent, target)
            source.chmod(file_mode())
            os.replace(source, destination)
        for name in set(old) - set(new) - set(kept):
            gone = target / name
            with suppress(OSError):
                gone.unlink(missing_ok=True)
                _remove_empty_folders(gone.parent, target)
        marker = {"written": datetime.now().astimezone().isoformat(timespec="seconds"),
                  "files": sorted(set(kept) | set(new))}
        write_text_atomic(target / MARKER, json.dumps(marker, ensure_ascii=False, indent=1) + "\n")
    except OSError as exc:
        raise OutputError(
            N_("Cannot write to {path} ({reason})."), path=target, reason=exc.strerror
        ) from None


def _make_folders(folder: Path, top: Path) -> None:
    missing = []
    while folder != top and not folder.is_dir():
        missing.append(folder)
        folder = folder.parent
    for made in reversed(missing):
        made.mkdir(mode=folder_mode())


def _remove_empty_folders(folder: Path, top: Path) -> None:
    while folder != top and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def write_text_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file and a rename."""
    save_atomic(path, lambda temporary: temporary.write_text(text, encoding="utf-8", newline=""))


def save_atomic(path: Path, save: Callable[[Path], object]) -> None:
    """Call `save(temporary)` beside `path`, then rename it over `path`: a failed save leaves
    whatever was at `path` before (a workbook library writes in several steps)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix, dir=path.parent)
    os.close(handle)
    try:
        save(Path(temporary))
        os.chmod(temporary, file_mode())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
