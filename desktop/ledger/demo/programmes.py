"""Demo registrations, reviews, support, model cases, proposals, certificates and targets,
following each household's generated story (poor in one year, escaping in a later one)."""

from __future__ import annotations

import random
from datetime import date

from desktop.ledger.demo.households import DemoHousehold
from desktop.ledger.records import (
    Certificate,
    CommendationProposal,
    ModelCase,
    ModelCaseHousehold,
    PovertyTarget,
    Registration,
    RegistrationReview,
    SupportGiven,
)
from desktop.ledger.rules.emulation import criteria_for
from desktop.ledger.rules.transitions import escape_years, transition
from desktop.ledger.storage.bulk import Row, new_row
from desktop.ledger.vocabulary import Transition

Rows = list[tuple[type, Row]]

CAUSES = [
    "lack_capital",
    "lack_land",
    "lack_labour",
    "lack_skills",
    "lack_tools",
    "illness",
    "many_dependants",
    "natural_disaster",
    "social_problems",
]
PLANS = [
    "Nuôi 2 con bò sinh sản",
    "Trồng 1 ha thạch đen",
    "Nuôi lợn đen bản địa",
    "Trồng hồi, quế kết hợp chăn nuôi gà",
    "Đi làm công nhân tại khu công nghiệp",
    "Mở rộng diện tích trồng thuốc lá",
    "Làm miến dong theo hợp tác xã",
]
SUPPORT = [
    "policy_credit",
    "seeds_livestock",
    "vocational_training",
    "housing",
    "clean_water",
    "health_insurance",
    "job",
]
MODELS = [
    ("model", "Mô hình nuôi bò sinh sản"),
    ("model", "Mô hình trồng thạch đen liên kết tiêu thụ"),
    ("collective", "Hợp tác xã miến dong Phia Đén"),
    ("initiative", "Tổ vay vốn xoay vòng nuôi dê"),
    ("model", "Mô hình nuôi ong lấy mật"),
    ("household", "Hộ điển hình vươn lên thoát nghèo"),
]
SOURCES = [
    "Chương trình MTQG giảm nghèo bền vững",
    "Ngân sách tỉnh",
    "Quỹ Vì người nghèo xã",
]


def _day(rng: random.Random, year: int, months: tuple[int, int] = (1, 12)) -> date:
    return date(year, rng.randint(*months), rng.randint(1, 28))


def registration_story(rng: random.Random, demo: DemoHousehold, village_head: str) -> Rows:
    """The records of one household's registration, or none if it never was poor or registered."""
    poor_years = [y for y, c in demo.categories.items() if c == "poor" and y >= 2022]
    if not poor_years or rng.random() > 0.6:
        return []
    first = poor_years[0]
    hh = demo.household
    target = first + rng.choice([1, 2, 2, 3])
    escape = next((y for y, c in demo.categories.items() if y > first and c != "poor"), None)
    reg = new_row(
        Registration,
        commune_code=hh["commune_code"],
        household_id=hh["id"],
        registered_on=_day(rng, first - 1, (10, 12)),
        target_year=target,
        causes=rng.sample(CAUSES, rng.randint(1, 3)),
        plan=rng.choice(PLANS),
        support_requested=rng.sample(SUPPORT, rng.randint(1, 3)),
        household_signed=True,
        commitment="Gia đình cam kết thực hiện đúng kế hoạch, phấn đấu thoát nghèo đúng hạn.",
        village_head=village_head,
        commune_confirmed_on=_day(rng, first - 1, (12, 12)),
    )
    records: Rows = [(Registration, reg)]
    for year in range(first, min((escape or 2026) - 1, 2025) + 1):
        won = escape == year + 1
        result = "escaped" if won else ("on_track" if rng.random() < 0.7 else "behind")
        review = new_row(
            RegistrationReview,
            commune_code=hh["commune_code"],
            registration_id=reg["id"],
            year=year,
            result=result,
            reviewed_on=date(year, 11, rng.randint(10, 28)),
            category_after=demo.categories.get(year + 1),
        )
        records.append((RegistrationReview, review))
    if escape is not None:
        reg["status"] = "escaped"
        reg["outcome_decision_date"] = date(escape - 1, 12, rng.randint(15, 28))
        reg["outcome_decision_number"] = f"{rng.randint(101, 260)}/QĐ-UBND"
        reg["escaped_year"] = escape - 1
    elif rng.random() < 0.03:
        reg["status"] = "withdrawn"
        reg["withdrawn_reason"] = "Gia đình chuyển đi nơi khác sinh sống"
    else:
        reg["status"] = "not_yet" if target <= 2025 else "supported"
    until = min((escape or 2026) - 1, 2025)
    records += [(SupportGiven, _support(rng, reg, until)) for _ in range(rng.randint(1, 3))]
    return records


