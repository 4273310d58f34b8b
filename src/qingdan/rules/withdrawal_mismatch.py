"""收回的赋权与乡镇的上级部门收回事项对不上

发现什么：赋权事项目录（powers.yaml）中已经收回的事项（status: withdrawn），没有出现在某个乡镇履行职责事项清单的
上级部门收回事项（reclaimed）中；或者上级部门收回事项与目录中的赋权事项说法相反：
这一项在目录中仍然下放给乡镇行使（没有收回），或者收回事项写的承接部门不是目录中收回这项赋权的部门（source）。
赋权事项目录对全县（市）各乡镇通用，所以每个有履行职责事项清单的乡镇都要列出每一项收回的赋权；
没有履行职责事项清单的乡镇不检查。

两边的事项按名称配对：去掉空格和标点、开头的“对”和结尾的“的行政处罚”“的行政检查”等权力类型之后，
相似度（difflib 比值）不低于 0.8 的算同一项，取最相似的一项。门槛可以在 qingdan.yaml 中用
`settings.rules.withdrawal-mismatch.ratio` 调整。名称配不上的收回事项（例如“党员信息数据重复报送”）
不是下放的权力，不在这条规则的范围内。

为什么重要：收回赋权是一轮改革的一部分：县里发文收回，目录标为已收回，各乡镇的履行职责事项清单要把它列为
上级部门收回事项，写明由哪个部门承接、乡镇今后怎样配合。目录收回了而乡镇清单里没有，乡镇不知道这件事已不归自己，
群众和部门也查不到由谁来管；乡镇清单说收回了而目录仍在下放，或者两边说的承接部门不同，执法主体就说不清，
处罚决定可能因主体不适格被撤销。

怎样修改：在每个乡镇的 `reclaimed` 中按目录的名称列出收回的事项，`receiving_department` 写收回它的部门的标识，
`working_method` 写明收回的文件和乡镇今后的工作方式；收回事项写错承接部门的，改成目录中的原实施部门；
目录中确已收回的，把赋权事项的 `status` 改为 `withdrawn` 并写明收回的文件、日期和理由，没有收回的，
从乡镇的上级部门收回事项中删去。

Fails:
    # powers.yaml
    powers:
      - id: road-occupation-excavation
        name: 对擅自占用或者挖掘城市道路的行政处罚
        type: penalty
        source: housing
        mode: delegated
        receiving_office: enforcement-brigade
        status: withdrawn
        withdrawn: {date: "2025-01-03", document: 青政发〔2025〕1号, reason: 乡镇承接效果不佳。}
    # duty-lists/heping.yaml
    township: heping
    reclaimed:
      - id: sh-cx-001
        category: 城乡建设
        name: 建设工程质量安全监督
        receiving_department: housing
Passes:
    # powers.yaml
    powers:
      - id: road-occupation-excavation
        name: 对擅自占用或者挖掘城市道路的行政处罚
        type: penalty
        source: housing
        mode: delegated
        receiving_office: enforcement-brigade
        status: withdrawn
        withdrawn: {date: "2025-01-03", document: 青政发〔2025〕1号, reason: 乡镇承接效果不佳。}
    # duty-lists/heping.yaml
    township: heping
    reclaimed:
      - id: sh-cx-001
        category: 城乡建设
        name: 建设工程质量安全监督
        receiving_department: housing
      - id: sh-zf-001
        category: 综合执法
        name: 对擅自占用或者挖掘城市道路的行政处罚
        receiving_department: housing
        working_method: 自2025年1月3日起由市住房和城乡建设局收回行使，镇不再行使
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from qingdan.findings import Severity
from qingdan.labels import POWER_TYPES, chinese_date
from qingdan.model import DataSet, DutyListItem, Power
from qingdan.rules._base import Hit, entry
from qingdan.similarity import name_ratio, normalise

CODE = "QD209"
ID = "withdrawal-mismatch"
SEVERITY = Severity.WARNING  # names are paired by similarity, which cannot be sure
OPTIONS: dict[str, Any] = {"ratio": 0.8}

# a power's type as its name ends: 对……的行政处罚; the longest first, so 行政强制 is not cut as 强制
_TYPE_WORDS = tuple(sorted(POWER_TYPES.values(), key=len, reverse=True))


def check(dataset: DataSet, options: Mapping[str, Any]) -> Iterator[Hit]:
    ds = dataset
    ratio = float(options.get("ratio", OPTIONS["ratio"]))
    cores = {p.id: core(p.name) for p in ds.powers if p.name}
    powers = [p for p in ds.powers if p.name]
    for dl in ds.duty_lists:
        town = ds.index.township_name(dl.township)
        reclaimed = dl.of("reclaimed")
        listed: set[str] = set()  # powers some reclaimed item of this township names
        for item in reclaimed:
            power = _best(core(item.name), powers, cores, ratio) if item.name else None
            if power is None:
                continue
            listed.add(power.id)
            yield from _contradiction(ds, dl.township, town, item, power)
        for p in powers:
            if p.status == "withdrawn" and p.id not in listed:
                yield Hit(
                    dl.at.child("reclaimed") if reclaimed else dl.at,
                    f"赋权事项「{p.name}」已{_by(ds, p)}收回{_how(p)}，但「{town}」的上级部门收回事项中没有这一项；"
                    f"请在 reclaimed 中按目录的名称列出它，承接部门写「{p.source or '原实施部门'}」",
                    item=f"{dl.township}/{p.id}",
                    key=bool(reclaimed),
                    related=(p.at.child("status"),),
                )


def core(name: str) -> str:
    """What a power's name says without its frame: no punctuation, no leading 对, no trailing 的行政处罚."""
    text = normalise(name)
    text = text.removeprefix("对")
    for word in _TYPE_WORDS:
        if text.endswith(word):
            return text.removesuffix(word).removesuffix("的") or text
    return text


