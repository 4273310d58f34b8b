"""`render --to pdf`: the Word documents converted by LibreOffice, and what a reader of the PDF sees — the 2025
sample's 版头 on page 1, 主送, 落款 and 成文日期, the 附件 labels, the header row on every table page, page numbers
"— N —", the 版记 alone on the last, even, unnumbered page; the same bytes twice; clear failures without LibreOffice.

These tests need LibreOffice (soffice) and poppler's pdftotext, which .ci/run installs: without them they fail.
On a machine without LibreOffice, QINGDAN_NO_LIBREOFFICE=1 skips them instead."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import stat
import subprocess
import threading
import time
from pathlib import Path

import pytest

from conftest import SAMPLES
from qingdan.errors import QingdanError
from qingdan.loader import load_dataset
from qingdan.project import Project
from qingdan.render import environment, render_files
from qingdan.render import pdf as pdf_writer
from qingdan.render.documents import build
from qingdan.resources import shipped_dir

EPOCH = 1_740_009_600  # 2025-02-20 00:00:00 UTC


@pytest.fixture(scope="module")
def office() -> str:
    found = pdf_writer.find_office()
    missing = [name for name, path in (("soffice", found), ("pdftotext", shutil.which("pdftotext"))) if not path]
    if missing:
        if os.environ.get("QINGDAN_NO_LIBREOFFICE"):
            pytest.skip("QINGDAN_NO_LIBREOFFICE is set: the PDF tests need LibreOffice and poppler-utils")
        pytest.fail(f"{' and '.join(missing)} not found: install libreoffice-writer and poppler-utils (see .ci/run)")
    return found


@pytest.fixture(scope="module")
def sample():
    return load_dataset(Project.discover(SAMPLES / "2025"))[0]


@pytest.fixture(scope="module")
def pdfs(office, sample) -> dict[str, bytes]:
    kinds = ["responsibility-list", "performance-list"]
    return render_files(sample, "pdf", environment(shipped_dir("templates")), kinds, "heping", epoch=EPOCH)


def _pages(data: bytes, tmp: Path) -> list[str]:
    """The text of each page, as pdftotext reads it in reading order."""
    path = tmp / "x.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True).stdout
    pages = text.decode("utf-8").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def _flat(text: str) -> str:
    """A page's text without the line breaks and spaces of its layout."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def responsibility(pdfs, tmp_path_factory) -> list[str]:
    return _pages(pdfs["responsibility-list.pdf"], tmp_path_factory.mktemp("pdf"))


@pytest.fixture(scope="module")
def performance(pdfs, tmp_path_factory) -> list[str]:
    return _pages(pdfs["performance-list-heping.pdf"], tmp_path_factory.mktemp("pdf"))


def test_one_pdf_per_document(pdfs):
    assert sorted(pdfs) == ["performance-list-heping.pdf", "responsibility-list.pdf"]
    assert all(data.startswith(b"%PDF-") for data in pdfs.values())


def test_page_one_carries_the_masthead_the_title_and_the_addressees(responsibility):
    first = _flat(responsibility[0])
    order = [
        "中共青岚市委机构编制委员会办公室文件",
        "青编〔2025〕5号",
        "青岚市乡镇（街道）属地管理事项主体责任和配合责任清单",
        "各乡镇人民政府、街道办事处，市直各有关单位：",
        "一、清单构成",
    ]
    at = [first.find(text) for text in order]
    assert -1 not in at and at == sorted(at), first
    assert re.search(r"—\s*1\s*—", responsibility[0])


def test_the_sign_off_follows_the_annex_note(performance):
    cover = "".join(_flat(p) for p in performance[:2])
    order = [
        "附件：1.基本履职事项清单（115项）2.配合履职事项清单（97项）3.上级部门收回事项清单（122项）",
        "中共青岚市委机构编制委员会办公室2025年2月20日",
        "（此件公开发布）",
    ]
    at = [cover.find(text) for text in order]
    assert -1 not in at and at == sorted(at), cover


def test_each_annex_opens_with_its_label_and_title(performance):
    labels = [(n, _flat(p)[:40]) for n, p in enumerate(performance) if re.match(r"\s*附件\s*\d", p)]
    assert [(text[:3]) for _, text in labels] == ["附件1", "附件2", "附件3"]
    assert [re.search(r"(基本|配合|上级部门收回)", text)[1] for _, text in labels] == ["基本", "配合", "上级部门收回"]


def _annex_pages(pages: list[str]) -> list[int]:
    """The pages from the first 附件 to the last page before the 版记."""
    first = next(n for n, p in enumerate(pages) if re.match(r"\s*附件\s*1", p))
    return list(range(first, len(pages) - 1))


@pytest.mark.parametrize(
    ("doc", "header"),
    [("responsibility", ("序号", "事项名称", "部门职责", "依据")), ("performance", ("序号", "事项名称"))],
)
def test_every_table_page_repeats_the_header_row(doc, header, request):
    pages = request.getfixturevalue(doc)
    annex = _annex_pages(pages)
    assert len(annex) > 10
    for n in annex:
        if not pages[n].strip():  # the blank page before an even 版记 page
            continue
        assert all(title in pages[n] for title in header), (n + 1, pages[n][:200])


