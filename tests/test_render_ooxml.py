"""The package rewrite the Word and Excel writers share: equal input, equal bytes."""

from __future__ import annotations

import io
import time
import zipfile
from datetime import datetime

from qingdan.render._ooxml import core_time, reproducible_zip

EPOCH = 1_740_787_200  # 2025-03-01 00:00:00 UTC; even, as zip times count in two-second steps
ENTRIES = {"xl/workbook.xml": b"<workbook/>", "[Content_Types].xml": b"<Types/>", "_rels/.rels": b"<Relationships/>"}


def _package(entries: dict[str, bytes], when: tuple[int, ...]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name, data in entries.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=when), data)
    return out.getvalue()


def _infos(data: bytes) -> list[zipfile.ZipInfo]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.infolist()


def test_the_same_input_gives_the_same_bytes_whatever_order_and_time_it_came_with():
    package = _package(ENTRIES, (2024, 5, 6, 7, 8, 10))
    shuffled = _package(dict(reversed(ENTRIES.items())), (2021, 1, 2, 3, 4, 6))
    assert reproducible_zip(package, EPOCH) == reproducible_zip(package, EPOCH)
    assert reproducible_zip(package, EPOCH) == reproducible_zip(shuffled, EPOCH)


def test_every_entry_has_the_epoch_for_its_time_the_content_types_first_the_rest_sorted():
    infos = _infos(reproducible_zip(_package(ENTRIES, (2024, 5, 6, 7, 8, 10)), EPOCH))
    assert [i.filename for i in infos] == ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml"]
    assert {i.date_time for i in infos} == {time.gmtime(EPOCH)[:6]}
    assert {(i.compress_type, i.create_system, i.external_attr) for i in infos} == {
        (zipfile.ZIP_DEFLATED, 3, 0o644 << 16)
    }


def test_an_epoch_before_1980_is_stamped_1980():
    infos = _infos(reproducible_zip(_package(ENTRIES, (2024, 5, 6, 7, 8, 10)), 0))
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}


def test_fixes_rewrite_only_the_entries_they_name():
    data = reproducible_zip(_package(ENTRIES, (2024, 5, 6, 7, 8, 10)), EPOCH, {"_rels/.rels": bytes.upper})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {n: archive.read(n) for n in archive.namelist()} == {**ENTRIES, "_rels/.rels": b"<RELATIONSHIPS/>"}


def test_core_time_is_the_epoch_as_a_naive_utc_datetime():
    assert core_time(EPOCH) == datetime(2025, 3, 1, 0, 0, 0)
