"""qingdan init: every shipped structure template scaffolds a data set with no error, whose only findings are its
placeholders (QD207) — each naming what to replace — and which validates with no finding at all once they are."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from typer.main import get_command

from conftest import REPO, fill_placeholders
from qingdan import __version__
from qingdan.cli import app
from qingdan.errors import QingdanError
from qingdan.findings import Severity
from qingdan.project import Project
from qingdan.resources import shipped_dir
from qingdan.scaffold import Request, build, find_template, load_templates, scalar, year_from_name
from qingdan.schema import SchemaSet
from qingdan.source import SourceFile, parse
from qingdan.validate import check_project

INIT = shipped_dir("templates") / "init"
TEMPLATES = load_templates(INIT)
IDS = [t.id for t in TEMPLATES]
CASES = Path(__file__).parent / "cases" / "init"
MODELINE = re.compile(r"# yaml-language-server: \$schema=(\S+)\n")


def _schemas() -> SchemaSet:
    return SchemaSet.load(shipped_dir("schemas"))


def _init(run_cli, root: Path, *args: str) -> Path:
    result = run_cli("init", str(root), *args)
    assert result.exit_code == 0, result.output
    return root


def _findings(root: Path):
    outcome = check_project(Project.discover(root), _schemas(), dt.date(2025, 7, 1))
    return [(f.code, f.file, f.line, f.message) for f in outcome.findings], outcome


def _placeholders(root: Path):
    """What init leaves for a person: no error, only QD207 placeholder warnings, as {file: {pointer, ...}}."""
    _, outcome = _findings(root)
    assert [f for f in outcome.findings if (f.code, f.severity) != ("QD207", Severity.WARNING)] == []
    left: dict[str, set[str]] = {}
    for f in outcome.findings:
        left.setdefault(f.file, set()).add(f.pointer)
    return left, outcome


def _load(path: Path):
    return parse(path.read_text(encoding="utf-8")).data


def test_the_reform_models_are_shipped():
    assert IDS == ["standard-2019", "medium-2022", "large-2022", "medium-2025", "large-2025"]
    assert [(t.name, t.limit) for t in TEMPLATES] == [
        ("七办五中心（站）", 12),
        ("八办一队一中心一站", 11),
        ("八办一队两中心一站", 12),
        ("七办一队一中心一站", 10),
        ("七办一队两中心一站", 11),
    ]


@pytest.mark.parametrize("template", IDS)
def test_init_output_has_no_error_and_names_every_placeholder(run_cli, tmp_path, template):
    root = _init(run_cli, tmp_path / "data", "--structure", template)
    left, outcome = _placeholders(root)
    dataset = outcome.dataset
    assert [s.id for s in dataset.structures] == [template]
    assert [t.structure for t in dataset.townships] == [template]
    assert (len(dataset.matters), len(dataset.duties)) == (1, len(dataset.townships[0].offices))
    township = dataset.townships[0]
    # the default 示例县 / 示例镇 and whatever carries them, each leader's 待填, the 文号's XX, and the example
    # matter and duties by their example- ids
    assert left == {
        "qingdan.yaml": {"$.jurisdiction.name", "$.title", "$.authority", "$.document_number"},
        "departments.yaml": {f"$.departments[{n}].name" for n in range(len(dataset.departments))},
        "townships/shili.yaml": {
            "$.name",
            *(f"$.leaders[{n}].name" for n in range(len(township.leaders))),
            *(f"$.stationed_units[{n}].name" for n in range(len(township.stationed_units))),
        },
        "matters/emergency-safety.yaml": {"$.matters[0].id"},
        "duties.yaml": {f"$.duties[{n}].id" for n in range(len(dataset.duties))},
    }
    messages = {f.pointer: f.message for f in outcome.findings}
    assert re.search(r"^「示编〔\d{4}〕XX号」中的「XX」是占位文字", messages["$.document_number"])
    assert "「待填」是占位文字" in messages["$.leaders[0].name"]
    assert "「工贸企业安全生产监管」是 qingdan init 写的示例" in messages["$.matters[0].id"]


@pytest.mark.parametrize("template", IDS)
def test_init_output_validates_clean_once_its_placeholders_are_replaced(run_cli, tmp_path, template):
    root = _init(run_cli, tmp_path / "data", "--structure", template)
    fill_placeholders(root)
    findings, outcome = _findings(root)
    assert findings == []
    assert outcome.suppressed == []


def test_named_county_and_township_leave_only_leaders_number_and_examples(run_cli, tmp_path):
    root = _init(run_cli, tmp_path / "d", "-s", "medium-2025", "--jurisdiction", "青岚市", "--township", "鹤坪镇")
    left, outcome = _placeholders(root)
    township = outcome.dataset.townships[0]
    assert left == {
        "qingdan.yaml": {"$.document_number"},
        "townships/heping.yaml": {f"$.leaders[{n}].name" for n in range(len(township.leaders))},
        "matters/emergency-safety.yaml": {"$.matters[0].id"},
        "duties.yaml": {f"$.duties[{n}].id" for n in range(len(outcome.dataset.duties))},
    }


@pytest.mark.parametrize(
    ("jurisdiction", "township", "kind", "file", "head"),
    [
        ("青岚市", "石桥乡", "township", "shiqiao", "党委副书记、乡长"),
        ("鹿城区", "五马街道", "subdistrict", "wuma", "党工委副书记、办事处主任"),
        ("示例县", "龙泉街道办事处", "subdistrict", "longquan", "党工委副书记、办事处主任"),
    ],
)
def test_townships_and_subdistricts_validate_clean(run_cli, tmp_path, jurisdiction, township, kind, file, head):
    root = _init(run_cli, tmp_path / "d", "-s", "七办五中心", "--jurisdiction", jurisdiction, "--township", township)
    _placeholders(root)
    fill_placeholders(root, "清河县", township)
    assert _findings(root)[0] == []
    data = _load(root / "townships" / f"{file}.yaml")
    assert (data["id"], data["name"], data["kind"]) == (file, township, kind)
    assert data["leaders"][1]["post"] == head


def test_several_structures_go_into_structures_yaml_and_the_first_is_the_townships(run_cli, tmp_path):
    root = _init(run_cli, tmp_path / "d", "-s", "八办一队两中心一站", "-s", "medium-2022", "-s", "large-2022")
    assert [s["id"] for s in _load(root / "structures.yaml")["structures"]] == ["large-2022", "medium-2022"]
    assert _load(root / "townships" / "shili.yaml")["structure"] == "large-2022"
    _placeholders(root)
    fill_placeholders(root)
    assert _findings(root)[0] == []


def test_files_present(run_cli, tmp_path):
    root = _init(run_cli, tmp_path / "d", "-s", "medium-2022")
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    schemas = sorted(f"schemas/{p.name}" for p in shipped_dir("schemas").glob("*.schema.json"))
    assert files == sorted(
        [
            ".github/workflows/qingdan.yml",
            ".pre-commit-config.yaml",
            "departments.yaml",
            "duties.yaml",
            "matters/emergency-safety.yaml",
            "qingdan.yaml",
            "structures.yaml",
            "townships/shili.yaml",
            *schemas,
        ]
    )
    for name in schemas:  # copied byte for byte, so the modelines work offline
        assert (root / name).read_bytes() == (shipped_dir("schemas") / Path(name).name).read_bytes()


def test_every_data_file_has_a_modeline_to_its_own_schema(run_cli, tmp_path):
    root = _init(run_cli, tmp_path / "d", "-s", "medium-2025")
    _, outcome = _findings(root)
    assert len(outcome.dataset.documents) == 6
    for doc in outcome.dataset.documents:
        path = root / doc.file
        match = MODELINE.match(path.read_text(encoding="utf-8"))
        assert match, doc.file
        target = (path.parent / match.group(1)).resolve()
        assert target.is_file(), doc.file
        assert target == (root / "schemas" / f"{doc.kind}.schema.json").resolve()


def test_manifest_and_township_golden(run_cli, tmp_path, golden):
    root = _init(run_cli, tmp_path / "d", "-s", "八办一队一中心一站", "--year", "2025")
    golden(CASES / "medium-2022" / "qingdan.yaml", (root / "qingdan.yaml").read_text(encoding="utf-8"))
    golden(CASES / "medium-2022" / "townships" / "shili.yaml", (root / "townships/shili.yaml").read_text("utf-8"))


def test_year_defaults_to_this_year(run_cli, tmp_path):
    root = _init(run_cli, tmp_path / "d", "-s", "medium-2022")
    manifest = _load(root / "qingdan.yaml")
    assert manifest["version"] == str(dt.date.today().year)
    assert manifest["effective_date"] == f"{dt.date.today().year}-01-01"


def test_jurisdiction_replaces_the_placeholder_county(run_cli, tmp_path):
    root = _init(run_cli, tmp_path / "d", "-s", "medium-2022", "--jurisdiction", "青岚市")
    text = "".join(p.read_text(encoding="utf-8") for p in root.rglob("*.yaml"))
    assert "XX县" not in text and "示例县" not in text
    departments = {d["id"]: d for d in _load(root / "departments.yaml")["departments"]}
    assert departments["agriculture"]["name"] == "青岚市农业农村局"
    assert departments["gov-office"]["short_name"] == "市政府办"
    manifest = _load(root / "qingdan.yaml")
    assert manifest["jurisdiction"] == {"name": "青岚市", "kind": "县级市"}
    assert manifest["authority"] == "中共青岚市委机构编制委员会办公室"


def test_ci_workflow_runs_validate_and_fmt_check(run_cli, tmp_path):
    root = _init(run_cli, tmp_path / "d", "-s", "medium-2022")
    workflow = yaml.safe_load((root / ".github" / "workflows" / "qingdan.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["validate"]["steps"]
    runs = [s["run"] for s in steps if "run" in s]
    assert runs == [f'pip install "qingdan=={__version__}"', "qingdan validate .", "qingdan fmt --check ."]
    assert steps[0]["uses"].startswith("actions/checkout@")


def test_pre_commit_config_uses_local_hooks_with_this_projects_ids(run_cli, tmp_path):
    root = _init(run_cli, tmp_path / "d", "-s", "medium-2022")
    config = yaml.safe_load((root / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [repo] = config["repos"]
    assert repo["repo"] == "local"
    hooks = {h["id"]: h for h in repo["hooks"]}
    assert sorted(hooks) == ["qingdan-fmt-check", "qingdan-validate"]
    shipped = {h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert hooks["qingdan-validate"]["entry"] == shipped["qingdan-validate"]["entry"] == "qingdan validate"
    assert hooks["qingdan-fmt-check"]["entry"] == "qingdan fmt --check"
    for hook in hooks.values():
        assert (hook["language"], hook["pass_filenames"], hook["args"]) == ("system", False, ["."])
        assert re.search(hook["files"], "townships/shili.yaml")


def test_init_output_is_already_formatted(run_cli, tmp_path):
    if "fmt" not in get_command(app).commands:
        pytest.skip("qingdan fmt is not in this tree yet")
    root = _init(run_cli, tmp_path / "d", "-s", "large-2025")
    result = run_cli("fmt", "--check", str(root))
    assert result.exit_code == 0, result.output


def test_non_empty_folder_is_refused(run_cli, tmp_path):
    root = tmp_path / "d"
    root.mkdir()
    (root / "旧清单.xlsx").write_bytes(b"x")
    result = run_cli("init", str(root), "-s", "medium-2022")
    assert result.exit_code == 2
    assert "不是空文件夹" in result.stderr and "旧清单.xlsx" in result.stderr and "--force" in result.stderr
    assert [p.name for p in root.iterdir()] == ["旧清单.xlsx"]


def test_force_overwrites_only_its_own_files(run_cli, tmp_path):
    root = tmp_path / "d"
    root.mkdir()
    (root / "notes.txt").write_text("mine", encoding="utf-8")
    (root / "qingdan.yaml").write_text("format: 1\n", encoding="utf-8")
    result = run_cli("init", str(root), "-s", "medium-2022", "--force")
    assert result.exit_code == 0
    assert "覆盖 1 个" in result.stdout
    assert (root / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert _load(root / "qingdan.yaml")["jurisdiction"]["name"] == "示例县"


def test_a_folder_with_only_git_counts_as_empty(run_cli, tmp_path):
    root = tmp_path / "d"
    (root / ".git").mkdir(parents=True)
    _init(run_cli, root, "-s", "medium-2022")
    assert (root / "qingdan.yaml").is_file()


def test_a_file_in_place_of_the_folder_is_refused(run_cli, tmp_path):
    (tmp_path / "d").write_text("x", encoding="utf-8")
    result = run_cli("init", str(tmp_path / "d"), "-s", "medium-2022")
    assert (result.exit_code, "不是文件夹" in result.stderr) == (2, True)


def test_unknown_structure_lists_the_choices(run_cli, tmp_path):
    result = run_cli("init", str(tmp_path / "d"), "--structure", "一办八局")
    assert result.exit_code == 2
    assert "一办八局" in result.stderr
    for t in TEMPLATES:
        assert t.id in result.stderr and t.name in result.stderr
    assert not (tmp_path / "d").exists()


@pytest.mark.parametrize("args", [("-s", "medium-2022"), ()], ids=["no-dir", "no-structure"])
def test_missing_dir_or_structure_is_a_usage_error(run_cli, tmp_path, args):
    result = run_cli("init", *args) if args else run_cli("init", str(tmp_path / "d"))
    assert result.exit_code == 2
    assert "qingdan init" in result.stderr


@pytest.mark.parametrize("option", ["--township", "--jurisdiction"])
@pytest.mark.parametrize("bad", ["a: b", "- x", " "])
def test_names_that_would_break_yaml_are_refused(run_cli, tmp_path, option, bad):
    result = run_cli("init", str(tmp_path / "d"), "-s", "medium-2022", option, bad)
    assert result.exit_code == 2
    assert option in result.stderr


def test_list_shows_every_template_with_its_offices(run_cli):
    result = run_cli("init", "--list")
    assert result.exit_code == 0
    for t in TEMPLATES:
        assert f"{t.id}  {t.name}" in result.stdout
    assert "招商促进服务中心" in result.stdout and "村镇建设服务中心" in result.stdout


def test_help_names_every_template():
    structure = next(p for p in get_command(app).commands["init"].params if p.name == "structure")
    for t in TEMPLATES:
        assert t.id in structure.help


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("七办五中心", "standard-2019"),
        ("七办五中心（站）", "standard-2019"),
        ("七办五中心(站)", "standard-2019"),
        ("large-2025", "large-2025"),
        (" 八办一队一中心一站 ", "medium-2022"),
    ],
)
def test_structure_by_id_or_name(name, expected):
    assert find_template(name, TEMPLATES).id == expected


def test_unknown_structure_in_the_core():
    with pytest.raises(QingdanError, match="可选：standard-2019"):
        find_template("一中心四平台", TEMPLATES)


def test_build_is_deterministic():
    request = Request(("medium-2022",), year=2025, version="1.0")
    assert build(INIT, shipped_dir("schemas"), request) == build(INIT, shipped_dir("schemas"), request)


# The shipped templates themselves


@pytest.mark.parametrize("path", sorted((INIT / "structures").glob("*.yaml")), ids=lambda p: p.stem)
def test_structure_template_is_valid_against_the_schema(path):
    text = path.read_text(encoding="utf-8")
    parsed = parse(text)
    assert parsed.duplicates == [] and parsed.ambiguous == 0
    assert _schemas().check(SourceFile(path.name, "structures", parsed.data, text)) == []
    assert len(parsed.data["structures"]) == 1


def test_departments_template_is_valid_and_holds_every_counterpart():
    text = (INIT / "departments.yaml").read_text(encoding="utf-8")
    data = parse(text).data
    assert _schemas().check(SourceFile("departments.yaml", "departments", data, text)) == []
    ids = [d["id"] for d in data["departments"]]
    assert len(ids) == len(set(ids))
    assert all(d["name"].startswith("XX县") for d in data["departments"])
    used = {c for t in TEMPLATES for r in t.roles for c in r.get("counterparts", [])}
    assert used - set(ids) == set()
    assert {"public-security", "justice", "emergency", "fire", "market"} <= set(ids)  # township units, the matter


@pytest.mark.parametrize("template", TEMPLATES, ids=IDS)
def test_no_department_has_two_counterpart_offices_in_a_template(template):
    counterparts = [c for r in template.roles for c in r.get("counterparts", [])]
    assert len(counterparts) == len(set(counterparts))
    assert sum(1 for r in template.roles if r.get("required")) <= template.limit
    assert len(template.roles) <= template.limit


def test_roles_catalog_covers_every_role_with_a_leader_and_an_area():
    catalog = _load(INIT / "roles.yaml")
    leaders = {p["id"] for p in catalog["leaders"]}
    areas = {a["id"] for a in catalog["areas"]}
    for t in TEMPLATES:
        for r in t.roles:
            info = catalog["roles"][r["id"]]
            assert info["leader"] in leaders and info["area"] in areas, r["id"]
            assert info["duty"] and info["functions"]
    for unit in catalog["stationed_units"]:
        assert unit["leader"] in leaders


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("示例镇", "示例镇"),
        ("2022", '"2022"'),
        ("2022-07-01", '"2022-07-01"'),
        ("no", '"no"'),
        ("a: b", '"a: b"'),
        ("#1", '"#1"'),
        ("- x", '"- x"'),
        ("说明 # 不是注释", '"说明 # 不是注释"'),
        ('他说"好"', '他说"好"'),
        ("", '""'),
    ],
)
def test_scalar_is_plain_only_where_every_reader_agrees(value, written):
    assert scalar(value) == written
    assert parse(f"v: {written}\n").data == {"v": value}


@pytest.mark.parametrize(
    ("name", "year"),
    [
        ("2025", 2025),
        ("2022年", 2022),
        ("qinglan-2019", 2019),
        ("青岚市２０２５版", 2025),  # full-width digits, as an IME types them
        ("2019-2022", None),  # two editions: neither is sure
        ("2025-2025", 2025),
        ("清单", None),
        ("20251", None),  # five digits are no year
        ("1900", None),
        ("2099", None),  # too far ahead
        ("v2", None),
    ],
)
def test_year_from_the_folder_name(name, year):
    assert year_from_name(name, 2026) == year


def test_init_takes_the_year_from_the_folder_name_unless_year_is_given(run_cli, tmp_path):
    result = run_cli("init", str(tmp_path / "清单" / "2025"), "-s", "medium-2022")
    assert result.exit_code == 0, result.output
    assert "年份取自文件夹名称：2025" in result.stdout
    manifest = _load(tmp_path / "清单" / "2025" / "qingdan.yaml")
    assert (manifest["version"], manifest["effective_date"]) == ("2025", "2025-01-01")
    assert "〔2025〕" in manifest["document_number"]
    given = run_cli("init", str(tmp_path / "x" / "2025"), "-s", "medium-2022", "--year", "2022")
    assert "取自文件夹名称" not in given.stdout
    assert _load(tmp_path / "x" / "2025" / "qingdan.yaml")["version"] == "2022"