def _best(item_core: str, powers: Sequence[Power], cores: Mapping[str, str], ratio: float) -> Power | None:
    """The power whose name is most like the item's, at `ratio` or above; the first of equals."""
    best, best_ratio = None, 0.0
    for p in powers:
        r = name_ratio(item_core, cores[p.id], max(ratio, best_ratio))  # below the cutoff, only a bound
        if r >= ratio and r > best_ratio:
            best, best_ratio = p, r
    return best


def _contradiction(ds: DataSet, township: str, town: str, item: DutyListItem, p: Power) -> Iterator[Hit]:
    name = item.name
    if p.status != "withdrawn":
        yield Hit(
            item.at.child("name"),
            f"「{town}」把「{name}」列为上级部门收回事项，但赋权事项目录中的「{p.name}」仍下放给乡镇行使"
            f"（status 不是 withdrawn）；已经收回的，在目录中标为 withdrawn 并写明收回的文件、日期和理由，"
            "没有收回的，从上级部门收回事项中删去",
            item=f"{township}/{item.id}",
            related=(p.at,),
        )
    elif p.source and item.receiving_departments and p.source not in item.receiving_departments:
        wrote = "、".join(ds.index.party(d) for d in item.receiving_departments)
        yield Hit(
            entry(item.at, "receiving_department", index=0),
            f"「{town}」的上级部门收回事项「{name}」写的承接部门是{wrote}，但赋权事项目录记载「{p.name}」"
            f"{_by(ds, p)}收回；请把承接部门改为「{p.source}」，或者改正目录的原实施部门",
            item=f"{township}/{item.id}",
            related=(p.at.child("source"),),
        )


def _by(ds: DataSet, p: Power) -> str:
    return f"由{ds.index.party(p.source)}" if p.source else ""


def _how(p: Power) -> str:
    w = p.withdrawn
    said = "，".join(x for x in (w.document, chinese_date(w.date)) if x) if w else ""
    return f"（{said}）" if said else ""
