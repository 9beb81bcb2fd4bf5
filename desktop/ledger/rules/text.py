"""Vietnamese text: normalising what officers and Excel files type, and folding it for search."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^a-z0-9 ]+")
_D = str.maketrans({"đ": "d", "Đ": "d"})


def normalize_text(value: str) -> str:
    """NFC (Excel often holds decomposed Vietnamese), trimmed, one space between words."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()


def fold(value: str) -> str:
    """Lower case, no diacritics, for search and matching: "Đặng Thị Hoà" → "dang thi hoa"."""
    decomposed = unicodedata.normalize("NFD", value.translate(_D).lower())
    ascii_only = decomposed.encode("ascii", "ignore").decode("ascii")
    return _SPACES.sub(" ", _NOT_WORD.sub(" ", ascii_only)).strip()
