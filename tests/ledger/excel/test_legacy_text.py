"""Old Vietnamese fonts (TCVN3/ABC, VNI) become Unicode; proper Vietnamese is never touched."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import select

from desktop.ledger.excel.households_import import Outcome, import_households
from desktop.ledger.excel.legacy_text import TCVN3, VNI, detect_and_convert, encoder
from desktop.ledger.records import Household, Village

from .files import WRITERS

TONES = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]  # ngang sắc huyền hỏi ngã nặng
VOWELS = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"]
LETTERS = [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES] + ["đ"]


def test_the_tables_cover_every_letter_with_every_tone():
    assert len(LETTERS) == 73 and len(set(LETTERS)) == 73


@pytest.mark.parametrize("encoding", [TCVN3, VNI])
@pytest.mark.parametrize("letter", LETTERS)
def test_every_letter_round_trips_in_a_word(encoding, letter):
    encode = encoder(encoding)
    # In a name, as lists hold letters: small, capitalised and all capitals. A lone syllable
    # can read as proper text in one font ("chóm") and as another letter in the other: as in
    # real names, the other syllables decide.
    words = [f"Hoàng ch{letter}m", f"Hoàng Ch{letter}m", f"HOÀNG CH{letter.upper()}M"]
    if letter == "đ":
        words = ["Hoàng đông", "Hoàng Đông", "HOÀNG ĐÔNG"]
    for word in words:
        written = encode(word)
        if written == word:
            continue  # the letter is plain ASCII in this font ("a", "y")
        assert detect_and_convert(written).text == word, (encoding, word, written)
        assert detect_and_convert(written).encoding == encoding


@pytest.mark.parametrize(
    ("written", "text", "encoding"),
    [
        ("Hoµng V¨n Th¾ng", "Hoàng Văn Thắng", TCVN3),
        ("B¸t X¸t", "Bát Xát", TCVN3),
        ("M\xadêng Kh\xad¬ng", "Mường Khương", TCVN3),
        ("HOµNG V¡N TH¾NG", "HOÀNG VĂN THẮNG", TCVN3),  # .VnTimeH: capitals from small codes
        ("Hä vµ tªn chñ hé", "Họ và tên chủ hộ", TCVN3),
        ("Hé nghÌo", "Hộ nghèo", TCVN3),
        ("Hoaøng Vaên Thaéng", "Hoàng Văn Thắng", VNI),
        ("HOAØNG VAÊN", "HOÀNG VĂN", VNI),
        ("Möôøng Khöông", "Mường Khương", VNI),
        ("Ñoàng Vaên", "Đồng Văn", VNI),
        ("Nguyeãn Thò Höôøng", "Nguyễn Thị Hường", VNI),
    ],
)
def test_text_as_old_lists_hold_it(written, text, encoding):
    assert detect_and_convert(written) == (text, encoding) or (
        detect_and_convert(written).text == text
        and detect_and_convert(written).encoding == encoding
    )


PROPER = [
    "Nông Văn Dũng",
    "Hà Giang",
    "Pác Bó",
    "Sùng A Pháo",
    "Lò Văn Páo",
    "Mùa A Chá",
    "Giàng Seo Phử",
    "Hoà",
    "Tô Thị Hà",
    "Ông Bà",
    "Cà Mau",
    "Thào A Sình",
    "Pàng Sáo",
    "Hờ A Dế",
    "José Nguyễn",
    "Café Hà Nội",
    "Hộ nghèo",
    "Bế Văn Ân",
    "Đàm Thị Lý",
    "Lý Thị Dợ",
    "H'Mông",
    "Ghi chú: hộ “mới” – 2025",
]


@pytest.mark.parametrize("text", PROPER)
def test_proper_vietnamese_is_never_converted(text):
    assert detect_and_convert(text).text == text
    assert detect_and_convert(text).encoding is None


ONSETS = ["", "b", "ch", "d", "đ", "g", "gi", "h", "kh", "l", "m", "n", "ng", "nh", "ph", "s", "t"]
ONSETS += ["th", "tr", "v", "x"]
RHYMES = ["a", "ai", "ao", "an", "ang", "anh", "âm", "ăn", "e", "em", "ê", "ênh", "i", "in", "inh"]
RHYMES += ["o", "oa", "oan", "ong", "ô", "ông", "ơ", "ơi", "u", "ung", "ư", "ưng", "ươi", "ương"]
RHYMES += ["y", "uy", "iên", "uôn", "ưa"]


def _syllable(onset: str, rhyme: str, tone: str, capital: bool) -> str:
    # The tone goes on the rhyme's main vowel: the last one with a mark, or the first.
    marked = [i for i, c in enumerate(rhyme) if c in "ăâêôơư"]
    vowels = [i for i, c in enumerate(rhyme) if c in "aăâeêioôơuưy"]
    at = marked[-1] if marked else vowels[0]
    word = onset + unicodedata.normalize("NFC", rhyme[: at + 1] + tone + rhyme[at + 1 :])
    return word.capitalize() if capital else word


SYLLABLES = st.builds(
    _syllable,
    st.sampled_from(ONSETS),
    st.sampled_from(RHYMES),
    st.sampled_from(TONES),
    st.booleans(),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(SYLLABLES, min_size=1, max_size=5))
def test_no_proper_name_is_ever_converted(words):
    text = " ".join(words)
    assert detect_and_convert(text).text == text


def test_an_old_font_list_imports_as_unicode_and_says_which_columns(ledger, tmp_path):
    tcvn, vni = encoder(TCVN3), encoder(VNI)
    rows = [
        [tcvn("DANH SÁCH HỘ NGHÈO NĂM 2026"), None, None, None],
        [tcvn("Họ và tên chủ hộ"), tcvn("Thôn"), tcvn("Năm sinh"), tcvn("Phân loại")],
        [tcvn("Hoàng Văn Thắng"), tcvn("Nà Lẹng"), 1970, tcvn("Hộ nghèo")],
        [tcvn("Đàm Thị Hường"), tcvn("Nà Lẹng"), 1982, tcvn("Hộ cận nghèo")],
        [vni("Nguyễn Thị Hường"), "Khuổi Ky", 1979, "Hộ nghèo"],  # a row pasted from VNI
    ]
    path = WRITERS["xlsx"](tmp_path / "phong-cu", rows)
    result = import_households(ledger, path, officer="lan")
    assert result.count(Outcome.imported) == 3, [r.reasons for r in result.rows]
    with ledger.session() as s:
        names = {h.head_name for h in s.exec(select(Household)).all()}
        villages = {v.name for v in s.exec(select(Village)).all()}
    assert names == {"Hoàng Văn Thắng", "Đàm Thị Hường", "Nguyễn Thị Hường"}
    assert villages == {"Nà Lẹng", "Khuổi Ky"}
    converted = {(c.column, c.encoding): c.cells for c in result.conversions}
    # Columns named as the file has them, once converted: the officer finds them by that name.
    assert converted[("A (Họ và tên chủ hộ)", TCVN3)] == 4  # title, header and two names
    assert converted[("A (Họ và tên chủ hộ)", VNI)] == 1
    assert ("B (Thôn)", TCVN3) in converted and result.year == 2026
    assert "từ TCVN3 (ABC)" in result.summary() and "từ VNI" in result.summary()
    assert "cột A (Họ và tên chủ hộ) từ TCVN3" in result.summary()
    assert result.columns["village"] == "Thôn"
