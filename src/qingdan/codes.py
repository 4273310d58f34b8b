"""The checks that are not rules: loading, schema and suppression codes, with their docs.

Rules (QD1xx and up) document themselves in their modules; these codes come from the
loader, the schema pass and the exception machinery, so they are described here once
for `qingdan rules`, SARIF and the docs.
"""

from __future__ import annotations

from dataclasses import dataclass

from qingdan.findings import Severity
from qingdan.limits import MAX_DEPTH, MAX_FILE_BYTES, MAX_INT_DIGITS


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
            "QD013",
            "yaml-anchor",
            Severity.ERROR,
            "用了锚点或别名",
            "YAML 的锚点（&名称）和别名（*名称）能让几行文字展开成几十亿个值（“十亿笑声”），清单文件用不着它们。"
            "qingdan 不读用了锚点或别名的文件，其中的内容都没有读入。把别名引用的内容照写一遍，删去锚点。",
        ),
        Check(
            "QD014",
            "too-large",
            Severity.ERROR,
            "超过读取上限",
            f"文件超过 {MAX_FILE_BYTES // (1024 * 1024)} MB、列表和映射嵌套超过 {MAX_DEPTH} 层，"
            f"或者一个数字超过 {MAX_INT_DIGITS} 位。真实的清单远在这些上限之下，超过的多半是损坏或恶意的文件："
            "qingdan 不读它（太大的文件一个字节也不读），其中的内容都没有读入。过大的清单按领域或乡镇拆成几个文件；"
            "很长的编码或号码加引号写成文字。",
        ),
        Check(
            "QD015",
            "key-not-text",
            Severity.ERROR,
            "键不是文字",
            "没加引号的 true:、1:、null: 这样的键被 YAML 读成布尔值、数字或空值，true 和 1 还会被当成同一个键。"
            "qingdan 按写法把它当作文字键读入，并报告这个问题；列表或映射作键的那一项不读入。把键改成应有的字段名，或加引号。",
        ),
        Check(
            "QD016",
            "yaml-tag",
            Severity.ERROR,
            "用了 YAML 标签",
            "!!binary、!!set、!!omap 和自定义的 !标签 在清单里没有意义，有的还会被其他程序当作代码执行。"
            "qingdan 不读用了这些标签的文件，其中的内容都没有读入。删去标签，只写文字、数字、列表和映射。",
        ),
        Check(
            "QD017",
            "outside-data-set",
            Severity.ERROR,
            "文件在清单文件夹之外",
            "清单文件夹里的文件是指向文件夹之外的符号链接（如指向 ~/.ssh/ 或 /etc/ 中的文件）。qingdan 只读清单自己"
            "文件夹里的文件，不读也不引用这个文件的任何内容，免得在 CI 日志或生成的文件里泄露别处的数据。把文件复制进清单文件夹，删去链接。",
        ),
        Check(
            "QD018",
            "files-pattern",
            Severity.ERROR,
            "files 中的位置无效",
            "qingdan.yaml 的 files 中写了空的位置、绝对路径（如 /etc/passwd）、含 .. 的路径、只有 . 或不是有效 glob 的位置。"
            "这个位置没有使用（这类清单不再从默认位置读取）。写相对于清单文件夹、留在文件夹之内的位置，如 matters/*.yaml。",
        ),
        Check(
            "QD019",
            "unreadable-file",
            Severity.ERROR,
            "无法读取的文件",
            "文件或文件夹在读取时出错：没有读取权限、不是普通文件（如设备或管道），或者在读取时被删除、移动。"
            "其中的内容都没有读入。检查权限，等其他程序写完后再运行。",
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
            "单元格里的部门名称对不上 departments.yaml 中任何部门的全称、简称、别名和常见简称（如 卫健委、教体局、住建局）。每个名称只报一次（在第一次出现的行），并列出名录中相近的部门。这个名称按拼音暂写成标识（如 市大数据局 → da-shu-ju-ju），原文放进事项的 extra，校验时会报 QD102 或 QD201。是已有部门的另一种叫法，就在 departments.yaml 给那个部门加上别名；是新部门，就补进名录，或导入时加 --add-departments 由 qingdan 加进去（加进的部门请核对全称和简称）；然后重新导入。",
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
            "由 qingdan render 生成的表格被人改过：改过的可见单元格优先，隐藏列里的原值（如联系人单位）对不上的部分不再使用。导入后用 qingdan diff 核对改动。",
        ),
        Check(
            "QD708",
            "import-merges-unknown",
            Severity.WARNING,
            "导入：看不到合并单元格",
            "这种格式的文件读不出哪些单元格是合并的：横跨整行的分组行可能读成只有第一格有字的行，纵向合并的单元格"
            "（一个部门管几个事项）只有第一行有值。每张工作表报一次。导入后核对分组和这些单元格，或在 Excel、WPS 中另存为 .xlsx 后重新导入。",
        ),
        Check(
            "QD709",
            "import-skipped-content",
            Severity.WARNING,
            "导入：文档里没有读的内容",
            "Word 文档里嵌在单元格中的表格、图片、文本框和嵌入的对象（如嵌入的 Excel 表格）读不出清单的行列，没有导入。"
            "按报告的表格和行号核对原文：图片里的表格要找原件或手工录入，嵌入的表格另存为文件后单独导入。",
        ),
        Check(
            "QD710",
            "import-unresolved-party",
            Severity.WARNING,
            "导入：说不清是谁的责任单位",
            "主体责任、配合责任或对应上级部门一格写的是“部门”“有关部门”“县级部门”这样的泛称，而这一行的其他列没有写出是哪个部门；或者部门一栏写的是乡镇（街道）、村（社区）；或者一格里只是“是”“√”这样勾选的标记，只说这一行有这项责任，没有说是谁。qingdan 不猜：这一栏空着，原文放进 extra。请在原表写明部门名称后重新导入，或直接在 YAML 中填上部门标识。",
        ),
        Check(
            "QD711",
            "import-several-leads",
            Severity.WARNING,
            "导入：一个事项写了几个牵头单位",
            "牵头（主体责任）一栏写了几个部门，或部门和乡镇都写了。一类事项原则上只由一个部门牵头：第一个写进 lead，其余写进 supporting，报告中写明各是哪个。确实应由别的部门牵头的，在 YAML 中对调。",
        ),
        Check(
            "QD712",
            "import-list-kind",
            Severity.INFO,
            "导入：按清单的标题理解各行",
            "表格的标题、工作表名或 Word 中表格上方的标题说明了这是哪种清单：配合事项清单（配合责任清单）中部门牵头、乡镇（街道）配合，每项的 supporting 加上 township；乡镇（街道）主体责任清单中乡镇牵头，表中写的部门写进 supporting。理解错了的（例如标题写错了），改正原表的标题后重新导入，或在 YAML 中改正 lead 和 supporting。",
        ),
        Check(
            "QD713",
            "import-basis-partly-parsed",
            Severity.WARNING,
            "导入：依据只拆开了一部分",
            "依据单元格里有几段，其中一些能拆成文件名、文号、条款和摘录，另一些（如「见附件3」）看不出引用的是哪个文件，按原文整段写进 document，没有丢掉。核对这几段：是文件名的补上书名号，不是依据的移到备注。",
        ),
        Check(
            "QD715",
            "import-merge-other-list",
            Severity.ERROR,
            "导入：标识已在另一张清单里",
            "导入到已有的清单文件夹时按标识合并。源表的这一项，清单里已有同一标识（或标识不同、名称相同）的项，却在另一个领域的文件里，或在另一张履行职责事项清单里（如源表是配合履职事项，清单里是基本履职事项）。合并不替人决定移动：清单里的这一项原样保留，源表的这一项没有写入。确需移动的，在 YAML 中把这一项移到源表所在的文件或清单后重新导入；不是同一项的，改其中一个的名称或标识。",
        ),
        Check(
            "QD716",
            "import-merge-kept-file-data",
            Severity.INFO,
            "导入：保留了文件原有的写法",
            "导入到已有的文件时，文件自己的内容（领域的名称和顺序、乡镇、职责方面的名称等）和注释保留原样，不按源表改。报告列出源表与文件不同的地方；要改用源表的写法，手工修改，或用 --replace 整个替换这个文件。",
        ),
        Check(
            "QD717",
            "import-csv-quote",
            Severity.ERROR,
            "导入：CSV 的引号没有配对",
            "CSV 里一格以引号开头，却没有配对的引号（或引号闭合后又跟着文字、引号里的文字跨到了下面编了号的行）。"
            "照 CSV 的规矩读，这一行以下的内容会连成一格，第 2 行成了第 1 行名称的一部分。qingdan 不这样读：这一行单独按原样读入，"
            "引号留在文字里，下面的行照常读。按报告的行号核对这一行，在原表里删去多余的引号（或给含逗号、换行的一格两端都加上引号）后重新导入；"
            "用 Excel 或 WPS 另存的 CSV 不会有这种问题。",
        ),
        Check(
            "QD718",
            "import-nothing-read",
            Severity.ERROR,
            "导入：没有读到清单",
            "文件里没有一张工作表（或 Word 表格）认得出表头，或认出了表头却没有一行事项，什么也没有导入。"
            "报告列出每张工作表开头几行的内容：表头用了特别的叫法的，用 --map 列名=字段 指定；清单在别的工作表的，用 --sheet 指定；"
            "选错了文件或 --kind 的，改正后重新导入。",
        ),
        Check(
            "QD719",
            "import-formula-value",
            Severity.INFO,
            "导入：公式按计算结果导入",
            "工作表里有公式单元格（如 序号 写成 =ROW()-3，名称由几格拼成），按 Excel 或 WPS 上次保存时算出的结果导入，每张工作表说一次。"
            "公式引用的单元格改过而没有重新计算（例如由别的程序改过）的，结果可能是旧的：在 Excel 或 WPS 中打开、保存后重新导入。",
        ),
        Check(
            "QD720",
            "import-formula-text",
            Severity.WARNING,
            "导入：公式没有计算结果",
            "公式单元格里没有保存计算结果：文件是程序生成的，生成时没有计算。qingdan 不计算公式，这一格按公式原文（如 =A5&B5）导入，"
            "而不是当成空格丢掉。在 Excel 或 WPS 中打开、保存（会算出结果）后重新导入，或在原表中把公式换成它的值。",
        ),
    )
}
