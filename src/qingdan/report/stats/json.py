"""The JSON format of `qingdan stats`: one versioned document for scripts, shape in docs/stats.md."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Console

from qingdan import __version__
from qingdan.report import write_text
from qingdan.report.stats.run import KINDS
from qingdan.stats import NATIONAL_AVERAGE, NATIONAL_TOTAL, DomainRow, DutyCounts, Posts, Stats, TownshipRow

VERSION = 1  # bump when a key is renamed or removed; adding a key keeps the version


def write(stats: Stats, console: Console) -> None:
    """Write the statistics as indented JSON, Chinese unescaped, with a final newline."""
    write_text(console, json.dumps(document(stats), ensure_ascii=False, indent=2) + "\n")


def document(stats: Stats) -> dict[str, Any]:
    """Return the statistics as plain data: English keys, numbers as numbers, ratios to 4 places."""
    return {
        "version": VERSION,
        "tool": {"name": "qingdan", "version": __version__},
        "edition": {
            "jurisdiction": stats.jurisdiction or None,
            "version": stats.version or None,
            "label": stats.label or None,
            "document_number": stats.document_number or None,
            "effective_date": stats.effective_date or None,
        },
        "national_average": {**NATIONAL_AVERAGE, "total": NATIONAL_TOTAL},
        "headline": {key: value for key, _, value in stats.headline},
        "domains": [_domain(r) for r in stats.domains],
        "domain_total": _domain(stats.domain_total),
        "townships": [_township(r, ratios=True) for r in stats.townships],
        "township_total": _township(stats.township_total, ratios=False),
        "duty_list_mean": (
            {"townships": stats.duty_list_townships, **_duty_list(stats.duty_list_mean, ratios=True)}
            if stats.duty_list_mean is not None
            else None
        ),
        "unmatched_duty_lists": list(stats.unmatched_duty_lists),
    }


def _domain(r: DomainRow) -> dict[str, Any]:
    return {
        "id": r.id or None,
        "name": r.name,
        "matters": r.matters,
        "department_led": r.department_led,
        "township_led": r.township_led,
        "unowned": r.unowned,
        "township_supporting": r.township_supporting,
        "department_duties": r.department_duties,
        "township_duties": r.township_duties,
    }


def _township(r: TownshipRow, ratios: bool) -> dict[str, Any]:
    return {
        "id": r.id or None,
        "name": r.name,
        "structure": r.structure or None,
        "offices": {
            "party_government": r.party_government,
            "public_institution": r.public_institution,
            "counted": r.counted,
            "limit": r.limit,
            "over_limit": r.over_limit,
        },
        "stationed_units": {"total": r.stationed_units, "department_run": r.department_run},
        "counterparts": r.counterparts,
        "duty_list": _duty_list(r.duty_list, ratios) if r.duty_list is not None else None,
        "staffing": {"administrative": _posts(r.administrative), "institutional": _posts(r.institutional)},
    }


def _duty_list(counts: DutyCounts, ratios: bool) -> dict[str, Any]:
    """Each kind's count and, for a township or the mean, its ratio to the national average."""
    return {
        kind: {"count": _number(getattr(counts, kind)), "ratio": round(counts.ratio(kind), 4) if ratios else None}
        for kind in KINDS
    }


def _posts(p: Posts) -> dict[str, Any]:
    return {
        "approved": p.approved,
        "actual": p.actual,
        "vacant": p.vacant,
        "vacancy_rate": round(p.rate, 4) if p.rate is not None else None,
    }


def _number(value: float) -> int | float:
    """Whole counts as integers; a mean as a float to 4 places."""
    return int(value) if float(value).is_integer() else round(value, 4)
