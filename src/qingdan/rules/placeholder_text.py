"""占位文字：还没换成实际内容的“待填”“某某”“XX县”“示例”

发现什么：清单里任何一处要发布的文字（名称、职责、依据、联系人、发文信息……）含有占位文字，或者是
`qingdan init` 写的示例事项、示例职责。占位文字指：

- `待填`、`某某`、`示例`（如 示例县、示例镇、示例派出所）；
- 两个以上连写的 X、x 或 ×（如 `XX县`、`XXX`、`〔2025〕XX号`、`0571-xxxxxxx`），前后紧挨英文字母的不算；
- 两个以上连写的星号（`**`、`＊＊`）。

示例事项和示例职责的内容看上去像真的，所以按标识认出：`qingdan init` 给它们的标识以 `example-` 开头。

`qingdan init` 生成的文件里要换掉的都会被找出来：没有写 `--jurisdiction`、`--township` 时的
「示例县」「示例镇」（部门名称、站所名称也随之带上）、班子成员的姓名「待填」、文号「〔年份〕XX号」、
示例事项和每个机构一项的示例职责。备注（`note`）、其他列（`extra`）、职责准入记录（`admission`）和 `settings`
只给编办自己看，不会发布，不检查。

为什么重要：清单是要印发、上网公开的。印着「待填」「XX县」的文件发出去，整份清单的严肃性就没有了；
示例事项混进正式清单，乡镇就多了一项谁也没有定过的责任。所以 `qingdan render` 把这条规则的发现
和错误一样对待：有占位文字就不生成文件，除非加 `--allow-errors` 生成草稿（每页标明“草稿”）。

怎样修改：把占位文字换成实际内容；示例事项、示例职责按本地清单改写（标识也换成自己的，去掉
`example-`）或删去。确实不发布的内容写进备注（`note`）。

Fails:
    # qingdan.yaml
    format: 1
    jurisdiction: {name: 测试市}
    authority: 测试市委编办
    document_number: 测编〔2022〕XX号
    effective_date: "2022-07-01"
    version: "2022"
Passes:
    # qingdan.yaml
    format: 1
    jurisdiction: {name: 测试市}
    authority: 测试市委编办
    document_number: 测编〔2022〕3号
    effective_date: "2022-07-01"
    version: "2022"
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from qingdan.findings import Severity
from qingdan.model import At, DataSet
from qingdan.rules._base import Hit

CODE = "QD207"
ID = "placeholder-text"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {}

EXAMPLE_PREFIX = "example-"  # the ids `qingdan init` gives its example matter and duties
_WORDS = re.compile(r"待填|某某|示例|(?<![A-Za-z])[Xx×]{2,}(?![A-Za-z])|[*＊]{2,}")
# never published (docs/render.md): working notes, source columns, a matter's admission record, rule settings
_PRIVATE = frozenset({"note", "extra", "admission", "settings"})
_SHOWN = 24  # characters of a long value quoted in the message


def check(dataset: DataSet, options: Mapping[str, Any]) -> Iterator[Hit]:
    for doc in dataset.documents:
        yield from _walk(At(doc, ()), doc.data, "")


def _walk(at: At, node: Any, item: str) -> Iterator[Hit]:
    if isinstance(node, dict):
        own = node.get("id")
        item = own if isinstance(own, str) and own else item
        if isinstance(own, str) and own.startswith(EXAMPLE_PREFIX):
            name = node.get("name")
            what = f"「{_short(name)}」" if isinstance(name, str) and name else f"「{own}」"
            yield Hit(
                at.child("id"),
                f"{what}是 qingdan init 写的示例（标识以 {EXAMPLE_PREFIX} 开头）：按本地清单改写并换成自己的标识，或删去",
                item=own,
            )
        for key, value in node.items():
            if key not in _PRIVATE:
                yield from _walk(at.child(key), value, item)
    elif isinstance(node, list):
        for n, value in enumerate(node):
            yield from _walk(at.child(n), value, item)
    elif isinstance(node, str):
        words = list(dict.fromkeys(m.group() for m in _WORDS.finditer(node)))
        if words:
            named = "、".join(f"「{w}」" for w in words)
            said = (
                f"「{_short(node)}」是占位文字"
                if [node.strip()] == words
                else f"「{_short(node)}」中的{named}是占位文字"
            )
            yield Hit(at, f"{said}：发布前换成实际内容", item=item)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"
