"""docs/diff.md's table of kinds (section 6), generated from the kind records."""

from __future__ import annotations

from qingdan.diff.kinds import BY_LIST

# the heading of each list's table, and what `key` and `group` hold for its changes
_SECTIONS = {
    "matters": ("属地管理事项", "`key` 是事项标识；`group` 是领域名称。"),
    "duties": ("乡镇职责清单", "`key` 是职责标识；`group` 是方面名称。"),
    "powers": ("赋权事项目录", "`key` 是赋权事项标识；`group` 是原实施部门名称。"),
    "power-list": ("权责清单", "`key` 是权责事项标识；`group` 是权力类型。"),
    "duty-list": ("履行职责事项清单", "`key` 是`乡镇/事项标识`（整份清单为 `乡镇`）；`group` 是乡镇名称。"),
    "townships": ("乡镇与机构", "`key` 是`乡镇`、`乡镇/机构或站所`、`乡镇/leaders/班子成员`；`group` 是乡镇名称。"),
    "structures": ("机构设置模式", "`key` 是模式标识；`group` 为空。"),
    "departments": ("部门名录", "`key` 是部门标识；`group` 为空。"),
    "cases": ("“一件事”", "`key` 是“一件事”标识；`group` 为空。"),
}
START = f"### {_SECTIONS['matters'][0]}（`list` 为 `matters`）"  # where the generated part of docs/diff.md begins


def markdown() -> str:
    """The tables of kinds, a section per list, as docs/diff.md ends with them."""
    out: list[str] = []
    for name, kinds in BY_LIST.items():
        title, note = _SECTIONS[name]
        out += [f"### {title}（`list` 为 `{name}`）", "", note, "", "| 种类 | 级别 | 中文名称 |", "|---|---|---|"]
        out += [f"| `{k.code}` | `{k.level.value}`（{k.level.label}） | {k.label} |" for k in kinds]
        out.append("")
    return "\n".join(out)
