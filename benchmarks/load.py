"""Loading speed: qingdan's libyaml fast path against a ruamel.yaml round-trip load.

Builds a synthetic province-scale data set by copying the sample 2022 edition with
renamed ids, then times, in one run and interleaved, for the same files:

  csafe       PyYAML's own CSafeLoader on every file: the floor for any libyaml loader
  fast        qingdan's loader (libyaml parse -> plain data -> typed model)
  validate    fast + JSON Schema + every rule but QD103 (what `qingdan validate` does)
  ruamel-rt   ruamel.yaml YAML(typ="rt").load of every file (positions and comments kept)

and prints medians and ratios. Usage:

    pip install .
    python benchmarks/load.py [--townships 150] [--copies 37] [--runs 5]

The defaults give about 1,650 townships-worth of files at 1/10 of the matters a
province holds; `--copies 370` reaches the 30,000 matters of the design target.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from qingdan.config import load_config
from qingdan.loader import load_dataset
from qingdan.project import Project
from qingdan.resources import shipped_dir
from qingdan.rules import RULES
from qingdan.schema import SchemaSet
from qingdan.validate import validate

SAMPLE = Path(__file__).resolve().parent.parent / "lists" / "qinglan" / "2022"


def build_corpus(root: Path, townships: int, copies: int) -> tuple[int, int]:
    """Copy the sample edition into `root`, scaled; return (files, bytes)."""
    shutil.copytree(SAMPLE, root)
    sample_townships = sorted((SAMPLE / "townships").glob("*.yaml"))
    for n in range(townships):
        src = sample_townships[n % len(sample_townships)]
        text = src.read_text(encoding="utf-8")
        text = re.sub(r"^id: (\S+)$", rf"id: \g<1>-{n}", text, count=1, flags=re.MULTILINE)
        (root / "townships" / f"{src.stem}-{n}.yaml").write_text(text, encoding="utf-8")
    for src in sorted((SAMPLE / "matters").glob("*.yaml")):
        text = src.read_text(encoding="utf-8")
        head, _, body = text.partition("matters:\n")
        for c in range(copies):
            copy = re.sub(r"^  - id: (\S+)$", rf"  - id: \g<1>-{c}", body, flags=re.MULTILINE)
            domain = re.sub(r"^  id: (\S+)$", rf"  id: \g<1>-{c}", head, count=1, flags=re.MULTILINE)
            (root / "matters" / f"{src.stem}-{c}.yaml").write_text(domain + "matters:\n" + copy, encoding="utf-8")
    files = list(root.rglob("*.yaml"))
    return len(files), sum(f.stat().st_size for f in files)


def time_it(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--townships", type=int, default=150)
    parser.add_argument("--copies", type=int, default=37, help="copies of the 81 sample matters")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    import yaml
    from ruamel.yaml import YAML

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "corpus"
        n_files, n_bytes = build_corpus(root, args.townships, args.copies)
        project = Project.discover(root)
        schemas = SchemaSet.load(shipped_dir("schemas"))
        files = sorted(root.rglob("*.yaml"))
        rt = YAML(typ="rt")

        def fast():
            load_dataset(project)

        # the copies repeat the sample's matter names, which QD103 rightly reports 30,000 times
        config = load_config({"rules": {"duplicate-matters": "off"}}, RULES)

        def full():
            dataset, loaded = load_dataset(project)
            findings = validate(dataset, schemas, loaded, config)
            assert not [f for f in findings if f.severity == "error"], findings[:3]

        def csafe():
            for f in files:
                yaml.load(f.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)

        def ruamel_rt():
            for f in files:
                rt.load(f.read_text(encoding="utf-8"))

        dataset, _ = load_dataset(project)
        print(
            f"corpus: {n_files} files, {n_bytes / 1e6:.1f} MB, "
            f"{len(dataset.townships)} townships, {len(dataset.matters)} matters"
        )
        times: dict[str, list[float]] = {"csafe": [], "fast": [], "validate": [], "ruamel-rt": []}
        for _ in range(args.runs):  # interleaved, so machine noise hits all of them alike
            times["csafe"].append(time_it(csafe))
            times["fast"].append(time_it(fast))
            times["validate"].append(time_it(full))
            times["ruamel-rt"].append(time_it(ruamel_rt))
        med = {k: statistics.median(v) for k, v in times.items()}
        for name, values in times.items():
            print(
                f"{name:>10}: median {med[name]:.3f} s  (min {min(values):.3f}, max {max(values):.3f}, runs {len(values)})"
            )
        print(f"ratio fast / csafe:         {med['fast'] / med['csafe']:.2f}x")
        print(f"ratio ruamel-rt / fast:     {med['ruamel-rt'] / med['fast']:.1f}x")
        print(f"ratio validate / fast:      {med['validate'] / med['fast']:.2f}x")
        print(f"fast throughput:            {n_bytes / 1e6 / med['fast']:.1f} MB/s")


if __name__ == "__main__":
    main()
