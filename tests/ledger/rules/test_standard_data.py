"""The national standards as the legal texts lay them out, each part naming where it comes from."""

import pytest
import yaml

from desktop.ledger.resources import resource_path
from desktop.ledger.rules.standards import load_standards, standard_for

STANDARDS = {s.id: s for s in load_standards()}
FILES = sorted(resource_path("standards").glob("*.yaml"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_standard_and_every_indicator_names_its_source_in_the_file(path):
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert str(raw.get("source", "")).strip(), f"{path.name}: the standard names no source"
    missing = [
        ind["code"]
        for dim in raw["dimensions"]
        for ind in dim["indicators"]
        if not str(ind.get("source", "")).strip()
    ]
    assert missing == []


# (standard, dimensions, indicators per dimension) as the texts give them
SHAPES = {
    "qd59-2015": [2, 2, 2, 2, 2],  # 5 services, 10 indicators
    "nd07-2021": [2, 2, 2, 2, 2, 2],  # 6 dimensions, 12 indicators
    "nd351-2025": [2, 2, 2, 2, 3, 1],  # 6 dimensions, 12: waste added, one telecom/internet
}


@pytest.mark.parametrize(("sid", "shape"), SHAPES.items())
def test_dimensions_and_indicators(sid, shape):
    standard = STANDARDS[sid]
    dims: dict[str, int] = {}
    for ind in standard.indicators:
        dims[ind.dimension] = dims.get(ind.dimension, 0) + 1
    assert list(dims.values()) == shape
    assert len(standard.indicators) == sum(shape)


def test_decree_351_information_and_environment_as_in_the_september_2025_draft():
    s = STANDARDS["nd351-2025"]
    info = [i.code for i in s.indicators if i.dimension == "Thông tin"]
    water = [i.code for i in s.indicators if "môi trường" in i.dimension]
    assert info == ["telecom"] and "internet" in s.indicator("telecom").label
    assert water == ["drinking_water", "latrine", "household_waste"]
    assert "information_access" not in {i.code for i in s.indicators}
    assert s.provisional and "dự thảo" in s.source.lower()
    assert all(
        "tạm thời" in i.source for i in s.indicators if i.code not in {"employment", "dependants"}
    )


@pytest.mark.parametrize(
    ("year", "note"),
    [
        (2026, "chuẩn nghèo theo NĐ 07/2021 (áp dụng đến hết năm 2026)"),
        (2022, "chuẩn nghèo theo NĐ 07/2021 (áp dụng đến hết năm 2026)"),
        (2027, "chuẩn nghèo theo NĐ 351/2025 (áp dụng đến hết năm 2030)"),
        (2021, "chuẩn nghèo theo QĐ 59/2015 (áp dụng đến hết năm 2021)"),
    ],
)
def test_a_classification_says_which_standard_and_until_when(year, note):
    assert standard_for(year, STANDARDS.values()).in_force_note() == note


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_indicator_line_is_split_by_an_unquoted_comma(path):
    """In a YAML flow mapping an unquoted comma starts a new key: "Thu gom, xử lý…" broke."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    keys = {k for dim in raw["dimensions"] for ind in dim["indicators"] for k in ind}
    assert keys <= {"code", "label", "definition", "source"}
