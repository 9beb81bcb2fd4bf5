"""The 54 official ethnic groups, matched from the many ways lists spell them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from desktop.ledger.resources import load_yaml
from desktop.ledger.rules.text import fold

KINH = "Kinh"


@dataclass(frozen=True)
class EthnicGroup:
    name: str
    code_2008: str
    code_1979: str | None
    minority: bool


def _key(text: str) -> str:
    # "H'Mông", "Hmông" and "H mông" are one name; so are "Khơ-me" and "Khơ me".
    key = fold(text).replace(" ", "")
    return key.removeprefix("dantoc")


@cache
def all_groups() -> tuple[EthnicGroup, ...]:
    return tuple(
        EthnicGroup(g["name"], g["code_2008"], g.get("code_1979"), g["name"] != KINH)
        for g in load_yaml("ethnicities.yaml")["groups"]
    )


@cache
def _ambiguous() -> dict[str, tuple[str | None, str]]:
    """Folded name → (the group it is taken for, or None; the warning to show)."""
    return {
        _key(a["name"]): (a.get("group"), a["note"])
        for a in load_yaml("ethnicities.yaml").get("ambiguous", [])
    }


@cache
def _index() -> dict[str, EthnicGroup]:
    index: dict[str, EthnicGroup] = {}
    for raw, group in zip(load_yaml("ethnicities.yaml")["groups"], all_groups(), strict=True):
        for name in [raw["name"], *raw.get("aliases", [])]:
            index.setdefault(_key(name), group)
    by_name = {g.name: g for g in all_groups()}
    for key, (taken_for, _note) in _ambiguous().items():
        if taken_for is None:
            index.pop(key, None)  # asked, never mapped
        else:
            index[key] = by_name[taken_for]
    return index


def match_ethnicity(text: str) -> EthnicGroup | None:
    """The group a written name means, or None; codes are never matched (the lists disagree).

    A name that means more than one group gives None, or the group of that very name; see
    `ethnicity_warning` for what to tell the officer.
    """
    return _index().get(_key(text)) if text and text.strip() else None


def ethnicity_warning(text: str) -> str | None:
    """The question to ask when a written name may mean several groups ("Thổ", "Sán Chỉ")."""
    found = _ambiguous().get(_key(text)) if text and text.strip() else None
    return found[1] if found else None