def _support(rng: random.Random, reg: Row, until: int) -> Row:
    kind = rng.choice(SUPPORT)
    since = reg["registered_on"].year
    support = new_row(
        SupportGiven,
        commune_code=reg["commune_code"],
        household_id=reg["household_id"],
        registration_id=reg["id"],
        kind=kind,
        given_on=_day(rng, rng.randint(since, max(since, until))),
        value=rng.randrange(2, 100) * 1_000_000,
        source=rng.choice(SOURCES),
    )
    if kind == "policy_credit":
        support["source"] = "Ngân hàng Chính sách xã hội"
        support["loan_term_months"] = rng.choice([36, 48, 60])
        support["loan_purpose"] = reg["plan"]
        support["repayment"] = rng.choices(["on_time", "overdue", "repaid"], [80, 8, 12])[0]
    return support


def model_cases(rng: random.Random, commune: int, demos: list[DemoHousehold]) -> Rows:
    records: Rows = []
    for kind, title in MODELS:
        village = rng.choice(demos).household["village_id"]
        members = [d for d in demos if d.household["village_id"] == village][:15]
        escaped = sum(1 for d in members if escape_years(d.categories))
        case = new_row(
            ModelCase,
            commune_code=commune,
            kind=kind,
            title=title,
            village_id=village,
            description=f"{title}: hỗ trợ giống, kỹ thuật và liên kết tiêu thụ cho hộ nghèo.",
            started_on=date(2022, rng.randint(1, 12), 1),
            funding=rng.randrange(50, 900) * 1_000_000,
            funding_source=SOURCES[0],
            households_escaped=escaped,
            income_before=1_200_000,
            income_after=1_200_000 + rng.randrange(3, 12) * 100_000,
            status=rng.choice(["active", "proposed_replication", "replicated"]),
        )
        records.append((ModelCase, case))
        for d in members:
            link = new_row(
                ModelCaseHousehold,
                commune_code=commune,
                model_case_id=case["id"],
                household_id=d.household["id"],
            )
            records.append((ModelCaseHousehold, link))
    return records


REVIEW_YEARS = range(2022, 2026)
AWARDED_PER_YEAR = 8  # escaped households given a Giấy khen each year; two more stay proposed


def commendations(
    rng: random.Random, commune: int, province: int, authority: str, demos: list[DemoHousehold]
) -> Rows:
    """Each review year: Giấy khen for households recognised as escaped (one decision a year, every
    award in the register), a few proposals still waiting, and an exemplary official."""
    records: Rows = []
    for year in REVIEW_YEARS:
        escaped = [
            d
            for d in demos
            if transition(d.categories.get(year), d.categories.get(year + 1))
            == Transition.escaped_poverty
        ]
        chosen = escaped[: AWARDED_PER_YEAR + 2]
        decision = f"{200 + 10 * (year - 2021)}/QĐ-UBND"
        criteria = [c.code for c in criteria_for("household", province, year)]
        number = 0
        for n, demo in enumerate(chosen):
            approved = n < AWARDED_PER_YEAR
            title = "ông" if demo.members[0]["sex"] == "male" else "bà"
            proposal = new_row(
                CommendationProposal,
                commune_code=commune,
                subject_type="household",
                household_id=demo.household["id"],
                subject_name=f"Hộ {title} {demo.household['head_name']}",
                year=year,
                form="giay_khen",
                criteria_met=rng.sample(criteria, min(len(criteria), rng.randint(2, 3))),
                achievement=f"Đã có thành tích vươn lên thoát nghèo bền vững năm {year} trong "
                "Phong trào thi đua “Vì người nghèo - Không để ai bị bỏ lại phía sau”",
                status="approved" if approved else "proposed",
                decision_number=decision if approved else None,
                decision_date=date(year, 12, 28) if approved else None,
                decision_authority=authority if approved else None,
            )
            records.append((CommendationProposal, proposal))
            if approved:
                number += 1
                records.append((Certificate, _certificate(commune, authority, proposal, number)))
        official = new_row(
            CommendationProposal,
            commune_code=commune,
            subject_type="official",
            subject_name=f"Ông {rng.choice(demos).household['head_name']}",
            year=year,
            form="giay_khen",
            achievement=f"Đã có thành tích xuất sắc trong công tác giảm nghèo năm {year}, giúp đỡ "
            "nhiều hộ nghèo trong xã vươn lên thoát nghèo",
            status="proposed",
        )
        records.append((CommendationProposal, official))
    return records


def _certificate(commune: int, authority: str, proposal: Row, number: int) -> Row:
    return new_row(
        Certificate,
        commune_code=commune,
        proposal_id=proposal["id"],
        authority=authority,
        year=proposal["year"],
        number=number,
        form="giay_khen",
        recipient=proposal["subject_name"],
        achievement=proposal["achievement"],
        issued_on=proposal["decision_date"],
        decision_number=proposal["decision_number"],
    )


def targets(commune: int) -> Rows:
    source = "Kế hoạch số 2451/KH-UBND ngày 26/9/2022 của UBND tỉnh Cao Bằng"
    return [
        (
            PovertyTarget,
            new_row(
                PovertyTarget,
                commune_code=commune,
                level=level,
                year_from=2021,
                year_to=2025,
                min_pct_per_year=4.0,
                source=source,
            ),
        )
        for level in ("commune", "ethnic_minority")
    ]
