"""The document font: Times New Roman when installed, else the bundled Liberation Serif."""

from __future__ import annotations

import shutil

from reportlab.pdfbase.ttfonts import TTFont

from desktop.ledger.resources import resource_path
from desktop.printing.fonts import VIETNAMESE, bundled_files, document_font, find_times


def test_the_bundled_font_covers_every_vietnamese_letter_and_ships_its_licence():
    for path in bundled_files().values():
        chars = TTFont("probe", str(path)).face.charToGlyph
        assert [ch for ch in VIETNAMESE if ord(ch) not in chars] == []
    licence = resource_path("fonts", "LICENSE-LiberationSerif.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence


def test_times_new_roman_is_found_under_its_windows_file_names(tmp_path):
    fonts = tmp_path / "Fonts"
    fonts.mkdir()
    assert find_times([fonts]) is None
    names = {"regular": "times.ttf", "bold": "timesbd.ttf", "italic": "timesi.ttf"}
    for face, name in names.items():
        shutil.copy(bundled_files()[face], fonts / name)
    assert find_times([fonts]) is None  # bold italic missing: all four faces or none
    shutil.copy(bundled_files()["bold_italic"], fonts / "timesbi.ttf")
    found = find_times([fonts])
    assert found is not None and found["bold"].name == "timesbd.ttf"


def test_liberation_is_used_when_asked_for():
    font = document_font("liberation")
    assert font.source == "Liberation Serif"
    assert font.files[0].name == "LiberationSerif-Regular.ttf"
