"""The adoption commands against loading: fmt --check, stats, and the xlsx round trip of the big list.

Builds the same synthetic data set as benchmarks/load.py (the 2022 sample scaled up), then
times, interleaved in one run:

  load        qingdan's loader (the unit every ratio is measured in)
  fmt-check   `qingdan fmt --check --no-cache`: ruamel.yaml round-trip load + canonical dump of
              every file, shared among processes
  fmt-cached  `qingdan fmt --check` again: every file's hash found in the cache of canonical files
  stats       load + the statistics of every domain and township
  xlsx-out    render the 属地管理事项清单 (every matter) to xlsx, the editable workbook import reads back
  xlsx-in     read that workbook back (`qingdan import` of a rendered workbook)

and prints medians and ratios to `load`. Usage:

    pip install .
    python benchmarks/adoption.py [--townships 150] [--copies 10] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from qingdan import fmt
from qingdan.importer import workbook
from qingdan.loader import load_dataset
from qingdan.project import Project
from qingdan.render import environment, render_files
from qingdan.resources import shipped_dir
from qingdan.stats import compute

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import build_corpus, time_it  # the corpus builder of the loading benchmark


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--townships", type=int, default=150)
    parser.add_argument("--copies", type=int, default=10, help="copies of the 81 sample matters")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="qingdan-bench-") as tmp:
        root = Path(tmp) / "data"
        files, size = build_corpus(root, args.townships, args.copies)
        project = Project.discover(root)
        dataset, _ = load_dataset(project)
        env = environment(shipped_dir("templates"))
        book = Path(tmp) / "responsibility-list.xlsx"
        print(
            f"{files} files, {size / 1e6:.1f} MB, {len(dataset.townships)} townships, {len(dataset.matters)} matters; "
            f"{args.runs} interleaved runs"
        )

        cache = fmt.Cache(Path(tmp) / "fmt-cache.txt")
        cache.remember(fmt.format_all(fmt.targets(root)))  # warm: what the first check leaves behind

        def xlsx_out():
            out = render_files(dataset, "xlsx", env, ["responsibility-list"], None, 0, editable=True)
            book.write_bytes(out["responsibility-list.xlsx"])

        steps = {
            "load": lambda: load_dataset(project),
            "fmt-check": lambda: fmt.format_all(fmt.targets(root)),
            "fmt-cached": lambda: fmt.format_all(fmt.targets(root), fmt.Cache(cache.path)),
            "stats": lambda: compute(load_dataset(project)[0]),
            "xlsx-out": xlsx_out,
            "xlsx-in": lambda: workbook.read(book, dataset),
        }
        times: dict[str, list[float]] = {name: [] for name in steps}
        for _ in range(args.runs):
            for name, step in steps.items():
                times[name].append(time_it(step))

    base = statistics.median(times["load"])
    print(f"{'step':<10} {'median':>9} {'ratio to load':>14}")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:<10} {median:>8.2f}s {median / base:>13.2f}x")
    items = len(dataset.matters)
    print(
        f"xlsx round trip: {items} matters, {statistics.median(times['xlsx-in']) / items * 1000:.2f} ms per matter read"
    )


if __name__ == "__main__":
    main()
