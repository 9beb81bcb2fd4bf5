"""Vietnamese text: normalising what officers and Excel files type, and folding it for search."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^a-z0-9 ]+")
_D = str.maketrans({"đ": "d", "Đ": "d"})


def normalize_text(value: str) -> str:
    """NFC (Excel often holds decomposed Vietnamese), trimmed, one space between words."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()


def strip_marks(value: str) -> str:
    """Lower case without diacritics, punctuation kept: "1,5 Triệu" → "1,5 trieu"."""
    decomposed = unicodedata.normalize("NFD", value.translate(_D).lower())
    return decomposed.encode("ascii", "ignore").decode("ascii")


# Names repeat: within a row, and across a commune's lists. Codes and most names of a long list
# do not: 65,536 entries held 11 MB of a 100,000-row import's 250 MB (issue 8).
@lru_cache(maxsize=8_192)
def fold(value: str) -> str:
    """Lower case, no diacritics, for search and matching: "Đặng Thị Hoà" → "dang thi hoa"."""
    plain = value.lower() if value.isascii() else strip_marks(value)  # codes are ASCII
    return _SPACES.sub(" ", _NOT_WORD.sub(" ", plain)).strip()
