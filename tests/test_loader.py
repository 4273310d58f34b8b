"""Loading: every kind of bad input becomes a coded finding at the right place, never a traceback."""

from __future__ import annotations

from conftest import check
from qingdan.findings import Severity


def codes(findings):
    return [(f.code, f.file, f.line, f.column) for f in findings]


def test_minimal_project_is_clean(make_project):
    assert check(make_project({})) == []


def test_schema_error_is_located_with_line_column_and_json_path(make_project):
    township = """\
        id: heping
        name: 鹤坪镇
        kind: town
        scale: medium
        structure: medium
        offices:
          - id: economic-office
            role: economic-office
            name: 经济发展办公室
            kind: party-government
            counterparts:
              - agriculture
            functions:
              - 负责经济运行监测。
            staffing:
              administrative: {approved: 5, actual: 5}
          - id: enforcement-brigade
            role: enforcement-brigade
            name: 综合行政执法大队
            counterparts: [agriculture]
        """
    findings = [f for f in check(make_project({"townships/heping.yaml": township})) if f.code.startswith("QD00")]
    assert [(f.code, f.file, f.line, f.column, f.pointer) for f in findings] == [
        ("QD004", "townships/heping.yaml", 17, 5, "$.offices[1]")
    ]
    assert "「kind」" in findings[0].message


def test_wrong_value_is_located_at_the_value(make_project):
    township = TOWNSHIP_BAD_KIND
    findings = [f for f in check(make_project({"townships/heping.yaml": township})) if f.code.startswith("QD00")]
    assert [(f.code, f.line, f.column, f.pointer) for f in findings] == [("QD004", 6, 11, "$.offices[0].kind")]
    assert "「bureau」" in findings[0].message and "party-government" in findings[0].message


TOWNSHIP_BAD_KIND = """\
id: heping
name: 鹤坪镇
kind: town
offices:
  - {id: economic-office, role: economic-office, name: 经济发展办公室,
    kind: bureau}
structure: medium
"""


def test_missing_required_field_points_at_the_mapping(make_project):
    findings = check(make_project({"departments.yaml": "departments:\n  - id: agriculture\n"}))
    assert [(f.code, f.line, f.column, f.pointer) for f in findings] == [("QD004", 2, 5, "$.departments[0]")]
    assert "name" in findings[0].message


def test_unknown_field_is_located_at_its_key_with_a_suggestion(make_project):
    findings = check(
        make_project({"departments.yaml": "departments:\n  - id: agriculture\n    name: 农业局\n    nmae: x\n"})
    )
    assert [(f.code, f.line, f.column) for f in findings] == [("QD004", 4, 5)]
    assert "「name」" in findings[0].message


def test_duplicate_key(make_project):
    findings = check(
        make_project(
            {"departments.yaml": "departments:\n  - id: agriculture\n    name: 农业局\n    name: 农业农村局\n"}
        )
    )
    assert codes(findings) == [("QD002", "departments.yaml", 4, 5)]
    assert "第 3 行" in findings[0].message


def test_gb18030_file_names_the_encoding(make_project):
    text = "departments:\n  - id: agriculture\n    name: 青岚市农业农村局\n"
    findings = check(make_project({"departments.yaml": text.encode("gb18030")}))
    assert codes(findings)[0] == ("QD003", "departments.yaml", 3, 11)
    assert "GB18030" in findings[0].message
    assert any(f.code == "QD007" for f in findings) is False


def test_unquoted_phone_with_leading_zero(make_project):
    departments = """\
        departments:
          - id: agriculture
            name: 农业局
            contact: {name: 张三, phone: 05718697108}
        """
    findings = check(make_project({"departments.yaml": departments}))
    assert codes(findings) == [("QD005", "departments.yaml", 4, 32)]
    assert findings[0].severity is Severity.ERROR
    assert "05718697108" in findings[0].message and "0 会丢失" in findings[0].message


def test_unquoted_numeric_id_is_implicit_type_not_schema(make_project):
    departments = "departments:\n  - {id: 007, name: 农业局}\n  - {id: agriculture, name: 农业农村局}\n"
    findings = check(make_project({"departments.yaml": departments}))
    assert [(f.code, f.line, f.column) for f in findings] == [("QD005", 2, 10)]
    assert "「007」" in findings[0].message


def test_plain_date_and_yes_are_warnings(make_project):
    manifest = "format: 1\njurisdiction: {name: 测试市}\nauthority: 编办\ndocument_number: no\neffective_date: 2022-07-01\nversion: '1'\n"
    findings = check(make_project({"qingdan.yaml": manifest}))
    assert [(f.code, f.severity, f.line) for f in findings] == [
        ("QD005", Severity.WARNING, 4),
        ("QD005", Severity.WARNING, 5),
    ]


def test_reference_to_missing_department(make_project):
    matters = """\
        domain: {id: agriculture, name: 农业农村}
        matters:
          - id: straw-burning
            name: 秸秆禁烧监管
            lead: agriculture
            supporting: [agricultrue]
            township_office: economic-office
        """
    findings = check(make_project({"matters/agriculture.yaml": matters}))
    assert codes(findings) == [("QD102", "matters/agriculture.yaml", 6, 18)]
    assert "「agricultrue」" in findings[0].message and "「agriculture」" in findings[0].message


def test_yaml_syntax_error(make_project):
    findings = check(make_project({"departments.yaml": "departments:\n  - id: a\n   name: [x\n"}))
    assert [(f.code, f.file) for f in findings] == [("QD001", "departments.yaml")]
    assert findings[0].line == 3


def test_tab_indentation_explained(make_project):
    findings = check(make_project({"departments.yaml": "departments:\n\t- id: a\n"}))
    assert findings[0].code == "QD001" and "制表符" in findings[0].message


def test_two_documents_in_one_file(make_project):
    findings = check(make_project({"departments.yaml": DEPARTMENTS_TWO_DOCS}))
    assert [f.code for f in findings] == ["QD001"]


DEPARTMENTS_TWO_DOCS = "departments:\n  - {id: a, name: 甲}\n---\ndepartments: []\n"


def test_stray_yaml_file_is_reported_not_ignored(make_project):
    findings = check(make_project({"notes/old.yaml": "a: 1\n"}))
    assert [(f.code, f.file, f.severity) for f in findings] == [("QD006", "notes/old.yaml", Severity.WARNING)]


def test_missing_required_kind(make_project, tmp_path):
    root = make_project({"qingdan.yaml": "format: 1\n"}, base=False)
    found = sorted((f.code, f.message[:4]) for f in check(root))
    assert [c for c, _ in found].count("QD007") == 3
    assert ("QD004", "清单版本") in [(c, m[:4]) for c, m in found] or any(c == "QD004" for c, _ in found)


def test_files_setting_moves_a_kind(make_project):
    manifest = 'format: 1\njurisdiction: {name: 测试市}\nauthority: 编办\ndocument_number: x\neffective_date: "2022-07-01"\nversion: "1"\nfiles:\n  departments: [org/部门.yaml]\n'
    root = make_project({"qingdan.yaml": manifest, "org/部门.yaml": DEPARTMENTS_ONE})
    (root / "departments.yaml").unlink()
    assert check(root) == []


DEPARTMENTS_ONE = "departments:\n  - {id: agriculture, name: 农业局}\n  - {id: natural-resources, name: 自然资源局}\n"


def test_the_c_parser_is_in_use():
    """The fallback pure-Python parser is ~6x slower; a wrong import once fell back silently."""
    import yaml.cyaml

    from qingdan import source as document

    assert document._Parser is yaml.cyaml.CParser
