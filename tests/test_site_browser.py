"""The site in a real browser: Debian's chromium and chromedriver, headless, over file://.

These tests fail, never skip, when the browser is missing: `.ci/run` installs it, and on a
workstation `apt-get install chromium chromium-driver` does.
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import pytest

from conftest import SAMPLES, write_project
from qingdan.loader import load_dataset
from qingdan.project import Project
from qingdan.render import environment, render_files
from qingdan.render.site import write
from qingdan.resources import shipped_dir

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
HOSTILE = "<script>window.__pwned=1</script>养犬"
MATTER = f"""\
domain: {{id: urban-rural, name: 城乡建设}}
matters:
  - id: hostile
    name: "{HOSTILE}"
    lead: agriculture
    supporting: [township]
    department_duties: ["<img src=x onerror=window.__pwned=2>负责犬只登记。"]
    township_duties: [负责日常巡查。]
    township_office: enforcement-brigade
    contact: {{name: 张三, phone: "0000-1"}}
  - id: other
    name: 秸秆禁烧
    lead: agriculture
    township_office: economic-office
"""


def _require_browser() -> None:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.is_file()]
    if missing:
        pytest.fail(
            f"the site's browser test needs Debian's chromium and chromedriver; missing {', '.join(missing)}. "
            "Install them with: apt-get install -y chromium chromium-driver",
            pytrace=False,
        )


def test_chromium_and_chromedriver_are_installed():
    _require_browser()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    _require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1366,900",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    yield driver
    driver.quit()


def _write(files: dict[str, bytes], out: Path) -> Path:
    out.mkdir(parents=True)
    for name, content in files.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(content)
    return out


def _render(data: Path, out: Path) -> Path:
    dataset = load_dataset(Project.discover(data))[0]
    return _write(render_files(dataset, "site", environment(shipped_dir("templates"))), out)


@pytest.fixture(scope="module")
def site2022(tmp_path_factory) -> Path:
    return _render(SAMPLES / "2022", tmp_path_factory.mktemp("site") / "2022")


@pytest.fixture(scope="module")
def site2025(tmp_path_factory) -> Path:
    """The 2025 sample beside its Word and Excel files: it has both 养犬监管 and 秸秆禁烧 (in two townships' lists)."""
    dataset = load_dataset(Project.discover(SAMPLES / "2025"))[0]
    env = environment(shipped_dir("templates"))
    files = render_files(dataset, "site,docx,xlsx", env, ["responsibility-list", "performance-list"])
    return _write(files, tmp_path_factory.mktemp("site") / "2025")


def _open(browser, page: Path) -> None:
    browser.get_log("browser")  # forget what earlier pages logged
    browser.get(page.as_uri())


def _search(browser, text: str, clear: bool = False) -> list[list[str]]:
    """Type into the search box (emptied first with `clear`), wait for the results to settle; return the cell
    texts of each row."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    note = browser.find_element(By.ID, "search-note")
    box = browser.find_element(By.ID, "search-q")
    if clear:
        box.clear()
        browser.execute_script("arguments[0].textContent = ''", note)  # so that the wait sees the new results
    before = note.text
    box.send_keys(text)
    WebDriverWait(browser, 10).until(lambda _: note.text != before)
    return _rows(browser)


def _rows(browser) -> list[list[str]]:
    """The cell texts of each result row, as shown (one script call, not one round trip per cell)."""
    return browser.execute_script(
        "return Array.from(document.querySelectorAll('#search-results tbody tr'))"
        ".map(tr => Array.from(tr.cells).map(td => td.innerText))"
    )


def _errors(browser) -> list[str]:
    return [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def test_typing_shows_exactly_the_matching_rows(browser, site2022):
    from selenium.webdriver.common.by import By

    _open(browser, site2022 / "index.html")
    assert browser.find_element(By.ID, "search-results").is_displayed() is False
    rows = _search(browser, "养犬")
    assert [(r[0].splitlines()[0], r[1], r[2], r[3], r[4]) for r in rows] == [
        ("养犬监管", "综合行政执法局", "乡镇（街道）、公安局、卫生健康局", "综合行政执法大队", "毛建新 0000-6180126")
    ]
    assert browser.find_element(By.ID, "search-note").text == "共 1 项"
    lead = browser.find_element(By.CSS_SELECTOR, "#search-results tbody td:nth-child(2) a")
    assert lead.get_attribute("href").endswith("/department-enforcement.html")
    assert _errors(browser) == []  # no script error, no blocked request


def test_department_and_township_narrow_the_results(browser, site2022):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    _open(browser, site2022 / "index.html")
    Select(browser.find_element(By.ID, "search-department")).select_by_visible_text("青岚市农业农村局")
    rows = _search(browser, "秸秆")
    assert rows and all("农业农村局" in r[1] + r[2] for r in rows)
    Select(browser.find_element(By.ID, "search-township")).select_by_visible_text("鹤坪镇")
    assert _rows(browser) == rows
    Select(browser.find_element(By.ID, "search-department")).select_by_visible_text("青岚市退役军人事务局")
    assert browser.find_element(By.ID, "search-note").text == "没有找到符合条件的事项。"
    assert _rows(browser) == []


def test_township_page_shows_its_org_chart(browser, site2022):
    from selenium.webdriver.common.by import By

    _open(browser, site2022 / "township-heping.html")
    chart = browser.find_element(By.CSS_SELECTOR, "svg#org-chart")
    assert chart.is_displayed() and chart.size["width"] > 600
    boxes = browser.execute_script(
        "return Array.from(arguments[0].querySelectorAll('g')).map("
        "g => Array.from(g.querySelectorAll('text')).map(t => t.textContent).join(''))",
        chart,
    )
    township = load_dataset(Project.discover(SAMPLES / "2022"))[0].township("heping")
    assert {o.name for o in township.offices} <= set(boxes)
    assert {p.name for p in township.leaders} <= {b[: len(p.name)] for b in boxes for p in township.leaders}
    assert browser.find_element(By.CSS_SELECTOR, "svg#counterparts .department.warn").is_displayed()
    assert _errors(browser) == []


def test_a_hostile_name_shows_as_text_and_runs_nothing(browser, tmp_path):
    data = write_project(tmp_path / "data", {"matters/urban-rural.yaml": MATTER})
    site = _render(data, tmp_path / "site")
    _open(browser, site / "index.html")
    rows = _search(browser, "养犬")
    assert [r[0].splitlines()[0] for r in rows] == [HOSTILE]
    assert browser.execute_script("return typeof window.__pwned") == "undefined"
    from selenium.webdriver.common.by import By

    browser.find_element(By.CSS_SELECTOR, "#search-results summary").click()
    assert "<img src=x onerror=window.__pwned=2>负责犬只登记。" in browser.find_element(By.ID, "search-results").text
    assert browser.execute_script("return typeof window.__pwned") == "undefined"
    heard = _search(browser, "杨犬", clear=True)  # found by sound: the name and what was heard, as text
    assert [r[0].splitlines()[0] for r in heard] == [HOSTILE] and "按读音找到「养犬」" in heard[0][0]
    assert browser.execute_script("return typeof window.__pwned") == "undefined"
    _open(browser, site / "department-agriculture.html")
    assert HOSTILE in browser.find_element(By.TAG_NAME, "main").text
    assert browser.execute_script("return typeof window.__pwned") == "undefined"


def test_thirty_thousand_items_stay_fast(browser, tmp_path):
    from selenium.webdriver.common.by import By

    dataset = load_dataset(Project.discover(SAMPLES / "2025"))[0]
    items = [i for dl in dataset.duty_lists for i in dl.items]
    n = 30_000 - len(dataset.matters) - len(dataset.duties)
    dataset.duty_lists = [
        dataclasses.replace(
            dl,
            items=tuple(
                dataclasses.replace(items[k % len(items)], id=f"x{k}", name=f"{items[k % len(items)].name}（{k}）")
                for k in range(j, n, len(dataset.duty_lists))
            ),
        )
        for j, dl in enumerate(dataset.duty_lists)
    ]
    site = _write(write(dataset, [], environment(shipped_dir("templates")), 0), tmp_path / "site")
    _open(browser, site / "index.html")
    started = time.perf_counter()
    _search(browser, "负责")
    elapsed = time.perf_counter() - started
    rows = _rows(browser)
    note = browser.find_element(By.ID, "search-note").text
    assert note.startswith("共 ") and note.endswith("项，显示前 200 项")
    assert int(note.split()[1]) > 200 and len(rows) == 200
    assert elapsed < 3, f"typing to results took {elapsed:.2f} s"
    started = time.perf_counter()
    rows = _search(browser, "秸杆", clear=True)  # found as written nowhere: every item searched twice
    elapsed = time.perf_counter() - started
    assert rows and all("按读音找到「秸秆」" in r[0] for r in rows)
    assert elapsed < 3, f"typing a typo to results took {elapsed:.2f} s"
    assert _errors(browser) == []


def _names(rows: list[list[str]]) -> list[str]:
    return [r[0].splitlines()[0] for r in rows]


def test_everyday_words_and_same_sound_typos_find_the_lists_words(browser, site2025):
    from selenium.webdriver.common.by import By

    _open(browser, site2025 / "index.html")
    assert _names(_search(browser, "养狗")) == ["养犬监管", "养犬管理", "养犬管理"]
    rows = _search(browser, "秸杆", clear=True)
    names = _names(rows)
    assert "做好秸秆禁烧和露天焚烧垃圾巡查劝阻" in names and "秸秆露天焚烧监管" in names
    assert all("秸秆" in n for n in names)
    assert all("按读音找到「秸秆」" in r[0] for r in rows), "each row says what the typo was heard as"
    typed_right = _search(browser, "秸秆", clear=True)
    assert _names(typed_right) == names and not any("按读音" in r[0] for r in typed_right)
    right = _search(browser, "主体", clear=True)  # 主题 sounds the same; a right word brings only itself
    assert right and not any("按读音" in r[0] or "主题" in r[0] for r in right)
    assert browser.find_element(By.ID, "search-note").text == f"共 {len(right)} 项"
    assert _errors(browser) == []


def _sideways(browser) -> list[str]:
    """Why the page would scroll sideways on the phone: wider than 390 px, or than its viewport (the scrollbar
    aside), or an element sticking out of it that is not inside a box that scrolls."""
    width, client = browser.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    out = [f"page {width} px wide"] if width > 390 or width > client else []
    return out + browser.execute_script(
        "var w = document.documentElement.clientWidth;"
        "return Array.from(document.querySelectorAll('body *')).filter(e => !e.closest('.scroll')"
        " && e.getBoundingClientRect().right > w + 0.5).map(e => e.tagName + '.' + e.className).slice(0, 5)"
    )


def test_a_phone_sees_every_page_without_scrolling_sideways(browser, site2025, tmp_path):
    """390 px, an ordinary phone: tables are cards or scroll inside their box; the page never scrolls sideways."""
    from selenium.webdriver.common.by import By

    browser.set_window_size(390, 844)
    try:
        if browser.execute_script("return window.innerWidth") != 390:  # the window's frame takes some of it
            outer = browser.get_window_size()["width"]
            browser.set_window_size(outer + 390 - browser.execute_script("return window.innerWidth"), 844)
        assert browser.execute_script("return window.innerWidth") == 390
        _open(browser, site2025 / "index.html")
        rows = _search(browser, "秸杆")
        assert "做好秸秆禁烧和露天焚烧垃圾巡查劝阻" in _names(rows)
        card = browser.execute_script(
            "var tr = document.querySelector('#search-results tbody tr'); var td = tr.cells[1];"
            "return [getComputedStyle(tr).display, getComputedStyle(td, '::before').content,"
            " tr.getBoundingClientRect().right]"
        )
        assert card[0] == "block" and "牵头" in card[1] and card[2] <= 390, card
        assert _sideways(browser) == []
        browser.execute_script("document.getElementById('search-q').scrollIntoView()")
        shot = tmp_path / "index-390.png"
        assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
        _search(browser, "养狗", clear=True)
        assert _sideways(browser) == []
        pages = ["responsibility-list.html", "performance-list-heping.html", "township-heping.html"]
        pages += ["department-agriculture.html"]
        for page in pages:
            _open(browser, site2025 / page)
            assert _sideways(browser) == [], page
            assert browser.find_element(By.TAG_NAME, "footer").is_displayed()
        # a list's rows are cards, each cell with its column's name; its files are a tap away
        _open(browser, site2025 / "responsibility-list.html")
        label = browser.execute_script(
            "return getComputedStyle(document.querySelector('table.cards tbody tr:not(.group) td'), '::before').content"
        )
        assert label == '"序号："'
        links = browser.find_elements(By.CSS_SELECTOR, "p.downloads a")
        assert [a.text for a in links] == ["Word", "Excel"] and all(a.is_displayed() for a in links)
        assert _errors(browser) == []
    finally:
        browser.set_window_size(1366, 900)
