"""The static site: pages, links, pictures, search data and escaping (the browser test drives it for real)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import SAMPLES
from qingdan.errors import QingdanError
from qingdan.loader import load_dataset
from qingdan.project import Project
from qingdan.render import FORMATS, environment, formats, render_files
from qingdan.render.site import Picture, counterpart_picture, org_chart
from qingdan.resources import shipped_dir
from qingdan.terms import expansions, sound_table

HOSTILE = "<script>window.__pwned=1</script>养犬"
MATTER = f"""\
domain: {{id: urban-rural, name: 城乡建设}}
matters:
  - id: hostile
    name: "{HOSTILE}"
    lead: agriculture
    supporting: [township]
    department_duties: [负责犬只登记。]
    township_duties: ["</script><b>巡查</b>"]
    township_office: enforcement-brigade
    contact: {{name: 张三, phone: "0000-1"}}
"""


def _dataset(root: Path):
    return load_dataset(Project.discover(root))[0]


def _site(root: Path) -> dict[str, bytes]:
    return render_files(_dataset(root), "site", environment(shipped_dir("templates")))


@pytest.fixture(scope="module")
def site2022() -> dict[str, bytes]:
    return _site(SAMPLES / "2022")


@pytest.fixture(scope="module")
def site2025() -> dict[str, bytes]:
    return _site(SAMPLES / "2025")


class _Refs(HTMLParser):
    """Every href and src of a page, and the text of its <script id="search-data"> block."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.data: list[str] = []
        self._in_data = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.refs += [v for k, v in attrs if k in ("href", "src") and v is not None]
        self._in_data = tag == "script" and a.get("id") == "search-data"

    def handle_endtag(self, tag):
        self._in_data = False

    def handle_data(self, data):
        if self._in_data:
            self.data.append(data)


def _parse(page: bytes) -> _Refs:
    p = _Refs()
    p.feed(page.decode("utf-8"))
    return p


def _search(files: dict[str, bytes]) -> dict:
    return json.loads("".join(_parse(files["index.html"]).data))


def _boxes(p: Picture) -> list[tuple[str, str]]:
    """(text of a box, its class) for every box of a picture; a wrapped name is joined back."""
    return [("".join(label.text for label in b.labels), b.cls) for b in p.boxes]


def test_rendering_twice_gives_identical_bytes(site2025):
    assert _site(SAMPLES / "2025") == site2025


def test_one_page_per_list_township_and_department(site2022):
    ds = _dataset(SAMPLES / "2022")
    names = set(site2022)
    assert {"index.html", "site.css", "search.js", "responsibility-list.html", "duty-list.html"} <= names
    assert {f"township-{t.id}.html" for t in ds.townships} <= names
    assert {f"department-{d.id}.html" for d in ds.departments} <= names
    assert {f"office-table-{t.id}.html" for t in ds.townships} <= names
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9.-]*\.(html|css|js)", n) for n in names)


def test_links_are_relative_and_land_on_rendered_pages(site2025):
    for name, content in site2025.items():
        assert b"://" not in content, f"{name} refers to something outside the site"
        if name.endswith(".html"):
            refs = _parse(content).refs
            assert refs, name
            assert sorted({r for r in refs if r not in site2025}) == [], name
    index = set(_parse(site2025["index.html"]).refs)
    pages = {n for n in site2025 if n.endswith(".html") and n != "index.html"}
    assert pages <= index, "the index links every page"


def test_every_site_template_is_autoescaped():
    env = environment(shipped_dir("templates"))
    names = sorted(p.name for p in (shipped_dir("templates") / "site").glob("*.html.j2"))
    assert names and all(env.autoescape(f"site/{n}") for n in names)


def test_data_shows_as_text_everywhere(make_project):
    files = _site(make_project({"matters/urban-rural.yaml": MATTER}))
    for name, content in files.items():
        assert b"<script>window" not in content, name
        assert b"</script><b>" not in content, name
    page = files["department-agriculture.html"].decode()
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;养犬" in page
    index = files["index.html"].decode()
    assert "\\u003c/script\\u003e" in index
    item = next(i for i in _search(files)["items"] if i["k"] == "matter")
    assert (item["n"], item["d"], item["e"]) == (HOSTILE, ["负责犬只登记。"], ["</script><b>巡查</b>"])


def test_search_data_names_lead_supporting_office_and_contact(site2022):
    data = _search(site2022)
    dog = next(i for i in data["items"] if i["n"] == "养犬监管")
    parties = [p[0] for p in data["parties"]]
    assert (
        [parties[p] for p in dog["l"]],
        [parties[p] for p in dog["s"]],
        data["roles"][dog["r"]],
        dog["c"],
    ) == (["综合行政执法局"], ["乡镇（街道）", "公安局", "卫生健康局"], "综合行政执法大队", "毛建新 0000-6180126")
    assert data["parties"][dog["l"][0]][1] == "department-enforcement.html"
    ds = _dataset(SAMPLES / "2022")
    assert len(data["items"]) == len(ds.matters) + len(ds.duties)
    assert [t["n"] for t in data["towns"]] == [t.name for t in ds.townships]


