"""What a `qingdan who` search hands its writers: the words asked and the answers found."""

from __future__ import annotations

from dataclasses import dataclass

from qingdan.who import Answer


@dataclass(frozen=True, slots=True)
class WhoRun:
    """One `qingdan who`, as its writers see it."""

    query: str
    answers: list[Answer]
    words: str = ""  # the query as searched: its words run together, everyday words replaced (养狗 -> 养犬)
    township: str = ""  # --township as given
    department: str = ""  # --department as given