@pytest.mark.parametrize("doc", ["responsibility", "performance"])
def test_every_page_but_the_imprint_is_numbered_and_the_imprint_is_last_on_an_even_page(doc, request):
    pages = request.getfixturevalue(doc)
    assert len(pages) % 2 == 0  # §7.4: the 版记 on the last page, an even one (封四)
    imprint = _flat(pages[-1])
    assert imprint == (
        "抄送：云州市委编办，市委办公室，市人大常委会办公室，市政府办公室，市政协办公室。"
        "中共青岚市委机构编制委员会办公室2025年2月21日印发"
    )
    for n, text in enumerate(pages[:-1], start=1):
        if text.strip():
            assert re.search(rf"—\s*{n}\s*—", text), (n, text[-80:])
        else:  # §7.5: a blank page before the 版记 page carries no number either
            assert n == len(pages) - 1


def test_a_draft_is_marked_on_every_page(office, sample, tmp_path):
    (doc,) = build(sample, ["office-table"], "heping")
    draft = dataclasses.replace(doc, draft="草稿")
    files = pdf_writer.write(sample, [draft], environment(shipped_dir("templates")), EPOCH)
    pages = _pages(files["office-table-heping.pdf"], tmp_path)
    assert len(pages) >= 3 and all("草稿" in p for p in pages if p.strip())


def test_the_same_input_gives_the_same_bytes(office, sample):
    env = environment(shipped_dir("templates"))
    first = render_files(sample, "pdf", env, ["office-table"], "heping", epoch=EPOCH)
    time.sleep(1.1)  # LibreOffice stamps the second; a second later, only the pinned fields could differ
    again = render_files(sample, "pdf", env, ["office-table"], "heping", epoch=EPOCH)
    assert again == first
    data = first["office-table-heping.pdf"]
    assert b"/CreationDate(D:20250220000000" in data
    later = pdf_writer.pin(data, EPOCH + 86_400)
    assert len(later) == len(data) and b"/CreationDate(D:20250221000000" in later


def test_pin_keeps_every_offset_and_hashes_the_content():
    body = b"%PDF-1.6\n1 0 obj<</Producer(LibreOffice 7.4)/CreationDate(D:20261206043144+08'00')>>endobj\n"
    trailer = b"trailer\n<</Size 2/ID [ <4E73998F148BAEFB97020CC64A206C9A>\n<4E73998F148BAEFB97020CC64A206C9A> ]\n"
    pdf = body + trailer + b"/DocChecksum /9379E02167156DAD880D8AB6AA217C22\n>>\nstartxref\n9\n%%EOF\n"
    pinned = pdf_writer.pin(pdf, EPOCH)
    assert len(pinned) == len(pdf)
    assert b"/CreationDate(D:20250220000000+00'00')" in pinned
    ids = re.search(rb"/ID \[ <(\w+)>\n<(\w+)> \]", pinned)
    assert ids[1] == ids[2] and len(ids[1]) == 32 and ids[1] != b"4E73998F148BAEFB97020CC64A206C9A"
    # the same content another day: the same bytes; other content: another id
    assert pdf_writer.pin(pdf.replace(b"20261206043144", b"20270101000000"), EPOCH) == pinned
    assert re.search(rb"/ID \[ <(\w+)>", pdf_writer.pin(pdf.replace(b"7.4", b"7.5"), EPOCH))[1] != ids[1]


def test_parallel_renders_do_not_meet(office, sample):
    env = environment(shipped_dir("templates"))
    results: dict[str, dict[str, bytes]] = {}

    def render(township: str) -> None:
        results[township] = render_files(sample, "pdf", env, ["office-table"], township, epoch=EPOCH)

    threads = [threading.Thread(target=render, args=(t,)) for t in ("heping", "lanqiao")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert sorted(f for files in results.values() for f in files) == [
        "office-table-heping.pdf",
        "office-table-lanqiao.pdf",
    ]


# ---- without LibreOffice, or with one that fails ---------------------------------------------------------


def test_without_libreoffice_render_says_what_to_install_and_exits_2(run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(pdf_writer, "PLACES", ())
    out = tmp_path / "out"
    result = run_cli("render", str(SAMPLES / "2025"), "--to", "pdf", "-o", str(out), "-d", "power-list")
    assert result.exit_code == 2
    assert "没有找到 soffice 或 libreoffice" in result.output and "apt install libreoffice-writer" in result.output
    assert not out.exists()


def _fake_office(tmp_path: Path, script: str) -> Path:
    folder = tmp_path / "bin"
    folder.mkdir()
    path = folder / "soffice"
    path.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return folder


def test_a_hanging_libreoffice_is_stopped_after_the_time_limit(sample, tmp_path, monkeypatch):
    marker = tmp_path / "still-running"
    folder = _fake_office(tmp_path, f"sleep 30; touch {marker}\n")
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(pdf_writer, "START_SECONDS", 1)
    monkeypatch.setattr(pdf_writer, "SECONDS_A_DOCUMENT", 0)
    started = time.monotonic()
    with pytest.raises(QingdanError, match="1 秒内没有转换完"):
        render_files(sample, "pdf", environment(shipped_dir("templates")), ["power-list"], epoch=EPOCH)
    assert time.monotonic() - started < 20
    time.sleep(0.5)
    assert not marker.exists()  # the whole process group was ended, the sleep with it


def test_a_libreoffice_that_writes_nothing_is_named_with_what_it_said(sample, tmp_path, monkeypatch):
    folder = _fake_office(tmp_path, 'echo "Error: source file could not be loaded"\n')
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(QingdanError, match=r"没能把「power-list\.docx」转换成 PDF.*source file could not be loaded"):
        render_files(sample, "pdf", environment(shipped_dir("templates")), ["power-list"], epoch=EPOCH)
