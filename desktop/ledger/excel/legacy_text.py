"""Vietnamese typed before Unicode: TCVN3 (ABC: .VnTime, .VnArial…) and VNI (VNI-Times…).

Such a cell reaches us as Windows-1252 text ("Hoµng V¨n", "Hoaøng Vaên") because the font, not
the file, made it Vietnamese. A cell is converted only when the result reads as Vietnamese
syllables and the original does not; text that holds a letter only Unicode has (ư, ạ, ế…) is
proper Vietnamese and is never touched. The tables are data: `resources/excel/legacy_fonts.yaml`.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from desktop.ledger.resources import load_yaml

TCVN3 = "TCVN3 (ABC)"
VNI = "VNI"
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_ONSET = r"(?:ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđghklmnprstvx])?"
# Vowel groups of Vietnamese rhymes: those ending in a glide take no final consonant.
_OPEN = (
    "ai ao au ay âu ây eo êu ia iu oi ôi ơi ui ưi ưu ua ưa "
    "iêu yêu oai oay oeo uây uôi uya ươi ươu uyu"
)
_CLOSABLE = "a ă â e ê i o ô ơ u ư y oa oă oe oo uâ uê uô uy ươ iê yê uyê"
_SYLLABLE = re.compile(
    rf"^{_ONSET}(?:(?:{'|'.join(_OPEN.split())})|(?:{'|'.join(_CLOSABLE.split())})"
    r"(?:ch|nh|ng|[cmnpt])?)$"
)
_WORD = re.compile(r"\S+")


def _as_text(hex_bytes: str) -> list[str]:
    """How Excel holds these bytes: as Windows-1252 text, or (old .xls) as Latin-1 text."""
    raw = bytes.fromhex(hex_bytes)
    forms = {raw.decode("latin-1")}
    with contextlib.suppress(UnicodeDecodeError):
        forms.add(raw.decode("cp1252"))
    return sorted(forms)


@dataclass(frozen=True)
class _Table:
    pattern: re.Pattern[str]
    letters: dict[str, str]  # legacy text → letter
    lower_only: bool  # TCVN3: capitals with a tone were drawn by the .VnTimeH fonts


def _tcvn3_table() -> _Table:
    letters: dict[str, str] = {}
    for letter, code in load_yaml("excel", "legacy_fonts.yaml")["tcvn3"].items():
        for form in _as_text(code):
            if form != letter:
                letters[form] = letter
    return _Table(_alternation(letters), letters, lower_only=True)


def _vni_table() -> _Table:
    letters: dict[str, str] = {}
    for letter, code in load_yaml("excel", "legacy_fonts.yaml")["vni"].items():
        for form in _as_text(code):
            if form == letter:
                continue
            letters[form] = letter
            # "Aùnh" (Ánh): a capital base letter with a small mark byte, as typed in names.
            if len(form) == 2 and form[0].isupper():
                letters.setdefault(form[0] + form[1].lower(), letter)
            if len(form) == 2 and form[0].islower():
                letters.setdefault(form[0] + form[1].upper(), letter)
    return _Table(_alternation(letters), letters, lower_only=False)


def _alternation(keys: dict[str, str]) -> re.Pattern[str]:
    ordered = sorted(keys, key=len, reverse=True)  # "aø" before "ø"
    return re.compile("|".join(re.escape(k) for k in ordered))


@cache
def _tables() -> dict[str, _Table]:
    return {TCVN3: _tcvn3_table(), VNI: _vni_table()}


@cache
def _unicode_only() -> re.Pattern[str]:
    """Letters Unicode Vietnamese has that neither old encoding can produce: text holding one is
    already proper and is left alone."""
    data = load_yaml("excel", "legacy_fonts.yaml")
    legacy = {
        ch
        for table in data.values()
        for code in table.values()
        for form in _as_text(code)
        for ch in form
    }
    legacy |= {ch.swapcase() for ch in legacy}
    letters = {ch for table in data.values() for letter in table for ch in letter}
    letters |= {ch.upper() for ch in letters}
    only = sorted(ch for ch in letters if ch not in legacy and not ch.isascii())
    return re.compile("[" + "".join(only) + "]")


@cache
def _suspects() -> re.Pattern[str]:
    """Characters that appear in legacy text: without one, there is nothing to convert."""
    chars = {ch for t in _tables().values() for key in t.letters for ch in key if not ch.isascii()}
    return re.compile("[" + re.escape("".join(sorted(chars))) + "]")


def _decode(text: str, table: _Table) -> str:
    converted = table.pattern.sub(lambda m: table.letters[m.group(0)], text)
    if not table.lower_only:
        return converted
    # .VnTimeH draws small-letter codes as capitals: "HOµNG" was typed as "HOÀNG".
    return _WORD.sub(_restore_case, _pairs(text, converted))


def _pairs(original: str, converted: str) -> str:
    # TCVN3 is one character for one, so words line up: mark the all-capital ones.
    words = iter(_WORD.findall(original))
    return _WORD.sub(lambda m: _capital_mark(next(words), m.group(0)), converted)


_CAPITAL = "\x00"


def _capital_mark(original: str, converted: str) -> str:
    cased = [c for c in original if c.isascii() and c.isalpha()]
    capitals = len(cased) >= 2 and all(c.isupper() for c in cased)  # "Nµ" is only capitalised
    return _CAPITAL + converted if capitals else converted


def _restore_case(match: re.Match[str]) -> str:
    word = match.group(0)
    return word[1:].upper() if word.startswith(_CAPITAL) else word


def _score(text: str) -> int:
    """Words that read as Vietnamese syllables, less words holding a stray symbol."""
    score = 0
    for word in _WORD.findall(text):
        for part in re.split(r"[-'’/.,;:()]+", word):
            if not part or part.isdigit():
                continue
            bare = unicodedata.normalize("NFD", part.lower())
            tones = sum(1 for c in bare if c in _TONES)
            plain = unicodedata.normalize("NFC", "".join(c for c in bare if c not in _TONES))
            cased = part[1:].islower() or part.isupper() or len(part) == 1
            if tones <= 1 and cased and _SYLLABLE.match(plain):
                score += 1
            elif not plain.isalpha():
                score -= 1
    return score


@dataclass(frozen=True)
class Conversion:
    text: str
    encoding: str | None  # TCVN3 or VNI when converted


class LegacyText:
    """Converts cells one by one, remembering answers (villages, categories, ethnic groups
    repeat; most names do not, so a small memory serves, and a 100,000-row list stays lean)."""

    def __init__(self, cache_size: int = 4_096) -> None:
        self._cache: dict[str, Conversion] = {}
        self._size = cache_size

    def convert(self, text: str) -> Conversion:
        found = self._cache.get(text)
        if found is None:
            found = detect_and_convert(text)
            if len(self._cache) >= self._size:
                self._cache.clear()
            self._cache[text] = found
        return found


def detect_and_convert(text: str) -> Conversion:
    if text.isascii() or _unicode_only().search(text) or not _suspects().search(text):
        return Conversion(text, None)
    best, best_score = Conversion(text, None), _score(text)
    for encoding, table in _tables().items():
        converted = unicodedata.normalize("NFC", _decode(text, table))
        if converted != text and (score := _score(converted)) > best_score:
            best, best_score = Conversion(converted, encoding), score
    return best


def encoder(encoding: str) -> Callable[[str], str]:
    """Unicode → how a legacy font's text reads in Excel (for tests and sample files)."""
    data = load_yaml("excel", "legacy_fonts.yaml")["tcvn3" if encoding == TCVN3 else "vni"]
    table = {letter: bytes.fromhex(code).decode("cp1252") for letter, code in data.items()}

    def encode(text: str) -> str:
        out = []
        for ch in unicodedata.normalize("NFC", text):
            if ch in table:
                out.append(table[ch])
            elif encoding == TCVN3 and not ch.isascii() and ch.lower() in table:
                out.append(table[ch.lower()])  # .VnTimeH: the small letter's code, drawn capital
            else:
                out.append(ch)
        return "".join(out)

    return encode
