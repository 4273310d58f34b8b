"""The shipped schemas: draft-07, documented in Chinese on every property, and the fast
compiled validator agrees with jsonschema."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from conftest import EDITIONS, SAMPLES
from qingdan.loader import load_dataset
from qingdan.project import Project
from qingdan.resources import shipped_dir
from qingdan.schema import SchemaSet

SCHEMAS = SchemaSet.load(shipped_dir("schemas"))
CJK = re.compile(r"[\u4e00-\u9fff]")


def _properties(node: Any, path: str) -> Iterator[tuple[str, dict]]:
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            yield f"{path}.{name}", sub
        for key, sub in node.items():
            yield from _properties(sub, f"{path}/{key}")
    elif isinstance(node, list):
        for i, sub in enumerate(node):
            yield from _properties(sub, f"{path}[{i}]")


@pytest.mark.parametrize("kind", sorted(SCHEMAS.schemas))
def test_every_property_has_a_chinese_title_and_description(kind):
    schema = SCHEMAS.schemas[kind]
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    props = list(_properties(schema, kind))
    assert props or kind == "common"
    for where, prop in props:
        assert CJK.search(prop.get("title", "")), f"{where} has no Chinese title"
        assert CJK.search(prop.get("description", "")), f"{where} has no Chinese description"


@pytest.mark.parametrize("kind", sorted(SCHEMAS.schemas))
def test_no_keywords_newer_than_draft7(kind):
    text = json.dumps(SCHEMAS.schemas[kind])
    for keyword in ("$defs", "unevaluatedProperties", "dependentRequired", "prefixItems", "$anchor"):
        assert f'"{keyword}"' not in text


@pytest.mark.parametrize("edition", EDITIONS)
def test_fast_path_and_jsonschema_agree_on_the_samples(edition):
    dataset, _ = load_dataset(Project.discover(SAMPLES / edition))
    for doc in dataset.documents:
        assert SCHEMAS._valid(doc) is True
        assert list(SCHEMAS.validators[doc.kind].iter_errors(doc.data)) == []
