"""The PouchDB peer's households (shared/bench/make_households.py JSON: each household with its
members and its 2025 classification embedded) loaded into a ledger, whole, through the bulk
write path, so the side-by-side benchmark syncs the same households the peer replicates.

The Excel import takes heads only and refuses "Hộ mới thoát nghèo" (a change of category, not a
category: 978 of the 5,000), so it cannot give the peer's data. Here every record is checked
field by field with the records' own checks (`check_fields`); an "escaped" household gets the
category the 2025 standard gives for its income and deprivations. Records the checks refuse are
counted, never written.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from desktop.ledger.commune import current_commune
from desktop.ledger.records import Classification, Household, Member, Village
from desktop.ledger.records.validation import check_fields
from desktop.ledger.rules.standards import load_standards, standard_for
from desktop.ledger.rules.text import fold
from desktop.ledger.storage import Ledger
from desktop.ledger.storage.bulk import Row, insert_rows, new_row

# make_households.py names the twelve ND 07/2021 indicators in the standard's own order.
_INDICATORS = [
    "viec_lam",
    "nguoi_phu_thuoc",
    "dinh_duong",
    "bao_hiem_y_te",
    "trinh_do_giao_duc",
    "tinh_trang_di_hoc",
    "chat_luong_nha_o",
    "dien_tich_nha_o",
    "nguon_nuoc",
    "nha_tieu",
    "dich_vu_vien_thong",
    "tiep_can_thong_tin",
]
_SEX = {"F": "female", "M": "male"}


def _person(commune: int, household_id: str, p: dict[str, Any], relation: str) -> Row:
    return new_row(
        Member,
        commune_code=commune,
        household_id=household_id,
        full_name=p["full_name"],
        search_text=fold(p["full_name"]),
        sex=_SEX[p["sex"]],
        birth_date=date.fromisoformat(p["birth_date"]),
        ethnicity=p["ethnicity"],
        citizen_id=p["citizen_id"],
        relation=relation,
        health_insured=p["has_health_insurance"],
        in_school=p["in_school"],
    )


def _checked(model: type, row: Row, refused: Counter[str]) -> bool:
    _, problems = check_fields(model, row)
    for name, message in problems.items():
        refused[f"{model.__name__}.{name}: {message}"] += 1
    return not problems


def load(ledger: Ledger, path: Path, *, officer: str = "bench") -> tuple[int, Counter[str]]:
    """Households written, and why any record was refused (with how many)."""
    households = json.loads(path.read_text(encoding="utf-8"))
    standard = standard_for(2025, load_standards())
    codes = dict(zip(_INDICATORS, (i.code for i in standard.indicators), strict=True))
    refused: Counter[str] = Counter()
    with ledger.session() as session:
        commune = current_commune(session)
        assert commune is not None, "set the commune up first"
        code = commune.code
        villages = {
            name: new_row(Village, commune_code=code, name=name)
            for name in sorted({h["village"] for h in households})
        }
        rows: list[tuple[type, Row]] = [(Village, v) for v in villages.values()]
        written = 0
        for h in households:
            hh = new_row(
                Household,
                id=h["id"].replace("-", ""),
                commune_code=code,
                code=h["code"],
                village_id=villages[h["village"]]["id"],
                head_name=h["head"]["full_name"],
                search_text=Household.search_key(h["head"]["full_name"], h["code"]),
                address=h["address"],
                phone=h["phone"],
                ethnic_minority=h["ethnic_minority"],
            )
            people = [_person(code, hh["id"], h["head"], "Chủ hộ")]
            people += [_person(code, hh["id"], m, m["relation"]) for m in h["members"]]
            c = h["classification"]
            deprived = sorted(codes[d] for d in c["deprived"])
            income = c["income_per_person_month"]
            kind = c["kind"]
            if kind == "escaped":
                kind = standard.classify("rural", income, deprived)
            classification = new_row(
                Classification,
                commune_code=code,
                household_id=hh["id"],
                year=c["year"],
                category=kind,
                standard_id=standard.id,
                area="rural",
                income_per_capita=income,
                deprivations=deprived,
                deprivation_count=len(deprived),
            )
            mine = [(Household, hh), *((Member, p) for p in people)]
            mine.append((Classification, classification))
            if all(_checked(model, row, refused) for model, row in mine):
                rows += mine
                written += 1
        insert_rows(session, rows, officer=officer)
    return written, refused
