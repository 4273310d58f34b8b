"""Run `qingdan` on a hostile input in a child process with a memory cap and a time limit.

A bomb must not be tried in the test process: past the cap it would take the test run (and the machine's
other work) with it. The child gets an address-space limit (RLIMIT_AS); its time is the processor time it
used (user + system, the start of the interpreter included), which the other work on a shared machine does
not change, and a wall-clock timeout well above that stops a hang. A run past either, or one that exits 3
or prints a traceback, fails the test with what it printed.

    from hostile_import import run_bounded
    result = run_bounded("import", str(path), "--kind", "matters")
    assert result.code == 2
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from dataclasses import dataclass

MEMORY_MB = 500  # the bound for every hostile input
SECONDS = 5.0  # likewise, in processor time
HANG = 60.0  # wall time after which the child is taken to hang


@dataclass(frozen=True, slots=True)
class Run:
    code: int
    stdout: str
    stderr: str
    seconds: float  # processor time


def run_bounded(*args: str, memory_mb: int = MEMORY_MB, seconds: float = SECONDS, cwd: str | None = None) -> Run:
    """`python -m qingdan *args` under `memory_mb` of address space and `seconds` of processor time.

    Fails (AssertionError) when the child takes longer, hangs, is killed, exits 3 or prints a traceback.
    """

    def limit() -> None:  # runs in the child, before qingdan starts
        cap = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "COLUMNS": "200"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "qingdan", *args],
            capture_output=True,
            text=True,
            timeout=HANG,
            preexec_fn=limit,
            env=env,
            cwd=cwd,
        )
    except subprocess.TimeoutExpired as exc:
        raise AssertionError(f"qingdan {' '.join(args)} still running after {HANG} s: {exc.stderr!r}") from None
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    took = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    run = Run(done.returncode, done.stdout, done.stderr, took)
    assert done.returncode >= 0, f"killed by signal {-done.returncode} (memory past {memory_mb} MB?): {run}"
    assert done.returncode != 3 and "Traceback" not in done.stderr, run
    assert took < seconds, f"took {took:.1f} s of processor time: {run}"
    return run
