"""Baselines for adopting qingdan on existing lists: today's findings, keyed by rule and item.

A baseline holds each finding's `key` (rule, file, item — never a line number, which moves
on every edit) with how many times it occurs; checking against it hides that many of each
key and lets every new finding through.
"""

from __future__ import annotations

import json
from collections import Counter

from qingdan.errors import QingdanError
from qingdan.findings import Finding

VERSION = 1


def dump(findings: list[Finding]) -> str:
    """Return the baseline text for these findings (JSON, sorted, with messages for readers)."""
    counts = Counter(f.key for f in findings)
    first = {}
    for f in findings:
        first.setdefault(f.key, f)
    entries = [
        {
            "key": key,
            "code": first[key].code,
            "file": first[key].file,
            "item": first[key].item,
            "message": first[key].message,
            "count": counts[key],
        }
        for key in sorted(counts)
    ]
    return json.dumps({"version": VERSION, "findings": entries}, ensure_ascii=False, indent=2) + "\n"


def parse(text: str, name: str) -> Counter[str]:
    """Return the keys of a baseline and their counts; a broken file is a QingdanError."""
    try:
        data = json.loads(text)
        if data.get("version") != VERSION:
            raise ValueError(f"version {data.get('version')!r}")
        return Counter({e["key"]: int(e.get("count", 1)) for e in data["findings"]})
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise QingdanError(f"基线文件「{name}」无法读取（{exc}）；请用 --write-baseline 重新生成") from None


def new_findings(findings: list[Finding], baseline: Counter[str]) -> tuple[list[Finding], int]:
    """Return the findings the baseline does not hold, and how many it hid."""
    left = Counter(baseline)
    out, hidden = [], 0
    for f in findings:
        if left[f.key] > 0:
            left[f.key] -= 1
            hidden += 1
        else:
            out.append(f)
    return out, hidden
