"""Run qingdan on hostile input in a child process held to a time and a memory limit.

A hang or a runaway allocation in the test process would stop the whole suite; in a child it
is a failed test that says which command ran too long or too big. The child runs the console
entry point (`qingdan.cli:main`), so an unexpected exception shows as exit 3, as users see it.

Time is the processor time the command itself uses, from after qingdan is imported to its exit:
starting Python and importing qingdan takes about a second and a half of it on its own, and on a
machine the suite shares, wall-clock time says more about the neighbours than about qingdan. A
command that waits instead of working (reading a pipe that never ends) is caught by the wall
clock, at `WALL` times the limit.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

SECONDS = 5.0  # what issue 14 asks of every hostile input
WALL = 4  # the wall clock allows this many times SECONDS, for a loaded machine
MEMORY = 500 * 1024 * 1024  # address space, bytes: Python with every library qingdan loads needs about 200 MB
ENTRY = """
import atexit, os, sys, time
from qingdan.cli import main
start = time.process_time()
def spent():
    with open(os.environ["QINGDAN_TEST_CPU"], "w") as out:
        out.write(str(time.process_time() - start))
atexit.register(spent)
sys.argv[0] = "qingdan"
main()
"""


@dataclass(frozen=True, slots=True)
class Ran:
    code: int
    stdout: str
    stderr: str
    seconds: float  # processor time of the command, after qingdan's imports

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def _limit(memory: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return apply


def run_bounded(
    *args: str | Path,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    seconds: float = SECONDS,
    memory: int = MEMORY,
) -> Ran:
    """Run `qingdan *args`; fail the test if it takes longer than `seconds`, exits 3 or prints a traceback.

    Memory beyond `memory` makes the child's allocations fail (MemoryError: exit 3), so it fails too.
    """
    command = [sys.executable, "-c", ENTRY, *map(str, args)]
    said = " ".join(map(str, args))
    with tempfile.TemporaryDirectory(prefix="qingdan-hostile-") as tmp:
        cpu = Path(tmp) / "cpu"
        environment = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", "QINGDAN_TEST_CPU": str(cpu), **(env or {})}
        try:
            done = subprocess.run(
                command,
                cwd=cwd,
                env=environment,
                capture_output=True,
                timeout=seconds * WALL,
                preexec_fn=_limit(memory),
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise AssertionError(f"qingdan {said} still ran after {seconds * WALL} s") from None
        spent = float(cpu.read_text()) if cpu.is_file() else 0.0
    ran = Ran(done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace"), spent)
    assert ran.seconds < seconds, f"qingdan {said} took {ran.seconds:.1f} s of processor time"
    assert "Traceback" not in ran.output, ran.output[-2000:]
    assert ran.code in (0, 1, 2), f"exit {ran.code}: {ran.output[-2000:]}"
    return ran
