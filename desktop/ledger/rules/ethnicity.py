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
def _index() -> dict[str, EthnicGroup]:
    index: dict[str, EthnicGroup] = {}
    for raw, group in zip(load_yaml("ethnicities.yaml")["groups"], all_groups(), strict=True):
        for name in [raw["name"], *raw.get("aliases", [])]:
            index.setdefault(_key(name), group)
    return index


def match_ethnicity(text: str) -> EthnicGroup | None:
    """The group a written name means, or None; codes are never matched (the lists disagree)."""
    return _index().get(_key(text)) if text and text.strip() else None