def test_search_data_holds_the_duty_lists(site2025):
    data = _search(site2025)
    ds = _dataset(SAMPLES / "2025")
    listed = [i for i in data["items"] if i["k"] in ("basic", "supporting", "reclaimed")]
    assert len(listed) == sum(len(dl.items) for dl in ds.duty_lists)
    towns = [t["n"] for t in data["towns"]]
    dog = [(i["k"], towns[i["t"]], data["parties"][i["l"][0]][0]) for i in listed if i["n"] == "养犬管理"]
    assert dog == [("supporting", "鹤坪镇", "综合行政执法局"), ("supporting", "岚桥镇", "综合行政执法局")]


def test_search_options_match_the_data(site2022):
    index = site2022["index.html"].decode()
    data = _search(site2022)
    departments = re.search(r'<select id="search-department">(.*?)</select>', index, re.S).group(1)
    options = re.findall(r'<option value="(\d+)">([^<]+)</option>', departments)
    ds = _dataset(SAMPLES / "2022")
    assert [name for _, name in options] == [d.name for d in ds.departments]
    assert [data["parties"][int(v)][1] for v, _ in options] == [f"department-{d.id}.html" for d in ds.departments]


def test_org_chart_puts_each_office_under_its_leader():
    t = _dataset(SAMPLES / "2022").township("heping")
    boxes = _boxes(org_chart(t))
    texts = [text for text, _ in boxes]
    assert {o.name for o in t.offices} <= set(texts)
    assert texts[0].startswith("鹤坪镇")
    leader = next(b for b in org_chart(t).boxes if b.labels[0].text == "韩玉兰")
    under = [("".join(x.text for x in b.labels)) for b in org_chart(t).boxes if b.x == leader.x and b.y > leader.y]
    assert under == ["乡村建设办公室", "村镇规划建设办公室", "鹤坪自然资源规划所"]
    assert not any("warn" in cls for _, cls in boxes)


def test_org_chart_flags_shared_and_missing_oversight(make_project):
    township = """\
    id: heping
    name: 鹤坪镇
    kind: town
    structure: medium
    offices:
      - {id: economic-office, role: economic-office, name: 经济发展办公室, kind: party-government}
      - {id: enforcement-brigade, role: enforcement-brigade, name: 综合行政执法大队, kind: public-institution}
      - {id: planning-office, role: planning-office, name: 村镇规划建设办公室, kind: party-government}
    leaders:
      - {id: head, name: 王一, post: 镇长, oversees: [economic-office]}
      - {id: deputy, name: 李二, post: 副镇长, oversees: [economic-office, enforcement-brigade]}
    """
    t = _dataset(make_project({"townships/heping.yaml": township})).township("heping")
    boxes = _boxes(org_chart(t))
    assert [b for b in boxes if "warn" in b[1]] == [
        ("经济发展办公室", "office warn"),
        ("经济发展办公室", "office warn"),
        ("未明确分管", "leader warn"),
        ("村镇规划建设办公室", "office warn"),
    ]


def test_counterpart_picture_highlights_many_to_one():
    ds = _dataset(SAMPLES / "2022")
    picture = counterpart_picture(ds.township("heping"), ds)
    warned = [text for text, cls in _boxes(picture) if cls == "department warn"]
    assert warned == ["农业农村局（4个机构）", "自然资源和规划局（3个机构）"]
    assert sum(line.cls == "warn" for line in picture.lines) == 7
    # highlighted lines come last so they are drawn on top
    assert [line.cls for line in picture.lines[-7:]] == ["warn"] * 7
    left = {text for text, cls in _boxes(picture) if cls in ("office", "unit")}
    assert "鹤坪派出所" not in left, "a stationed unit is run by its department, not counted"


def test_township_page_tables(site2022):
    page = site2022["township-heping.html"].decode()
    for text in ("组织架构", 'id="org-chart"', 'id="counterparts"', "党政机构", "事业机构", "属地管理", "派驻"):
        assert text in page
    assert "何亚楠" in page and "经济发展办公室、应急管理办公室、鹤坪市场监管所" in page
    assert '<a href="department-agriculture.html">农业农村局</a>' in page
    assert 'href="office-table-heping.html"' in page


def test_department_page(site2025):
    page = site2025["department-enforcement.html"].decode()
    assert (
        "养犬监管" in page and "毛建新" not in page
    )  # a matter's contact is the search's; the page shows the department's
    assert "镇街配合事项" in page and 'href="department-view-enforcement.html"' in page
    agriculture = site2025["department-agriculture.html"].decode()
    assert '<tr class="warn"><td><a href="township-heping.html">鹤坪镇</a></td>' in agriculture


