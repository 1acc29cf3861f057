"""Benchmark: 50 unit operators upload a 300-row workbook at the same moment, 5 rounds.

Run: .venv/bin/python -m bench.bench_portal [--operators 50] [--rows 300] [--rounds 5]

Starts `census serve` (waitress, SQLite in a temporary instance folder) on a free loopback port —
nothing else is ever contacted — logs every operator in, then per round opens a new round and
lets all operators upload their own workbook at once (a barrier starts them together). Checks
that every upload answered with the redirect to its findings and that the database holds exactly
one submission per unit and round; prints p50/p95/max of the upload requests. Bounded: every
request has a timeout and the whole run a deadline; the server is stopped at the end.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import date, timedelta
from pathlib import Path

PASSWORD = "Bench-Sandi-Rahasia-2022"
REQUEST_TIMEOUT = 300
DEADLINE_SECONDS = 1800


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class Operator:
    """One browser-like session: cookies, CSRF token, a workbook to upload."""

    def __init__(self, base: str, username: str, unit: str, workbook: Path) -> None:
        self.base, self.username, self.unit, self.workbook = base, username, unit, workbook
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())

    def _token(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=REQUEST_TIMEOUT) as response:
            page = response.read().decode()
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert match, f"no form on {path}"
        return match.group(1)

    def _post(self, path: str, body: bytes, content_type: str) -> int:
        request = urllib.request.Request(self.base + path, data=body, method="POST", headers={
            "Content-Type": content_type, "Referer": self.base + path})
        try:
            with self.opener.open(request, timeout=REQUEST_TIMEOUT) as response:
                return int(response.status)
        except urllib.error.HTTPError as exc:
            return int(exc.code)

    def log_in(self) -> None:
        token = self._token("/login/")
        form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": self.username,
                                       "password": PASSWORD}).encode()
        status = self._post("/login/", form, "application/x-www-form-urlencoded")
        assert status == 302, f"login of {self.username}: {status}"

    def upload(self, round_id: int) -> tuple[int, float]:
        path = f"/rounds/{round_id}/units/{self.unit}/"
        token = self._token(path)
        boundary = uuid.uuid4().hex
        body = (
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrfmiddlewaretoken\"\r\n\r\n"
            f"{token}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"{self.unit}.xlsx\"\r\nContent-Type: application/vnd.openxmlformats-"
            f"officedocument.spreadsheetml.sheet\r\n\r\n"
        ).encode() + self.workbook.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
        started = time.perf_counter()
        status = self._post(path, body, f"multipart/form-data; boundary={boundary}")
        return status, time.perf_counter() - started


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _setup(instance: Path, units: list[str], rounds: int) -> list[int]:
    """Units, operator accounts and the rounds, written straight into the instance's database."""
    os.environ["CENSUS_INSTANCE"] = str(instance)
    from census.web import serve

    serve.configure()
    serve.prepare()
    from census.web.models import Account, Role, Round, Unit

    for code in units:
        unit = Unit.objects.create(code=code, name=f"UPT Bench {code}")
        account = Account(username=f"op_{code}", role=Role.OPERATOR, unit=unit)
        account.set_password(PASSWORD)
        account.save()
    start = date(2022, 3, 31)
    return [Round.objects.create(name=f"Bench {i + 1}", census_date=start + timedelta(days=91 * i),
                                 is_open=True).pk for i in range(rounds)]


def _check(round_ids: list[int], units: list[str]) -> list[str]:
    from census.web.models import Submission

    problems = []
    for round_id in round_ids:
        got = sorted(Submission.objects.filter(round_id=round_id)
                     .values_list("unit__code", "version", "outcome"))
        want = sorted((code, 1, "accepted") for code in units)
        if got != want:
            problems.append(f"round {round_id}: {len(got)} submissions, expected {len(want)}")
    return problems


def run(operators: int, rows: int, rounds: int) -> int:
    from demo.generate import write_bench_roster

    deadline = time.monotonic() + DEADLINE_SECONDS
    work = Path(tempfile.mkdtemp(prefix="census-bench-portal-"))
    units = [f"upt_bench_{i:02d}" for i in range(operators)]
    books = {}
    for i, code in enumerate(units):
        books[code] = write_bench_roster(work / "books" / f"{code}.xlsx", rows, seed=100 + i)
    round_ids = _setup(work / "instance", units, rounds)
    port = _free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "CENSUS_INSTANCE": str(work / "instance")}
    server = subprocess.Popen(
        [sys.executable, "-m", "census.cli", "serve", "--port", str(port), "--threads", "8"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=work)
    base = f"http://127.0.0.1:{port}"
    try:
        assert server.stdout is not None
        while time.monotonic() < deadline:
            line = server.stdout.readline()
            if not line or line.startswith("Portal: "):
                break
        sessions = [Operator(base, f"op_{code}", code, books[code]) for code in units]
        for session in sessions:
            session.log_in()
        timings: list[float] = []
        failures: list[str] = []
        for number, round_id in enumerate(round_ids, 1):
            barrier = threading.Barrier(operators)
            results: list[tuple[str, int, float]] = []
            lock = threading.Lock()

            def go(session: Operator, round_id: int = round_id,
                   barrier: threading.Barrier = barrier,
                   results: list[tuple[str, int, float]] = results,
                   lock: threading.Lock = lock) -> None:
                barrier.wait(timeout=60)
                try:
                    status, seconds = session.upload(round_id)
                except Exception as exc:  # noqa: BLE001 - counted as a failure, reported
                    status, seconds = -1, 0.0
                    with lock:
                        failures.append(f"{session.unit}: {type(exc).__name__}: {exc}")
                with lock:
                    results.append((session.unit, status, seconds))

            started = time.perf_counter()
            threads = [threading.Thread(target=go, args=(s,)) for s in sessions]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=max(1.0, deadline - time.monotonic()))
            wall = time.perf_counter() - started
            bad = [(unit, status) for unit, status, _ in results if status != 302]
            failures.extend(f"round {number}: {unit} answered {status}" for unit, status in bad)
            timings += [seconds for _, status, seconds in results if status == 302]
            print(f"round {number}: {len(results)} uploads in {wall:.1f} s, "
                  f"{len(bad)} not accepted", flush=True)
        failures.extend(_check(round_ids, units))
        ordered = sorted(timings)
        p95 = ordered[max(0, int(round(0.95 * len(ordered))) - 1)] if ordered else float("nan")
        print(f"{operators} operators × {rounds} rounds, {rows}-row workbooks: "
              f"{len(timings)} uploads stored once each; upload request p50 "
              f"{statistics.median(ordered):.2f} s, p95 {p95:.2f} s, max {max(ordered):.2f} s")
        for failure in failures:
            print("FAILED:", failure)
        return 1 if failures else 0
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--operators", type=int, default=50)
    parser.add_argument("--rows", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    sys.exit(run(args.operators, args.rows, args.rounds))


if __name__ == "__main__":
    main()
