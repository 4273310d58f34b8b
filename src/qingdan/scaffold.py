"""Build a new data set from the structure templates qingdan ships (`qingdan init`).

Reads templates/init/ and returns {relative path: bytes}; writing is the CLI's job.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from pypinyin import lazy_pinyin

from qingdan.errors import QingdanError
from qingdan.labels import UNIT_KINDS
from qingdan.project import MANIFEST
from qingdan.rules.placeholder_text import EXAMPLE_PREFIX
from qingdan.source import SyntaxProblem, parse

PLACEHOLDER = "XX县"  # the county name in the departments template
MATTER_LEAD = "emergency"  # the example matter's lead; its township office is the role that counterparts it
_JURISDICTION_KINDS = {"县": "县", "市": "县级市", "区": "市辖区", "旗": "旗"}
# township kind -> (name suffixes, replacements of the town posts in roles.yaml)
_POSTS = {
    "town": ((), ()),
    "township": (("乡",), (("镇长", "乡长"),)),
    "subdistrict": (
        ("街道办事处", "街道"),
        (
            ("党委", "党工委"),
            ("纪委", "纪工委"),
            ("人大主席", "人大工委主任"),
            ("常务副镇长", "办事处常务副主任"),
            ("副镇长", "办事处副主任"),
            ("镇长", "办事处主任"),
        ),
    ),
}


@dataclass(frozen=True, slots=True)
class Template:
    """One structure template: its data and the text of its list item, comments kept."""

    id: str
    name: str
    limit: int
    scale: str
    roles: tuple[dict[str, Any], ...]
    body: str  # the `  - id: ...` item of `structures:`, as written in the template


def load_templates(folder: Path) -> list[Template]:
    """Read every structure template in `folder`/structures, oldest reform first."""
    out = []
    for path in sorted((folder / "structures").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        for s in parse(text).data["structures"]:
            out.append(
                Template(
                    s["id"], s["name"], s["limit"], s.get("scale", ""), tuple(s["roles"]), _body(text, "structures")
                )
            )
    return sorted(out, key=lambda t: (t.id.rsplit("-", 1)[-1], t.limit, t.id))


def find_template(name: str, templates: list[Template]) -> Template:
    """Return the template with this id or Chinese name (「（站）」 and the like may be left out)."""
    wanted = _plain_name(name)
    for t in templates:
        if name.strip() == t.id or wanted == _plain_name(t.name):
            return t
    choices = "；".join(f"{t.id}（{t.name}）" for t in templates)
    raise QingdanError(f"没有「{name}」这个机构设置模式；可选：{choices}")


def describe(templates: list[Template]) -> str:
    """The text of `qingdan init --list`: each template with its offices."""
    lines = []
    for t in templates:
        lines.append(f"{t.id}  {t.name}（{t.scale}，机构限额 {t.limit} 个）" if t.scale else f"{t.id}  {t.name}")
        for kind, label in UNIT_KINDS.items():
            names = [r["name"] for r in t.roles if r["kind"] == kind]
            if names:
                lines.append(f"    {label} {len(names)} 个：{'、'.join(names)}")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True, slots=True)
class Request:
    """What the user asked `qingdan init` for."""

    structures: tuple[str, ...]  # template ids or names; the first is the example township's
    jurisdiction: str = "示例县"
    township: str = "示例镇"
    year: int = 2025
    version: str = "0"  # qingdan's own version, pinned in the CI workflow


_YEAR = re.compile(r"(?<![0-9])[0-9]{4}(?![0-9])")


def year_from_name(name: str, this_year: int) -> int | None:
    """The edition year a folder name gives (清单/2025, 2022年, qinglan-2019), else None.

    Only a year from 1949 to ten years ahead counts, and only when the name gives one
    such year: 「2019-2022」 could be either edition, so it gives none.
    """
    years = {int(m) for m in _YEAR.findall(unicodedata.normalize("NFKC", name)) if 1949 <= int(m) <= this_year + 10}
    return years.pop() if len(years) == 1 else None


def build(folder: Path, schemas: Path, request: Request) -> dict[str, bytes]:
    """Return the files of a new data set, {POSIX path relative to its root: content}."""
    jurisdiction, township_name = _name(request.jurisdiction, "--jurisdiction"), _name(request.township, "--township")
    if not request.structures:
        raise QingdanError("请用 --structure 选择机构设置模式；运行 qingdan init --list 查看全部模式")
    templates = load_templates(folder)
    chosen = list({t.id: t for t in (find_template(s, templates) for s in request.structures)}.values())
    catalog = parse((folder / "roles.yaml").read_text(encoding="utf-8")).data
    env = Environment(
        loader=FileSystemLoader(folder),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["scalar"] = scalar
    township = _township(township_name, chosen[0])
    offices = _offices(chosen[0], catalog)
    # the police station and the justice office are stationed by their departments under every model
    stationed = [{**u, "name": township["short"] + u["suffix"]} for u in catalog["stationed_units"]]
    context = {
        "jurisdiction": {"name": jurisdiction, "kind": _JURISDICTION_KINDS.get(jurisdiction[-1], "")},
        "year": request.year,
        "version": request.version,
        "title": f"关于印发{jurisdiction}乡镇“属地管理”事项主体责任和配合责任清单及乡镇职责清单的通知",
        "authority": f"中共{jurisdiction}委机构编制委员会办公室",
        # 〔年份〕XX号 is how a draft writes a number not yet given; QD207 finds it until it is filled
        "document_number": f"{jurisdiction[0]}编〔{request.year}〕XX号",
        "label": f"{request.year}年乡镇责任清单",
        "structures": chosen,
        "structure": chosen[0],
        "township": township,
        "offices": offices,
        "leaders": _leaders(catalog, offices, stationed, township["kind"]),
        "stationed_units": stationed,
        "areas": catalog["areas"],
        "duties": _duties(catalog["areas"], offices),
        "matter_office": _matter_office(chosen[0]),
        "example": EXAMPLE_PREFIX,  # the ids of the example matter and duties: QD207 finds them until replaced
        "body": _departments(folder, jurisdiction),
    }
    pages = {
        MANIFEST: ("qingdan.yaml.j2", "edition"),
        "departments.yaml": ("departments.yaml.j2", "departments"),
        "structures.yaml": ("structures.yaml.j2", "structures"),
        f"townships/{township['id']}.yaml": ("township.yaml.j2", "township"),
        "matters/emergency-safety.yaml": ("matters.yaml.j2", "matters"),
        "duties.yaml": ("duties.yaml.j2", "duties"),
        ".github/workflows/qingdan.yml": ("ci/github-workflow.yml.j2", None),
        ".pre-commit-config.yaml": ("ci/pre-commit-config.yaml.j2", None),
    }
    files = {}
    for rel, (template, kind) in pages.items():
        modeline = modeline_of(rel, kind) if kind else None
        files[rel] = env.get_template(template).render(context, modeline=modeline).encode("utf-8")
    for path in sorted(schemas.glob("*.schema.json")):
        files[f"schemas/{path.name}"] = path.read_bytes()
    return dict(sorted(files.items()))


def modeline_of(rel: str, kind: str) -> str:
    """The relative path from the file at `rel` to its schema in the data set's schemas/ folder."""
    return "../" * rel.count("/") + f"schemas/{kind}.schema.json"