def test_page_names_stay_safe_and_distinct(make_project):
    township = """\
    id: He Ping
    name: 甲镇
    kind: town
    structure: medium
    offices: []
    leaders: []
    """
    files = _site(
        make_project(
            {
                "townships/a.yaml": township,
                "townships/b.yaml": township.replace("He Ping", "he-ping").replace("甲镇", "乙镇"),
                "townships/c.yaml": township.replace("He Ping", "../../etc/x").replace("甲镇", "丙镇"),
            }
        )
    )
    pages = sorted(n for n in files if n.startswith("township-") and n != "township-heping.html")
    assert pages == ["township-etc-x.html", "township-he-ping-2.html", "township-he-ping.html"]
    assert "甲镇" in files["township-he-ping.html"].decode() and "乙镇" in files["township-he-ping-2.html"].decode()


# -- what `qingdan who` hears, on the page ----------------------------------------------


def test_search_data_carries_the_synonyms_and_sounds_of_who(site2025):
    data = _search(site2025)
    assert data["synonyms"] == [list(pair) for pair in expansions()]
    assert ["养狗", "养犬"] in data["synonyms"] and ["违建", "违法建设"] in data["synonyms"]
    names = [i["n"] for i in data["items"]]
    assert data["sounds"] == sound_table(names)
    heard = "".join(data["sounds"].values())
    assert {c for n in names for c in n if "\u4e00" <= c <= "\u9fff"} <= set(heard), "every name can be heard"
    assert "杆" in data["sounds"]["gan"] and "秆" in data["sounds"]["gan"], "a typo's character is there too"


def test_search_data_names_no_more_than_the_page_shows(site2025):
    """The sound table and the synonyms are the only additions: every other key is what the search shows."""
    data = _search(site2025)
    assert sorted(data) == ["items", "parties", "roles", "sounds", "synonyms", "towns"]
    assert {k for i in data["items"] for k in i} <= set("knglsrotcdew")


# -- footer and downloads ---------------------------------------------------------------


def _footer(page: bytes) -> str:
    text = page.decode("utf-8")
    return re.sub(r"<[^>]+>", "", text[text.index("<footer") : text.index("</footer>")])


def test_every_page_has_the_footer_from_qingdan_yaml(site2025):
    edition = _dataset(SAMPLES / "2025").edition
    pages = [n for n in site2025 if n.endswith(".html")]
    assert len(pages) > 80
    for name in pages:
        footer = _footer(site2025[name])
        for text in (
            f"主办单位：{edition.site.host}",
            f"联系方式：{edition.site.contact}",
            f"《{edition.title}》",
            edition.document_number,
            f"自 {edition.effective_date} 起施行",
            edition.authority,
        ):
            assert text in footer, (name, text)


def test_a_footer_without_site_fields_says_only_the_edition(make_project):
    root = make_project({})
    edition = _dataset(root).edition
    assert edition.site is None and edition.document_number
    footer = _footer(_site(root)["index.html"])
    assert "主办单位" not in footer and "联系方式" not in footer
    assert edition.document_number in footer


def test_a_site_alone_offers_no_downloads(site2025):
    assert not any(b" download>" in content for content in site2025.values())


def test_downloads_link_the_files_rendered_beside_the_site():
    dataset = _dataset(SAMPLES / "2025")
    env = environment(shipped_dir("templates"))
    kinds = ["responsibility-list", "performance-list"]
    files = render_files(dataset, "site,docx,xlsx", env, kinds)
    assert {"docx/responsibility-list.docx", "xlsx/responsibility-list.xlsx", "index.html"} <= set(files)
    assert all("/" not in n or n.startswith(("docx/", "xlsx/")) for n in files)
    assert (
        files["docx/responsibility-list.docx"] == render_files(dataset, "docx", env, kinds)["responsibility-list.docx"]
    )
    page = files["responsibility-list.html"].decode()
    downloads = re.search(r'<p class="downloads">(.*?)</p>', page).group(1)
    assert re.findall(r'<a href="([^"]+)" download>([^<]+)</a>', downloads) == [
        ("docx/responsibility-list.docx", "Word"),
        ("xlsx/responsibility-list.xlsx", "Excel"),
    ]
    index = files["index.html"].decode()
    assert 'href="docx/performance-list-heping.docx" download>Word</a>' in index
    for name, content in files.items():
        if name.endswith(".html"):
            assert sorted({r for r in _parse(content).refs if r not in files}) == [], name
    # only what this render wrote: no PDF was asked for, and a Word file alone gets no Excel link
    assert "pdf/" not in index
    only_word = render_files(dataset, "docx,site", env, ["duty-list"])
    assert re.findall(r'href="([^"]+)" download', only_word["duty-list.html"].decode()) == ["docx/duty-list.docx"]


def test_to_takes_one_format_a_comma_list_or_all():
    assert formats("md") == ["md"]
    assert formats("site,docx,xlsx") == ["docx", "xlsx", "site"], "the site last: it links the others"
    assert formats(" xlsx , site,xlsx") == ["xlsx", "site"]
    assert formats("all") == [*(n for n in FORMATS if not FORMATS[n].links), "site"]
    for bad, word in (("site,word", "word"), ("all,site", "all"), ("", "没有指定格式"), (",", "没有指定格式")):
        with pytest.raises(QingdanError, match=word):
            formats(bad)
