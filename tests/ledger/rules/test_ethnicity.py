"""Ethnic groups by name (Decision 1019/QĐ-TCTK, 2008): spellings match, ambiguous names ask."""

import pytest

from desktop.ledger.rules.ethnicity import ethnicity_warning, match_ethnicity


@pytest.mark.parametrize(
    ("written", "group"),
    [
        ("H'Mông", "H'Mông"),
        ("Mông", "H'Mông"),
        ("Khmer", "Khơ-me"),
        ("Cao Lan", "Sán Chay"),
        ("Cao Lan - Sán Chỉ", "Sán Chay"),  # the 2008 list's own alternative name
        ("Sán Chay", "Sán Chay"),
        ("Tày", "Tày"),
    ],
)
def test_spellings_of_one_group(written, group):
    found = match_ethnicity(written)
    assert found is not None and found.name == group
    assert ethnicity_warning(written) is None


def test_san_chi_is_not_taken_for_san_chay():
    """The 2008 list: the Sán Chỉ of Bảo Lạc and Chợ Rã (Cao Bằng) are not Sán Chay."""
    for written in ("Sán Chỉ", "san chi", "SÁN CHỈ"):
        assert match_ethnicity(written) is None
        assert "không đương nhiên là dân tộc Sán Chay" in ethnicity_warning(written)


def test_tho_is_its_own_group_but_the_officer_is_warned():
    """ "Thổ" is an official group, and also an old name for the Tày and for the Khmer."""
    assert match_ethnicity("Thổ").name == "Thổ"
    warning = ethnicity_warning("thổ")
    assert "Tày" in warning and "Khơ-me" in warning
