"""Run a command against a throw-away PostgreSQL server: `python -m tests.postgres pytest ...`.

Starts Debian's PostgreSQL (`apt-get install postgresql`; binaries under
/usr/lib/postgresql/<version>/bin) in a temporary folder on a free loopback port, sets
DATABASE_URL for the command, and stops and removes the server afterwards, whatever happens.
PostgreSQL refuses to run as root: as root, the server runs as the `postgres` user (runuser).
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path


def binaries() -> Path | None:
    """The newest installed PostgreSQL's bin folder, or None."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                   key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0)
    return found[-1].parent if found else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python -m tests.postgres COMMAND [ARGS...]", file=sys.stderr)
        return 2
    bin_dir = binaries()
    if bin_dir is None:
        print("tests.postgres: PostgreSQL is not installed (make test installs Debian's "
              "postgresql package)", file=sys.stderr)
        return 2
    folder = Path(tempfile.mkdtemp(prefix="census-postgres-"))
    as_server: list[str] = []
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(folder, user.pw_uid, user.pw_gid)
        as_server = ["runuser", "-u", "postgres", "--"]
    data, log, port = folder / "data", folder / "server.log", _free_port()

    def server(*command: str) -> None:
        subprocess.run([*as_server, *command], check=True, stdout=subprocess.DEVNULL)

    started = False
    try:
        server(str(bin_dir / "initdb"), "-D", str(data), "-U", "census", "--auth=trust",
               "-E", "UTF8", "--no-locale")
        server(str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60",
               "-o", f"-h 127.0.0.1 -p {port} -k {folder} -F", "start")
        started = True
        server(str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "census",
               "census")
        env = {**os.environ, "DATABASE_URL": f"postgres://census@127.0.0.1:{port}/census"}
        print(f"tests.postgres: PostgreSQL {bin_dir.parent.name} on 127.0.0.1:{port}",
              flush=True)
        return subprocess.call(argv, env=env)
    except subprocess.CalledProcessError as exc:
        print(f"tests.postgres: {exc}", file=sys.stderr)
        if log.exists():
            print(log.read_text(errors="replace")[-2000:], file=sys.stderr)
        return 2
    finally:
        if started:
            subprocess.run([*as_server, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast",
                            "-w", "stop"], stdout=subprocess.DEVNULL, check=False)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
