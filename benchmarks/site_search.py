"""The site's "谁负责？" search at scale: page size, load time and search time with 30,000 items.

Builds a site from the sample 2025 edition with its duty-list items copied up to 30,000
search items (as tests/test_site_browser.py does), opens it in Debian's chromium over file://
and prints:

  bytes       index.html, and the part of it that is the sound table and the synonyms
  per-item    what precomputing each name's pinyin into the data would have added instead
  load        navigation start to the load event (parsing the data, building the indexes)
  search      one search, run synchronously in the page, median of --runs: a word found as
              typed (负责), a synonym (养狗), same-sound typos (秸杆, 秸杆禁烧), and a word
              found nowhere (航天发射: every item checked as typed and then by sound)

Usage:

    pip install -e '.[test]'            # selenium; apt-get install chromium chromium-driver
    python benchmarks/site_search.py [--items 30000] [--runs 5]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import tempfile
from pathlib import Path

from pypinyin import lazy_pinyin

from qingdan.loader import load_dataset
from qingdan.project import Project
from qingdan.render import environment
from qingdan.render.site import write
from qingdan.resources import shipped_dir
from qingdan.terms import expansions, sound_table

SAMPLE = Path(__file__).resolve().parent.parent / "lists" / "qinglan" / "2025"
QUERIES = ("负责", "养狗", "秸杆", "秸杆禁烧", "航天发射")


def build(items: int, out: Path) -> tuple[Path, list[str]]:
    dataset = load_dataset(Project.discover(SAMPLE))[0]
    pool = [i for dl in dataset.duty_lists for i in dl.items]
    n = items - len(dataset.matters) - len(dataset.duties)
    dataset.duty_lists = [
        dataclasses.replace(
            dl,
            items=tuple(
                dataclasses.replace(pool[k % len(pool)], id=f"x{k}", name=f"{pool[k % len(pool)].name}（{k}）")
                for k in range(j, n, len(dataset.duty_lists))
            ),
        )
        for j, dl in enumerate(dataset.duty_lists)
    ]
    out.mkdir(parents=True, exist_ok=True)
    for name, content in write(dataset, [], environment(shipped_dir("templates")), 0).items():
        (out / name).write_bytes(content)
    names = [m.name for m in dataset.matters] + [d.name for d in dataset.duties]
    names += [i.name for dl in dataset.duty_lists for i in dl.items]
    return out, names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=30_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    with tempfile.TemporaryDirectory() as tmp:
        site, names = build(args.items, Path(tmp) / "site")
        index = (site / "index.html").read_bytes()
        tables = json.dumps(
            {"synonyms": expansions(), "sounds": sound_table(names)}, ensure_ascii=False, separators=(",", ":")
        )
        per_item = sum(len(',"p":""') + len(" ".join(lazy_pinyin(n))) for n in names)
        print(f"items        {len(names):,}")
        print(f"index.html   {len(index):,} bytes, of which sounds and synonyms {len(tables.encode()):,} bytes")
        print(f"per-item     pinyin of every name would add {per_item:,} bytes instead")

        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
            options.add_argument(arg)
        options.add_argument(f"--user-data-dir={Path(tmp) / 'profile'}")
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        try:
            loads = []
            for _ in range(args.runs):
                driver.get((site / "index.html").as_uri())
                loads.append(
                    driver.execute_script(
                        "var n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd"
                    )
                )
            print(f"load         {statistics.median(loads):.0f} ms (median of {args.runs})")
            for query in QUERIES:
                times, note = [], ""
                for _ in range(args.runs):
                    times.append(
                        driver.execute_script(
                            "var q = document.getElementById('search-q'); q.value = arguments[0];"
                            "var t = document.getElementById('search-township'); var s = performance.now();"
                            "t.dispatchEvent(new Event('change')); return performance.now() - s;",
                            query,
                        )
                    )
                    note = driver.execute_script("return document.getElementById('search-note').textContent")
                print(f"search {query:<8} {statistics.median(times):6.1f} ms  {note}")
        finally:
            driver.quit()


if __name__ == "__main__":
    main()