def check_target(outdir: Path, files: dict[str, bytes], force: bool) -> list[str]:
    """Refuse a folder with anything in it (.git aside) unless `force`; return the files that will be overwritten."""
    if outdir.exists() and not outdir.is_dir():
        raise QingdanError(f"「{outdir}」不是文件夹")
    present = sorted(p.name + "/" * p.is_dir() for p in outdir.iterdir() if p.name != ".git") if outdir.is_dir() else []
    if present and not force:
        listed = "、".join(present[:5]) + (f" 等 {len(present)} 项" if len(present) > 5 else "")
        raise QingdanError(
            f"「{outdir}」不是空文件夹（已有 {listed}）；qingdan init 只在空文件夹中创建清单，"
            "确需在这里创建的加 --force（只覆盖 qingdan init 自己生成的文件，其他文件不动）"
        )
    return [rel for rel in files if (outdir / rel).exists()]


def scalar(value: Any) -> str:
    """Write a string as a YAML scalar: plain where every YAML reader agrees on it, else double-quoted."""
    text = str(value)
    if text and text == text.strip() and not re.search(r"^[-?:,\[\]{}#&*!|>'\"%@`]|: |\s#|:$|[\n\t]", text):
        try:
            parsed = parse(f"v: {text}\n")
        except SyntaxProblem:
            parsed = None
        if parsed is not None and parsed.data == {"v": text} and not parsed.ambiguous:
            return text
    return json.dumps(text, ensure_ascii=False)


