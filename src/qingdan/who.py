"""“谁负责？”: find the matters and duty-list items a few words point at, and who carries them.

People type what they say, not what the list says: 养狗 for 养犬, 垃圾 for 生活垃圾, and pick
the wrong character of the same sound: 秸杆 for 秸秆. Words are widened with the everyday
synonyms of `qingdan.terms`, then items are scored by how many of the query's characters and
character pairs (`qingdan.similarity.bigrams`) occur in their name (weighted) and duties. When
nothing matches so, a query that sounds like part of a name is scored as the name's own
characters, a little lower.
The site's search reads the same tables (qingdan.terms).
"""

from __future__ import annotations

from dataclasses import dataclass

from qingdan.model import DataSet, Index, Township
from qingdan.similarity import bigrams
from qingdan.terms import expand, sounds_like

__all__ = ["Answer", "expand", "search"]

_HEARD = 0.9  # a same-sound match ranks just below the same words written right


@dataclass(frozen=True, slots=True)
class Answer:
    """One item and who carries it."""

    kind: str  # "matter" or "duty-list"
    id: str
    name: str
    score: float
    lead: str
    supporting: tuple[str, ...]
    office: str  # the carrying office (in the township asked about, or the role's name)
    leader: str  # the leader overseeing that office, when a township is given
    basis: tuple[str, ...]
    contact: str
    township: str = ""  # for duty-list items: whose list
    heard: str = ""  # the characters of the name the query sounds like, when it was found by sound (秸杆 -> 秸秆)


def _grams(text: str) -> frozenset[str]:
    """The character pairs of the text and its single characters."""
    return bigrams(text) | frozenset(text)


def _score(query: frozenset[str], name: str, rest: str) -> float:
    """How much of the query the name (weighted) and the rest of the item hold: 1.0 is all of it in the name."""
    in_name = sum(2 if len(g) == 2 else 1 for g in query if g in name)
    in_rest = sum(1 if len(g) == 2 else 0.25 for g in query if g not in name and g in rest)
    most = sum(2 if len(g) == 2 else 1 for g in query) or 1
    return (in_name + in_rest) / most


def search(
    dataset: DataSet, query: str, township: str | None = None, department: str | None = None, limit: int = 20
) -> list[Answer]:
    """Items that match `query` best first; only those scoring at least half the query.

    When nothing matches as written, the query is heard by sound: a typo such as 秸杆 finds 秸秆.
    Only then, because two characters often sound like others (主体 and 主题) and a right word
    should not bring those along.
    """
    words = expand(query)
    grams = _grams(words)
    if not grams:
        return []
    if township:
        township = dataset.index.township_id(township)
    answers = _answers(dataset, words, grams, township, department, hear=False)
    if not answers:
        answers = _answers(dataset, words, grams, township, department, hear=True)
    answers.sort(key=lambda a: (-a.score, a.kind != "matter", a.name, a.id))  # the 属地管理 list first
    return answers[:limit]


def _answers(
    dataset: DataSet, words: str, grams: frozenset[str], township: str | None, department: str | None, hear: bool
) -> list[Answer]:
    """Every item scoring at least half the query, by its characters or, with `hear`, by their sound."""
    index = dataset.index
    departments = index.departments
    place = dataset.township(township) if township else None
    party = index.party
    answers = []
    for m in dataset.matters:
        if department and department not in (*m.leads, *m.supporting):
            continue
        score, heard = _match(words, grams, m.name, "".join((*m.department_duties, *m.township_duties)), hear)
        if score < 0.5:
            continue
        office, leader = _carrier(place, m.township_office, index)
        contact = m.contact or next((d.contact for p in m.leads if (d := departments.get(p)) and d.contact), None)
        answers.append(
            Answer(
                "matter",
                m.id,
                m.name,
                score,
                "、".join(party(p) for p in m.leads),
                tuple(party(p) for p in m.supporting),
                office,
                leader,
                # which documents, 文号 and articles: a terminal answer; the excerpts are in the lists
                tuple(b.citation for b in m.basis),
                " ".join(x for x in (contact.name, contact.phone) if x) if contact else "",
                heard=heard,
            )
        )
    for dl in dataset.duty_lists:
        if township and dl.township != township:
            continue
        t = dataset.township(dl.township)
        for i in dl.items:
            deps = i.departments or i.receiving_departments
            if department and department not in deps:
                continue
            rest = i.department_duty + i.township_duty + i.working_method
            score, heard = _match(words, grams, i.name, rest, hear)
            if score < 0.5:
                continue
            unit = t.unit(i.office) if t and i.office else None
            leader = _overseer(t, i.office) if t else ""
            lead = "、".join(party(d) for d in deps) if deps else (t.name if t else dl.township)
            contact = next((c for d in deps if d in departments and (c := departments[d].contact)), None)
            answers.append(
                Answer(
                    "duty-list",
                    i.id,
                    i.name,
                    score,
                    lead,
                    (),
                    unit.name if unit else "",
                    leader,
                    (),
                    " ".join(x for x in (contact.name, contact.phone) if x) if contact else "",
                    t.name if t else dl.township,
                    heard,
                )
            )
    return answers


def _match(words: str, grams: frozenset[str], name: str, rest: str, hear: bool) -> tuple[float, str]:
    """The item's score, and with `hear` the characters of its name the words sound like, when that scores higher."""
    score = _score(grams, name, rest)
    heard = sounds_like(words, name) if hear else ""
    if heard and heard != words and (by_sound := _HEARD * _score(_grams(heard), name, rest)) > score:
        return by_sound, heard
    return score, ""


def _carrier(place: Township | None, role: str, index: Index) -> tuple[str, str]:
    """The office that carries a role (with its overseeing leader) in the township asked about; else the role's name."""
    if not role:
        return "", ""
    if place is None:
        return index.role(role), ""
    office = next((o for o in place.offices if o.role == role), None)
    if office is None:
        return f"（{place.name}未设{index.role(role, place.structure)}）", ""
    return office.name, _overseer(place, office.id)


def _overseer(place: Township, unit_id: str) -> str:
    return "、".join(f"{p.name}（{p.post}）" for p in place.leaders if unit_id in p.oversees)
