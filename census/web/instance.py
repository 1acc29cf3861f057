"""Where the portal keeps its things: one instance folder, and the department's census.toml.

The instance folder (default `./instance`, or `CENSUS_INSTANCE`, or `[portal] instance` in the
census.toml named by `CENSUS_CONFIG`) holds the SQLite database, the stored files (under their
SHA-256), the census runs' folders, the task queue and the secret key. Back it up whole (with the
PostgreSQL database when `DATABASE_URL` is used).
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from census.config import Config, load_config_file

CONFIG_NAME = "census.toml"


@dataclass(frozen=True)
class Instance:
    """The portal's folders and the department's configuration file.

    `root`: the instance folder. `config_file`: the department's census.toml (may not exist:
    then the defaults apply). `files`: uploaded files by SHA-256. `runs`: one folder per census
    run (inputs as given to the core, outputs as written by it). `tmp`: uploads being received.
    """

    root: Path
    config_file: Path

    @property
    def files(self) -> Path:
        return self.root / "files"

    @property
    def runs(self) -> Path:
        return self.root / "runs"

    @property
    def tmp(self) -> Path:
        return self.root / "tmp"

    @property
    def derived(self) -> Path:
        """Files made from stored ones on request (annotated copies), safe to delete."""
        return self.root / "derived"

    @property
    def database(self) -> Path:
        return self.root / "db.sqlite3"

    @property
    def queue(self) -> Path:
        return self.root / "queue.sqlite3"

    def config(self, as_of: date | None = None) -> Config:
        """The department's Config (census date `as_of` on top)."""
        path = self.config_file if self.config_file.is_file() else None
        return load_config_file(path, as_of=as_of)

    def create(self) -> None:
        """Make the folders (idempotent)."""
        for folder in (self.root, self.files, self.runs, self.tmp, self.derived, self.root / "static"):
            folder.mkdir(parents=True, exist_ok=True)

    def secret_key(self) -> str:
        """`CENSUS_SECRET_KEY`, else a key kept in the instance (made once, readable by its owner)."""
        from_env = os.environ.get("CENSUS_SECRET_KEY")
        if from_env:
            return from_env
        path = self.root / "secret_key"
        if not path.exists():
            self.root.mkdir(parents=True, exist_ok=True)
            key = secrets.token_urlsafe(50)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(key)
        return path.read_text(encoding="ascii").strip()


def locate() -> Instance:
    """The instance of this process, from the environment (see the module docstring)."""
    config_env = os.environ.get("CENSUS_CONFIG")
    root_env = os.environ.get("CENSUS_INSTANCE")
    if config_env:
        config_file = Path(config_env).resolve()
        root = Path(root_env).resolve() if root_env else None
        if root is None:
            configured = load_config_file(config_file if config_file.is_file() else None)
            folder = configured.portal.instance
            root = (config_file.parent / folder).resolve() if folder else Path("instance").resolve()
        return Instance(root, config_file)
    root = Path(root_env or "instance").resolve()
    return Instance(root, root / CONFIG_NAME)
