"""Stopping a `--workers 2` run: SIGTERM and SIGINT end the workers at once and close the run as
interrupted; SIGKILL of the main process takes the workers with it; a killed run resumed gives
the export an uninterrupted run gives."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.model

DEMO = Path(__file__).resolve().parents[2] / "stancemap" / "demo" / "corpus"
# Bounds of these tests (seconds): generous for a loaded 2-core machine, far below the minute
# the workers used to outlive their parent.
START_LIMIT = 60.0
GONE_LIMIT = 10.0


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def _corpus(tmp_path: Path, copies: int = 3) -> Path:
    """The demo articles, each in a few distinct copies, so that a run lasts a few seconds."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in sorted(DEMO.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for n in range(copies):
            (folder / f"{path.stem}_{n}.txt").write_text(f"{text}\n\nEdition {n}.\n", encoding="utf-8")
    return folder


def _start(corpus: Path, db: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "stancemap", "run", str(corpus), "--codebook",
         str(DEMO / "codebook.yaml"), "--db", str(db), "--workers", "2", "--batch-size", "1", "-q"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _workers(proc: subprocess.Popen) -> list[int]:
    deadline = time.monotonic() + START_LIMIT
    while time.monotonic() < deadline:
        kids = [k for k in _children(proc.pid) if _alive(k)]
        if len(kids) >= 2:
            return kids
        assert proc.poll() is None, proc.stderr.read().decode()
        time.sleep(0.05)
    pytest.fail("the run did not start its workers")


def _wait_gone(pids: list[int]) -> None:
    deadline = time.monotonic() + GONE_LIMIT
    while time.monotonic() < deadline and any(_alive(p) for p in pids):
        time.sleep(0.05)
    assert not [p for p in pids if _alive(p)], "workers outlived the run"


def _status(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute("SELECT status FROM runs ORDER BY started")]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_sigterm_and_sigint_end_the_workers_and_close_the_run_as_interrupted(tmp_path, sig):
    db = tmp_path / "t.db"
    proc = _start(_corpus(tmp_path), db)
    workers = _workers(proc)
    time.sleep(0.5)  # into the analysis
    proc.send_signal(sig)
    proc.wait(timeout=GONE_LIMIT)
    _wait_gone(workers)
    assert _status(db) == ["interrupted"]
    assert b"interrupted" in proc.stderr.read()


def test_sigkill_of_the_main_process_takes_the_workers_with_it(tmp_path):
    proc = _start(_corpus(tmp_path), tmp_path / "t.db")
    workers = _workers(proc)
    time.sleep(0.5)
    proc.kill()
    proc.wait(timeout=GONE_LIMIT)
    _wait_gone(workers)


def _export(db: Path) -> str:
    out = subprocess.run([sys.executable, "-m", "stancemap", "export", "--db", str(db)],
                         capture_output=True, check=True)
    return out.stdout.decode()


def test_kill_9_at_random_moments_then_resume_gives_the_uninterrupted_export(tmp_path):
    corpus = _corpus(tmp_path, copies=2)
    reference = tmp_path / "reference.db"
    assert _start(corpus, reference).wait(timeout=300) == 0
    db = tmp_path / "killed.db"
    moments = random.Random(15).sample([0.3, 0.8, 1.5, 2.5, 4.0], 2)  # seconds after the workers start
    for moment in moments:
        proc = _start(corpus, db)
        workers = _workers(proc)
        time.sleep(moment)
        proc.kill()
        proc.wait(timeout=GONE_LIMIT)
        _wait_gone(workers)
    assert _start(corpus, db).wait(timeout=300) == 0
    assert _export(db) == _export(reference)