def _body(text: str, key: str) -> str:
    """The text after the line `key:` (the template's own header comments dropped), without the final newline."""
    _, sep, rest = ("\n" + text).partition(f"\n{key}:\n")
    if not sep:
        raise QingdanError(f"模板中没有「{key}:」一行")
    return rest.rstrip("\n")


def _plain_name(name: str) -> str:
    """A structure name without brackets' content and spaces: 七办五中心（站） -> 七办五中心."""
    return re.sub(r"[（(][^）)]*[）)]|\s", "", name)


def _name(value: str, option: str) -> str:
    value = value.strip()
    if not value or scalar(value) != value:
        raise QingdanError(f"{option}「{value}」不是可用的名称：不能为空，不能有换行、冒号加空格或以符号开头")
    return value


def _township(name: str, template: Template) -> dict[str, Any]:
    kind = "town"
    short = name
    for k, (suffixes, _) in _POSTS.items():
        hit = next((s for s in suffixes if name.endswith(s)), None)
        if hit:
            kind, short = k, name[: -len(hit)]
            break
    else:
        short = name.removesuffix("镇")
    short = short or name
    slug = re.sub(r"[^a-z0-9]", "", "".join(lazy_pinyin(short)).lower()) or "township"
    scale = "large" if "较大" in template.scale else "medium" if "中等" in template.scale else ""
    return {"id": slug, "name": name, "short": short, "kind": kind, "scale": scale}


def _offices(template: Template, catalog: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for r in template.roles:
        info = catalog["roles"].get(r["id"], {})
        out.append(
            {
                "id": r["id"],
                "role": r["id"],
                "name": r["name"],
                "kind": r["kind"],
                "counterparts": r.get("counterparts", []),
                "functions": info.get("functions", []),
                "leader": info.get("leader", "head"),
                "area": info.get("area", "coordination"),
                "duty": info.get("duty", f"负责{r['name']}职责范围内的工作。"),
            }
        )
    return out


def _leaders(catalog, offices, stationed, kind: str) -> list[dict[str, Any]]:
    units = [*offices, *stationed]
    out = []
    for p in catalog["leaders"]:
        post = p["post"]
        for old, new in _POSTS[kind][1]:
            post = post.replace(old, new)
        out.append({"id": p["id"], "post": post, "oversees": [u["id"] for u in units if u["leader"] == p["id"]]})
    return out


def _duties(areas, offices) -> list[dict[str, str]]:
    out = []
    for area in areas:
        mine = [o for o in offices if o["area"] == area["id"]]
        out.extend(
            {"id": f"{EXAMPLE_PREFIX}{area['id']}-{i:02d}", "area": area["id"], "name": o["duty"], "office": o["role"]}
            for i, o in enumerate(mine, 1)
        )
    return out


def _matter_office(template: Template) -> str:
    return next((r["id"] for r in template.roles if MATTER_LEAD in r.get("counterparts", [])), template.roles[0]["id"])


def _departments(folder: Path, jurisdiction: str) -> str:
    text = _body((folder / "departments.yaml").read_text(encoding="utf-8"), "departments")
    level = jurisdiction[-1] if jurisdiction[-1] in _JURISDICTION_KINDS else "县"
    text = re.sub(r"(?<=: )县(?=政府|委)|(?<=- )县(?=政府|委)", level, text)  # 县政府办 -> 市政府办
    return text.replace(PLACEHOLDER, jurisdiction)
