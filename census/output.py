"""Atomic output folders and files: a failed run never leaves a half-written OUT/ behind."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from census.errors import OutputError
from census.i18n import N_


@contextmanager
def atomic_folder(target: Path) -> Iterator[Path]:
    """Yield a fresh temporary folder beside `target`; on success it replaces `target` whole.

    The old folder is moved aside first and removed only after the new one is in place, so at any
    moment `target` is either the complete old result or the complete new one. On failure the
    temporary folder is removed and `target` is left untouched. Files in `target` that are not
    produced by census (e.g. a .gitkeep) are carried over to the new folder.
    """
    target = target.resolve()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
    except OSError as exc:
        raise OutputError(
            N_("Cannot write to {path} ({reason})."), path=target.parent, reason=exc.strerror
        ) from None
    try:
        yield staging
        if target.exists() and not target.is_dir():
            raise OutputError(N_("{path} is not a folder."), path=target)
        for keep in (".gitkeep",):
            if (target / keep).exists():
                shutil.copy2(target / keep, staging / keep)
        replace_folder(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def replace_folder(new: Path, target: Path) -> None:
    """Put folder `new` in place of `target` (same file system), removing the old one after."""
    aside = None
    if target.exists():
        aside = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        aside.rmdir()
        os.replace(target, aside)
    os.replace(new, target)
    if aside is not None:
        shutil.rmtree(aside, ignore_errors=True)


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
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
