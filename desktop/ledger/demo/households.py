"""Demo households: members, and a classification for every list year under its standard.

Each household has a fixed place in the commune's income distribution and a propensity to be
deprived; incomes grow and deprivations fall year by year, and the category is always what the
standard in force says for the income and deprivations generated.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date

from desktop.ledger.demo.names import person_name, pick_ethnicity
from desktop.ledger.records import Classification, Household, Member
from desktop.ledger.rules.standards import PovertyStandard
from desktop.ledger.rules.text import fold
from desktop.ledger.storage.bulk import Row, new_row

YEARS = range(2021, 2027)
REFERENCE_YEAR = 2026
MEDIAN_2021 = 1_350_000  # rural income per person per month
GROWTH = 1.12


@dataclass
class DemoHousehold:
    household: Row
    members: list[Row]
    categories: dict[int, str] = field(default_factory=dict)
    classifications: list[Row] = field(default_factory=list)

    def rows(self) -> list[tuple[type, Row]]:
        return [
            (Household, self.household),
            *((Member, m) for m in self.members),
            *((Classification, c) for c in self.classifications),
        ]


class IdNumbers:
    """Distinct CCCD numbers for Cao Bằng births, agreeing with each member's sex and year."""

    def __init__(self, first_serial: int) -> None:
        self._next = first_serial
        self._issued = 0

    def next(self, sex: str, birth_year: int) -> str:
        century_sex = (birth_year - 1900) // 100 * 2 + (sex == "female")
        self._issued += 1
        serial = (self._next + self._issued) % 1_000_000
        return f"004{century_sex}{birth_year % 100:02d}{serial:06d}"


def _member(
    rng: random.Random,
    ids: IdNumbers,
    hh: Row,
    family: str,
    sex: str,
    age: int,
    relation: str,
    ethnicity: str,
) -> Row:
    birth_year = REFERENCE_YEAR - age
    working = 15 <= age <= 60
    name = person_name(rng, family, sex)
    return new_row(
        Member,
        commune_code=hh["commune_code"],
        household_id=hh["id"],
        full_name=name,
        search_text=fold(name),
        sex=sex,
        birth_year=birth_year,
        ethnicity=ethnicity,
        citizen_id=ids.next(sex, birth_year),
        relation=relation,
        health_insured=rng.random() < 0.93,
        education=_education(rng, age),
        in_school=(rng.random() < 0.92) if 3 <= age <= 18 else False,
        employment=_employment(rng) if working else "not_in_labour_force",
        disability=rng.random() < 0.03,
    )


def _education(rng: random.Random, age: int) -> str | None:
    if age < 6:
        return None
    if age < 11:
        return "primary"
    if age < 15:
        return "lower_secondary" if rng.random() < 0.5 else "primary"
    return rng.choices(
        ["none", "primary", "lower_secondary", "upper_secondary", "vocational", "higher"],
        [4, 18, 40, 25, 9, 4],
    )[0]


def _employment(rng: random.Random) -> str:
    return rng.choices(
        ["self_employed", "working_with_contract", "working_without_contract", "unemployed"],
        [70, 10, 15, 5],
    )[0]


def make_household(
    rng: random.Random, ids: IdNumbers, commune: int, code: str, village_id: str
) -> DemoHousehold:
    ethnicity, families = pick_ethnicity(rng)
    family = rng.choice(families)
    head_sex = "male" if rng.random() < 0.8 else "female"
    head_age = rng.randint(24, 78)
    hh = new_row(
        Household,
        commune_code=commune,
        code=code,
        village_id=village_id,
        head_name="",
        ethnic_minority=ethnicity != "Kinh",
        phone=f"09{rng.randrange(10**8):08d}" if rng.random() < 0.6 else None,
        merit_family=rng.random() < 0.04,
        social_protection=rng.random() < 0.08,
    )
    head = _member(rng, ids, hh, family, head_sex, head_age, "Chủ hộ", ethnicity)
    hh["head_name"] = head["full_name"]
    hh["search_text"] = Household.search_key(head["full_name"], code)
    members = [head]
    if head_age < 72 and rng.random() < 0.85:
        spouse_sex = "female" if head_sex == "male" else "male"
        spouse_age = max(18, head_age + rng.randint(-5, 3))
        relation = "Vợ" if spouse_sex == "female" else "Chồng"
        members.append(
            _member(
                rng,
                ids,
                hh,
                family if spouse_sex == "male" else rng.choice(families),
                spouse_sex,
                spouse_age,
                relation,
                ethnicity,
            )
        )
    for _ in range(rng.choice([0, 1, 1, 2, 2, 2, 3, 3, 4])):
        age = rng.randint(0, max(0, min(28, head_age - 18)))
        sex = rng.choice(["male", "female"])
        members.append(_member(rng, ids, hh, family, sex, age, "Con", ethnicity))
    if rng.random() < 0.18:
        sex = rng.choice(["male", "female"])
        members.append(
            _member(
                rng,
                ids,
                hh,
                family,
                sex,
                min(95, head_age + rng.randint(20, 30)),
                "Bố" if sex == "male" else "Mẹ",
                ethnicity,
            )
        )
    hh["no_labour_capacity"] = not any(
        15 <= REFERENCE_YEAR - m["birth_year"] <= 60 for m in members
    )
    return DemoHousehold(hh, members)


_CODES: dict[str, list[str]] = {}  # each standard's indicator codes, by its id


def _indicator_codes(standard: PovertyStandard) -> list[str]:
    codes = _CODES.get(standard.id)
    if codes is None:
        codes = _CODES[standard.id] = [i.code for i in standard.indicators]
    return codes


def classify_years(
    rng: random.Random, demo: DemoHousehold, standards: dict[int, PovertyStandard]
) -> None:
    """A classification for every list year, each under the standard in force that year."""
    position = math.exp(rng.gauss(0, 0.5))
    propensity = 3.2 - 2.5 * math.log(position) + rng.gauss(0, 1.0)
    for year in YEARS:
        standard = standards[year]
        median = MEDIAN_2021 * GROWTH ** (year - 2021)
        income = int(position * median * math.exp(rng.gauss(0, 0.1)) / 1000) * 1000
        codes = _indicator_codes(standard)
        count = max(
            0, min(len(codes), round(propensity - 0.45 * (year - 2021) + rng.gauss(0, 0.5)))
        )
        deprived = sorted(rng.sample(codes, count))
        # Always what the standard says: an escape shows as poor one year, not poor the next.
        # The count, not the codes: they are the standard's own and distinct (rng.sample).
        category = standard.classify("rural", income, count)
        demo.categories[year] = category
        demo.classifications.append(
            new_row(
                Classification,
                commune_code=demo.household["commune_code"],
                household_id=demo.household["id"],
                year=year,
                category=category,
                standard_id=standard.id,
                area="rural",
                income_per_capita=income,
                deprivations=deprived,
                deprivation_count=len(deprived),
                decision_number=f"{90 + year - 2021}/QĐ-UBND",
                decision_date=date(year - 1, 12, 25),  # the review at the end of the year before
            )
        )
