"""The static publication site (政务公开): an index with the "谁负责？" search, a page per list, township and department.

Every page opens from disk over file:// and asks nothing of the network: the style sheet and
the search script are files beside the pages, the search data is a JSON block inside
index.html, and the pictures (organisation chart, counterparts) are inline SVG laid out here
and drawn by the templates, so that every text in them passes through Jinja's autoescape.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass, field

from jinja2 import Environment
from markupsafe import Markup

from qingdan.labels import MANAGEMENT, SCALES, STATIONED, TOWNSHIP_KINDS, TOWNSHIP_NAME, UNIT_KINDS
from qingdan.model import TOWNSHIP, DataSet, Department, Office, StationedUnit, Township, grouped
from qingdan.render.documents import KINDS, Document, staffing_lines
from qingdan.render.templates import render_template, safe_stem
from qingdan.terms import expansions, sound_table

_RUN_BY_TOWNSHIP = ("local", "dual")  # 属地管理 / 双重管理 units count as the township's own (rules QD301, QD302)
_ASSETS = ("site.css", "search.js")
_TOWNSHIP_DOCUMENTS = ("office-table", "performance-list")  # one per township, stem "<kind>-<township id>"
# the files of a list a reader may download, when rendered beside the site: `render --to site,docx,xlsx` puts
# each format in its own folder (render.render_files); the label is what the link says
_DOWNLOADS = (("docx", "Word"), ("pdf", "PDF"), ("xlsx", "Excel"))

Unit = Office | StationedUnit


# -- what the templates draw ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Link:
    text: str
    href: str = ""  # "" draws plain text
    files: tuple[Link, ...] = ()  # a list's page: its Word, PDF and Excel files rendered beside the site


@dataclass(frozen=True, slots=True)
class Label:
    x: int
    y: int
    text: str
    strong: bool = False


@dataclass(frozen=True, slots=True)
class Box:
    x: int
    y: int
    w: int
    h: int
    cls: str  # township / leader / office / unit / department, plus " warn" when highlighted
    labels: tuple[Label, ...]
    title: str = ""  # the tooltip
    href: str = ""


@dataclass(frozen=True, slots=True)
class Line:
    points: tuple[tuple[int, int], ...]
    cls: str = ""


@dataclass(frozen=True, slots=True)
class Picture:
    width: int
    height: int
    boxes: tuple[Box, ...]
    lines: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class UnitRow:
    name: str
    kind: str
    management: str
    functions: tuple[str, ...]
    counterparts: tuple[Link, ...]
    leaders: tuple[str, ...]
    staffing: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LeaderRow:
    name: str
    post: str
    oversees: tuple[str, ...]
    assists: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CounterpartRow:
    township: Link
    units: tuple[str, ...]
    many: bool  # several township-run units: 多对一


@dataclass(frozen=True, slots=True)
class MatterRow:
    name: str
    domain: str
    parties: tuple[Link, ...]  # the supporting parties of a led matter, the leads of a supported one
    duties: tuple[str, ...]


@dataclass(slots=True)
class _Names:
    """File names for every page, unique and safe whatever the ids hold."""

    taken: set[str] = field(default_factory=lambda: {"index.html", *_ASSETS})
    parties: dict[str, str] = field(default_factory=dict)  # department id (or TOWNSHIP) -> short name
    documents: dict[str, str] = field(default_factory=dict)
    townships: dict[str, str] = field(default_factory=dict)
    departments: dict[str, str] = field(default_factory=dict)

    def claim(self, prefix: str, key: str) -> str:
        base = f"{prefix}{safe_stem(key)}"
        name, n = f"{base}.html", 2
        while name in self.taken:
            name, n = f"{base}-{n}.html", n + 1
        self.taken.add(name)
        return name


# -- the writer -------------------------------------------------------------------------


def write(
    dataset: DataSet, documents: list[Document], env: Environment, epoch: int, downloads: Collection[str] = ()
) -> dict[str, bytes]:
    """Render the site: index.html, its assets, and a page per list, township and department.

    `downloads` names the files rendered beside the site in the same render (`docx/<stem>.docx` …);
    each list's page and its entry on the index link the ones of that list. The site carries no
    date of its own, so `epoch` is not used.
    """
    names = _Names(parties=_party_names(dataset))
    for t in list(dataset.index.townships.values()):
        names.townships[t.id] = names.claim("township-", t.id)
    for d in list(dataset.index.departments.values()):
        names.departments[d.id] = names.claim("department-", d.id)
    for doc in documents:
        names.documents[doc.stem] = names.claim("", doc.stem)
    edition = dataset.edition
    files_of = {doc.stem: _files(doc, downloads) for doc in documents}
    site = {
        "jurisdiction": edition.jurisdiction if edition else "",
        "edition": edition,
        "host": edition.site.host if edition and edition.site else "",
        "contact": edition.site.contact if edition and edition.site else "",
        "departments": [
            Link(d.name or d.id, names.departments[d.id]) for d in list(dataset.index.departments.values())
        ],
        "townships": [Link(t.name or t.id, names.townships[t.id]) for t in list(dataset.index.townships.values())],
        "draft": next((d.draft for d in documents if d.draft), ""),  # marks every page, as it marks every list
    }
    files: dict[str, str] = {asset: render_template(env, f"site/{asset}.j2") for asset in _ASSETS}
    files["index.html"] = render_template(
        env,
        "site/index.html.j2",
        site=site,
        lists=_list_links(documents, names, files_of),
        township_rows=[
            (Link(t.name or t.id, names.townships[t.id]), t) for t in list(dataset.index.townships.values())
        ],
        kinds=TOWNSHIP_KINDS,
        department_options=[
            (str(i), d.name or d.id) for i, d in enumerate(list(dataset.index.departments.values()), start=1)
        ],
        township_options=[(str(i), t.name or t.id) for i, t in enumerate(list(dataset.index.townships.values()))],
        search_data=_search_data(dataset, names),
    )
    for doc in documents:
        files[names.documents[doc.stem]] = render_template(
            env, "site/document.html.j2", site=site, doc=doc, files=files_of[doc.stem]
        )
    for t in list(dataset.index.townships.values()):
        files[names.townships[t.id]] = _township_page(dataset, t, documents, names, env, site)
    for d in list(dataset.index.departments.values()):
        files[names.departments[d.id]] = _department_page(dataset, d, documents, names, env, site)
    return {name: files[name].encode("utf-8") for name in sorted(files)}


def _files(doc: Document, downloads: Collection[str]) -> tuple[Link, ...]:
    """The document's files among `downloads`, as links from the site's folder: only those this render wrote."""
    stem = safe_stem(doc.stem)
    paths = ((label, f"{suffix}/{stem}.{suffix}") for suffix, label in _DOWNLOADS)
    return tuple(Link(label, path) for label, path in paths if path in downloads)


def _list_links(
    documents: list[Document], names: _Names, files_of: dict[str, tuple[Link, ...]]
) -> list[tuple[str, list[Link]]]:
    """The documents by kind, in the order `qingdan render --list` names the kinds, each with its files."""
    out = []
    for kind in KINDS.values():
        links = [Link(d.title, names.documents[d.stem], files_of[d.stem]) for d in documents if d.kind == kind.name]
        if links:
            out.append((kind.title, links))
    return out


def _party_names(dataset: DataSet) -> dict[str, str]:
    """Short names of every party, the first of a duplicate department id winning (a page per id, not per record)."""
    index = dataset.index
    return {**{d: index.party(d, short=True) for d in index.departments}, TOWNSHIP: TOWNSHIP_NAME}


def _party_link(party: str, names: _Names) -> Link:
    """A department by its short name, linked to its page; 乡镇（街道） and unknown ids as plain text."""
    return Link(names.parties.get(party, party), names.departments.get(party, ""))


# -- township pages ---------------------------------------------------------------------


def _overseers(t: Township) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in t.leaders:
        for unit in dict.fromkeys(p.oversees):
            out.setdefault(unit, []).append(p.name or p.id)
    return out


def _township_page(
    dataset: DataSet, t: Township, documents: list[Document], names: _Names, env: Environment, site: dict
) -> str:
    overseers = _overseers(t)
    unit_name = dataset.index.unit_name

    def row(u: Unit) -> UnitRow:
        return UnitRow(
            u.name or u.id,
            UNIT_KINDS.get(u.kind, u.kind) if isinstance(u, Office) else STATIONED,
            MANAGEMENT.get(u.management, u.management) if isinstance(u, StationedUnit) else "",
            u.functions,
            tuple(_party_link(c, names) for c in dict.fromkeys(u.counterparts)),
            tuple(overseers.get(u.id, ())),
            staffing_lines(u.staffing),
        )

    leaders = [
        LeaderRow(
            p.name or p.id,
            p.post,
            tuple(unit_name(t.id, u) for u in p.oversees),
            tuple(unit_name(t.id, u) for u in p.assists),
        )
        for p in t.leaders
    ]
    roles = {o.role for o in t.offices}
    uncarried = [
        (m.name, dataset.index.role(m.township_office))
        for m in dataset.matters
        if m.township_office and m.township_office not in roles
    ]
    structure = dataset.index.structures.get(t.structure)
    return render_template(
        env,
        "site/township.html.j2",
        site=site,
        township=t,
        kind=TOWNSHIP_KINDS.get(t.kind, t.kind),
        scale=SCALES.get(t.scale, t.scale),
        structure=structure.name if structure else t.structure,
        offices=[row(o) for o in t.offices],
        units=[row(u) for u in t.stationed_units],
        leaders=leaders,
        org_chart=org_chart(t),
        counterparts=counterpart_picture(t, dataset, names),
        uncarried=uncarried,
        documents=[
            Link(d.title, names.documents[d.stem])
            for d in documents
            if d.kind in _TOWNSHIP_DOCUMENTS and d.stem == f"{d.kind}-{t.id}"
        ],
    )


# Layout of the pictures in SVG user units (pixels at 100 %), for the 13px text of site.css.
_LINE = 17
_PAD = 6
_COL = 126  # org chart: width of a leader's column
_BOX = 116  # org chart: width of a box
_WRAP = 8  # org chart: characters on a line
_SUFFIXES = ("办公室", "服务中心", "服务站", "中心", "大队", "中队", "规划所", "监管所", "派出所", "司法所", "财政所")


def _width(text: str) -> float:
    """Width of a text in characters: CJK and full-width forms count one, ASCII a little over half."""
    return sum(0.6 if ord(c) < 0x2E80 else 1.0 for c in text)


def _wrap(text: str, limit: int = _WRAP) -> tuple[str, ...]:
    """Break a name into short lines: after 、 in a post, before a suffix such as 办公室, else evenly."""
    if _width(text) <= limit:
        return (text,)
    if "、" in text:
        parts = [p + "、" for p in text.split("、")]
        parts[-1] = parts[-1][:-1]
        lines: list[str] = []
        for part in parts:
            if lines and _width(lines[-1] + part) <= limit:
                lines[-1] += part
            else:
                lines.extend(_wrap(part, limit))
        return tuple(lines)
    for suffix in _SUFFIXES:
        head = text[: -len(suffix)]
        if text.endswith(suffix) and head and _width(head) <= limit:
            return (head, suffix)
    count = -(-len(text) // max(1, int(limit)))
    size = -(-len(text) // count)
    return tuple(text[i : i + size] for i in range(0, len(text), size))


def _box(
    x: int, y: int, w: int, lines: tuple[str, ...], cls: str, title: str = "", href: str = "", strong: int = 0
) -> Box:
    """A box `w` wide and as tall as its lines, the first `strong` of them bold."""
    h = 2 * _PAD + len(lines) * _LINE
    labels = tuple(
        Label(x + w // 2, y + _PAD + (i + 1) * _LINE - 4, text, strong=i < strong) for i, text in enumerate(lines)
    )
    return Box(x, y, w, h, cls, labels, title, href)


def org_chart(t: Township) -> Picture:
    """The township at the top, its leaders below, each leader's units stacked under them.

    A unit overseen by several leaders is drawn under each and highlighted; the township's own
    units that nobody oversees stand in a last, highlighted column.
    """
    units = {u.id: u for u in (*t.offices, *t.stationed_units)}
    overseers = _overseers(t)
    heads = [((p.name or p.id, *_wrap(p.post)) if p.post else (p.name or p.id,), p.post, "leader") for p in t.leaders]
    stacks = [list(dict.fromkeys(p.oversees)) for p in t.leaders]
    own = [*t.offices, *(u for u in t.stationed_units if u.management in _RUN_BY_TOWNSHIP)]
    orphans = [u.id for u in own if u.id not in overseers]
    if orphans:
        heads.append((("未明确分管",), "", "leader warn"))
        stacks.append(orphans)
    width = 32 + max(1, len(heads)) * _COL
    top = _box(width // 2 - 90, 16, 180, (t.name or t.id, "党委 · 政府"), "township", strong=1)
    rows = max((len(lines) for lines, _, _ in heads), default=1)
    leader_y = top.y + top.h + 40
    bus_y = leader_y - 20
    boxes, lines = [top], []
    if heads:
        first, last = 16 + _COL // 2, 16 + (len(heads) - 1) * _COL + _COL // 2
        lines += [Line(((width // 2, top.y + top.h), (width // 2, bus_y))), Line(((first, bus_y), (last, bus_y)))]
    bottom = top.y + top.h
    for i, ((head, post, cls), stack) in enumerate(zip(heads, stacks, strict=True)):
        x = 16 + i * _COL + (_COL - _BOX) // 2
        cx = x + _BOX // 2
        leader = _box(x, leader_y, _BOX, (*head, *("",) * (rows - len(head))), cls, post, strong=1)
        warn = "warn" if "warn" in cls else ""
        lines.append(Line(((cx, bus_y), (cx, leader_y)), warn))
        boxes.append(leader)
        above, y = leader.y + leader.h, leader.y + leader.h + 20
        for unit_id in stack:
            unit = units.get(unit_id)
            shared = len(overseers.get(unit_id, ())) > 1
            kind = "unit" if isinstance(unit, StationedUnit) else "office"
            title = f"由{'、'.join(overseers[unit_id])}共同分管" if shared else ""
            flag = " warn" if shared or unit is None or warn else ""
            box = _box(x, y, _BOX, _wrap((unit.name or unit.id) if unit else unit_id), kind + flag, title)
            lines.append(Line(((cx, above), (cx, y)), warn))
            boxes.append(box)
            above, y = box.y + box.h, box.y + box.h + 12
        bottom = max(bottom, y - 12 if stack else leader.y + leader.h)
    return Picture(width, bottom + 16, tuple(boxes), tuple(lines))


def counterpart_picture(t: Township, dataset: DataSet, names: _Names | None = None) -> Picture:
    """The township's own units on the left, the departments they answer to on the right.

    A department that two or more units answer to (多对一) is highlighted, with its lines;
    a department box links to the department's page when `names` holds one.
    """
    names = names or _Names(parties=_party_names(dataset))
    units = [*t.offices, *(u for u in t.stationed_units if u.management in _RUN_BY_TOWNSHIP)]
    by_department: dict[str, list[int]] = {}
    for i, u in enumerate(units):
        for d in dict.fromkeys(u.counterparts):
            by_department.setdefault(d, []).append(i)
    order = {d.id: n for n, d in reversed(list(enumerate(dataset.departments)))}
    # departments in the order of the mean row of their units, so that lines cross as little as they can
    departments = sorted(
        by_department, key=lambda d: (sum(by_department[d]) / len(by_department[d]), order.get(d, len(order)), d)
    )
    short = names.parties
    row, box_w, gap = 36, 200, 240
    height = max(len(units), len(departments), 1) * row + 16
    left_top = 8 + (height - 16 - len(units) * row) // 2
    right_top = 8 + (height - 16 - len(departments) * row) // 2
    left = [
        _box(8, left_top + i * row, box_w, (u.name or u.id,), "unit" if isinstance(u, StationedUnit) else "office")
        for i, u in enumerate(units)
    ]
    right: dict[str, Box] = {}
    normal, warned = [], []
    for j, d in enumerate(departments):
        many = len(by_department[d]) > 1
        title = f"{len(by_department[d])}个机构对口{dataset.index.party(d)}" if many else dataset.index.party(d)
        cls = "department warn" if many else "department"
        label = f"{short.get(d, d)}（{len(by_department[d])}个机构）" if many else short.get(d, d)
        b = _box(8 + box_w + gap, right_top + j * row, box_w, (label,), cls, title, names.departments.get(d, ""))
        right[d] = b
        for i in by_department[d]:
            a = left[i]
            line = Line(((a.x + a.w, a.y + a.h // 2), (b.x, b.y + b.h // 2)), "warn" if many else "")
            (warned if many else normal).append(line)
    # highlighted lines are drawn last, on top of the others
    return Picture(16 + 2 * box_w + gap, height, (*left, *right.values()), (*normal, *warned))


# -- department pages -------------------------------------------------------------------


def _department_page(
    dataset: DataSet, d: Department, documents: list[Document], names: _Names, env: Environment, site: dict
) -> str:
    domains = dataset.index.domains
    leads = [
        MatterRow(
            m.name,
            _group(domains.get(m.domain, m.domain)),
            tuple(_party_link(p, names) for p in m.supporting),
            m.department_duties,
        )
        for m in dataset.matters
        if d.id in m.leads
    ]
    supports = [
        MatterRow(m.name, _group(domains.get(m.domain, m.domain)), tuple(_party_link(p, names) for p in m.leads), ())
        for m in dataset.matters
        if d.id in m.supporting and d.id not in m.leads
    ]
    counterparts = []
    for t in list(dataset.index.townships.values()):
        own = [
            u
            for u in (*t.offices, *t.stationed_units)
            if d.id in u.counterparts and (isinstance(u, Office) or u.management in _RUN_BY_TOWNSHIP)
        ]
        stationed = [u for u in t.stationed_units if d.id in u.counterparts and u.management not in _RUN_BY_TOWNSHIP]
        if own or stationed:
            counterparts.append(
                CounterpartRow(
                    Link(t.name or t.id, names.townships[t.id]),
                    tuple(u.name or u.id for u in (*own, *stationed)),
                    len(own) > 1,
                )
            )
    view = [doc for doc in documents if doc.kind == "department-view" and doc.stem == f"department-view-{d.id}"]
    return render_template(
        env,
        "site/department.html.j2",
        site=site,
        department=d,
        leads=leads,
        supports=supports,
        counterparts=counterparts,
        view=view[0] if view else None,
        view_href=names.documents[view[0].stem] if view else "",
    )


# -- the search data --------------------------------------------------------------------


def _search_data(dataset: DataSet, names: _Names) -> Markup:
    """Every matter, duty and duty-list item as JSON for the "谁负责？" search, safe inside <script>.

    Parties (乡镇 first, then the departments) and townships are tables the items point into by
    index, so that 30,000 items stay small. An item holds: k kind, n name, g domain / area /
    category, l leads and s supporting parties, r the role of the carrying office (resolved per
    township by the script) or o the office itself, t its township when it has one, c contact,
    and the lines d 部门职责, e 乡镇职责, w 工作方式. Beside the items go the tables of qingdan.terms
    the script hears a query with, so that it finds what `qingdan who` finds: synonyms, the
    everyday words in the order they are replaced, and sounds, each toneless pinyin reading with
    the characters that have it (the common characters and every character of the items' names).
    """
    departments = list(dataset.index.departments.values())
    party_index = {TOWNSHIP: 0, **{d.id: i for i, d in enumerate(departments, start=1)}}
    parties: list[list[str]] = [[names.parties[TOWNSHIP], "", ""]]
    for d in departments:
        c = d.contact
        contact = " ".join(x for x in (c.unit, c.name, c.phone) if x) if c else ""
        parties.append([names.parties[d.id], names.departments[d.id], contact])

    def party(p: str) -> int:
        if p not in party_index:  # a dangling id is still shown, by its id
            party_index[p] = len(parties)
            parties.append([p, "", ""])
        return party_index[p]

    townships = list(dataset.index.townships.values())
    town_index = {t.id: i for i, t in enumerate(townships)}
    roles: dict[str, str] = {}
    for s in dataset.structures:
        for r in s.roles:
            roles.setdefault(r.id, r.name or r.id)
    towns = [{"n": t.name or t.id, "o": {o.role: o.name for o in t.offices if o.role}} for t in townships]
    domains = dataset.index.domains
    areas = dataset.index.areas
    items: list[dict] = []
    for m in dataset.matters:
        item = {
            "k": "matter",
            "n": m.name,
            "g": _group(domains.get(m.domain, m.domain)),
            "l": [party(p) for p in m.leads],
        }
        item |= {"s": [party(p) for p in m.supporting], "r": m.township_office}
        if m.contact:
            item["c"] = " ".join(x for x in (m.contact.name, m.contact.phone) if x)
        item |= {"d": list(m.department_duties), "e": list(m.township_duties)}
        items.append(item)
    for duty in dataset.duties:
        items.append(
            {"k": "duty", "n": duty.name, "g": _group(areas.get(duty.area, duty.area)), "l": [0], "r": duty.office}
        )
    for dl in dataset.duty_lists:
        where = {"t": town_index[dl.township]} if dl.township in town_index else {}
        for i in dl.items:
            item = {"k": i.list, "n": i.name, "g": _group(i.category), **where}
            if i.list == "supporting":
                item |= {"l": [party(d) for d in i.departments], "s": [0], "d": _lines(i.department_duty)}
                item["e"] = _lines(i.township_duty)
            elif i.list == "reclaimed":
                item |= {"l": [party(d) for d in i.receiving_departments], "w": _lines(i.working_method)}
            else:
                item["l"] = [0]
            if i.office:
                item["o"] = dataset.index.unit_name(dl.township, i.office)
            items.append(item)
    data = {"parties": parties, "towns": towns, "roles": roles, "items": items}
    data |= {"synonyms": expansions(), "sounds": sound_table(item["n"] for item in items)}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # inside <script> only "</" could end the block; escaping every < > & keeps <!-- and the like inert too
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def _group(name: str) -> str:
    """A domain, area or category as a page names it: "" for none, never 未分领域, 未分类 and the like (QD208)."""
    return name if grouped(name) else ""


def _lines(text: str) -> list[str]:
    return [text] if text else []
