"""The checks that are not rules: loading, schema and suppression codes, with their docs.

Rules (QD1xx and up) document themselves in their modules; these codes come from the
loader, the schema pass and the exception machinery, so they are described here once
for `qingdan rules`, SARIF and the docs.
"""

from __future__ import annotations

from dataclasses import dataclass

from qingdan.findings import Severity


@dataclass(frozen=True, slots=True)
class Check:
    code: str
    name: str
    severity: Severity
    title: str
    doc: str
    fix: str = ""  # what `qingdan validate --fix` changes, when it can


BUILTIN: dict[str, Check] = {
    c.code: c
    for c in (
        Check(
            "QD001",
            "yaml-syntax",
            Severity.ERROR,
            "YAML 语法错误",
            "文件不是合法的 YAML：缩进、冒号、引号或括号有误。按提示的行列修改。",
        ),
        Check(
            "QD002",
            "duplicate-key",
            Severity.ERROR,
            "重复的键",
            "同一个映射里出现两次相同的键，YAML 只保留最后一个，前面的值被悄悄丢掉。删去或合并重复的键。",
        ),
        Check(
            "QD003",
            "encoding",
            Severity.ERROR,
            "文件不是 UTF-8 编码",
            "从 Excel 或 WPS 另存的文件常是 GB18030 编码。用编辑器另存为 UTF-8（无 BOM）。",
        ),
        Check(
            "QD004",
            "schema",
            Severity.ERROR,
            "不符合数据模式",
            "字段缺失、类型不对、取值不在允许范围内或有未知字段。按 JSON 路径和行列修改，字段说明见 docs/data-model.md。",
        ),
        Check(
            "QD005",
            "implicit-type",
            Severity.ERROR,
            "被 YAML 读成了别的类型",
            "没加引号的 05718697108 被读成整数、丢掉开头的 0；没加引号的日期和 no/yes 在其他 YAML 程序中会被读成日期和布尔值。给这些值加上引号。",
            'qingdan validate --fix 按原来的写法加上引号：05718697108 写成 "05718697108"，数值不再丢掉开头的 0。',
        ),
        Check(
            "QD006",
            "unknown-file",
            Severity.WARNING,
            "没有读入的 YAML 文件",
            "文件夹里有不属于任何清单类型的 YAML 文件。移走它，或在 qingdan.yaml 的 files 中登记。",
        ),
        Check(
            "QD007",
            "missing-file",
            Severity.ERROR,
            "缺少必需的文件",
            "部门名录、机构设置模式和乡镇文件是必需的。按默认布局补上，或在 files 中写明位置。",
        ),
        Check(
            "QD010",
            "exception-expired",
            Severity.WARNING,
            "例外已过期",
            "settings.exceptions 中的例外过了有效期，不再放行对应的问题。整改问题，或重新审批并延长 expires。",
        ),
        Check(
            "QD011",
            "exception-unused",
            Severity.WARNING,
            "例外没有用上",
            "例外（或 # qingdan: ignore 注释）没有对应的问题，多半是问题已经整改。删去这条例外，免得以后掩盖新问题。",
        ),
        Check(
            "QD012",
            "ignore-without-reason",
            Severity.ERROR,
            "忽略注释没有写理由",
            "# qingdan: ignore[代码] 后面必须写明理由，例如 # qingdan: ignore[QD301] 经编委会研究暂不合并。没有理由的注释不放行任何问题。",
        ),
        Check(
            "QD701",
            "import-unmapped-column",
            Severity.WARNING,
            "导入：未识别的列",
            "表头不是 qingdan 认识的列名，这一列的值放进了每个事项的 extra，没有丢掉。确属有用的信息就留在 extra；若是已有字段的另一种叫法，用 --map 列名=字段 指定。",
        ),
        Check(
            "QD702",
            "import-unreadable-row",
            Severity.ERROR,
            "导入：无法读取的行",
            "这一行缺少事项名称等必需内容，或内容无法按列读出，没有变成事项。按工作表名和行号找到原表修改后重新导入。",
        ),
        Check(
            "QD703",
            "import-unknown-department",
            Severity.WARNING,
            "导入：部门名录里没有这个部门",
            "单元格里的部门名称、简称和别名都对不上 departments.yaml。这个名称按拼音暂写成标识（如 市大数据局 → da-shu-ju-ju），原文放进事项的 extra，校验时会报 QD102。在部门名录里补上这个部门或它的别名，再重新导入。",
        ),
        Check(
            "QD704",
            "import-missing-column",
            Severity.ERROR,
            "导入：缺少必需的列",
            "表头里找不到这类清单必需的列（例如事项名称）。检查 --sheet 是否选对了工作表，或用 --map 列名=字段 指定。",
        ),
        Check(
            "QD705",
            "import-split-uncertain",
            Severity.WARNING,
            "导入：单元格没能拆分",
            "依据、职责等单元格不符合常见的写法（如「1.…；2.…」或「《文件名》第几条」），按原文整段保留。导入后请人工核对拆分结果。",
        ),
        Check(
            "QD706",
            "import-encoding",
            Severity.INFO,
            "导入：按 GB18030 读取",
            "CSV 文件不是 UTF-8，按 GB18030（兼容 GBK、GB2312）读取。Excel 和 WPS 另存的 CSV 常是这种编码，导入结果已转为 UTF-8。",
        ),
        Check(
            "QD707",
            "import-edited-cell",
            Severity.INFO,
            "导入：表格里改过的单元格",
            "由 qingdan render 生成的表格被人改过：改过的可见单元格优先，隐藏列里的原值（如依据原文、联系人单位）对不上的部分不再使用。导入后用 qingdan diff 核对改动。",
        ),
    )
}
