"""Folding Vietnamese for search and matching."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from desktop.ledger.rules.ethnicity import all_groups, match_ethnicity
from desktop.ledger.rules.text import fold, normalize_text


def test_fold_examples():
    assert fold("Nông Văn Dũng") == "nong van dung"
    assert fold("  ĐẶNG   thị  Hoà ") == "dang thi hoa"
    assert fold("H'Mông") == "h mong"


def test_decomposed_text_from_excel_is_normalised():
    nfd = unicodedata.normalize("NFD", "Nông Văn Dũng")
    assert normalize_text(f"  {nfd}\u00a0 ") == "Nông Văn Dũng"
    assert fold(nfd) == "nong van dung"


@given(st.text())
def test_fold_is_ascii_and_idempotent(text):
    folded = fold(text)
    assert folded.isascii() and fold(folded) == folded


def test_54_groups_and_their_common_spellings():
    groups = all_groups()
    assert len(groups) == 54 and [g.name for g in groups if not g.minority] == ["Kinh"]
    assert {
        match_ethnicity(s).name for s in ["H'Mông", "Hmông", "Mông", "dân tộc Mông", "HMÔNG"]
    } == {"H'Mông"}
    assert match_ethnicity("Khmer").name == match_ethnicity("Khơ me").name == "Khơ-me"
    assert match_ethnicity("Cao Lan").name == "Sán Chay"
    assert match_ethnicity("Thổ").name == "Thổ" and match_ethnicity("Tày").name == "Tày"
    assert match_ethnicity("08") is None and match_ethnicity("") is None
    assert {g.code_2008 for g in groups} == {f"{i:02d}" for i in range(1, 55)}
