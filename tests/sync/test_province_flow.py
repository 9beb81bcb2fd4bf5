"""What flows back to communes: the province publishes its poverty standard and its emulation
plan, corrects records, decides proposals and sets targets on the server; two commune laptops
receive all of it on their next sync through their own write path (origin "server", never
sent back), and the desktop's rules use the province's standard and plan."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import requests
import yaml
from sqlmodel import select

from desktop.cli import main as sotn
from desktop.ledger.overview import commune_target
from desktop.ledger.records import (
    Certificate,
    ChangeEntry,
    ChangeOrigin,
    CommendationProposal,
    Household,
    ReferenceDocument,
    SubjectType,
)
from desktop.ledger.resources import resource_path
from desktop.ledger.rules import province_files
from desktop.ledger.rules.emulation import plan_for
from desktop.ledger.storage import outbox, save
from sync import local
from sync.reference import MARK
from tests.sync.conftest import CAO_BANG, QUANG_UYEN, Desktop, ServerProcess, server_summary

# Cao Bằng raising the rural poverty line of Decree 07/2021 (an example, not a real decision).
STANDARD = """
extends: nd07-2021
province_code: 4
source: "Quyết định số 99/QĐ-UBND tỉnh Cao Bằng (ví dụ trong kiểm thử)"
areas:
  rural:
    - {income_max: 1800000, if_deprived: poor, otherwise: near_poor}
"""


def _plan_2026() -> str:
    """The province's next emulation plan: the 2021–2025 one carried over to 2026–2030."""
    raw = yaml.safe_load(
        resource_path("emulation", "plans", "cao-bang-2451-2022.yaml").read_text("utf-8")
    )
    raw["plan"].update(number="99/KH-UBND", period_from=2026, period_to=2030, date="2026-03-01")
    raw["timeline"] = {"interim_review_year": 2028, "final_review_year": 2030}
    return yaml.safe_dump(raw, allow_unicode=True)


def _api(server: ServerProcess, token: str, method: str, path: str, **kw: object):  # type: ignore[no-untyped-def]
    return requests.request(
        method,
        server.url + path,
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
        **kw,  # type: ignore[arg-type]
    )


def _classify(desktop: Desktop, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    args = ["--data-dir", str(desktop.folder.root), "classify", "--year", "2026"]
    args += ["--area", "rural", "--income", "1.700.000", "--deprived", "1", "--json"]
    assert sotn(args) == 0
    return json.loads(capsys.readouterr().out)["standard"]  # type: ignore[no-any-return]


def _household(desktop: Desktop, household_id: str) -> Household:
    with desktop.ledger.read() as session:
        found = session.get(Household, household_id)
        assert found is not None
        return found


def test_what_the_province_decides_reaches_every_laptop(
    server: ServerProcess,
    desktops,  # type: ignore[no-untyped-def]
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    server.create_user("xa-quang-uyen", "commune", CAO_BANG, QUANG_UYEN)
    server.create_user("so-ldtbxh", "province", CAO_BANG)
    province = str(server.enrol("so-ldtbxh")["token"])
    a = desktops("a", server, households=5)
    with a.ledger.session() as session:
        first = session.exec(select(Household).order_by(Household.code)).first()
        assert first is not None
        proposal = save(
            session,
            CommendationProposal(
                commune_code=QUANG_UYEN,
                subject_type=SubjectType.household,
                household_id=first.id,
                subject_name=first.head_name,
                year=2026,
                form="giay_khen",
                status="proposed",
            ),
            officer="can-bo",
        )
        certificate = save(
            session,
            Certificate(
                commune_code=QUANG_UYEN,
                proposal_id=proposal.id,
                authority="UBND xã Quảng Uyên",
                year=2026,
                number=1,
                form="giay_khen",
                recipient=first.head_name,
                issued_on=date(2026, 5, 20),
            ),
            officer="can-bo",
        )
        household_id, proposal_id, certificate_id = first.id, proposal.id, certificate.id
    assert a.sync().converged
    b = desktops("b", server)
    assert _classify(a, capsys) == "nd07-2021"  # nothing of the province's yet

    # At the province: its own standard (API), its new plan (the admin's command), a
    # correction, a decision and a target.
    published = _api(
        server,
        province,
        "PUT",
        "/admin/reference/poverty_standard/cao-bang-chuan-rieng",
        json={"content": STANDARD},
    )
    assert published.status_code == 200, published.text
    assert published.json()["communes"] == 1
    plan_file = tmp_path / "ke-hoach-99-2026.yaml"
    plan_file.write_text(_plan_2026(), encoding="utf-8")
    cli = subprocess.run(
        [
            sys.executable,
            "-m",
            "sync.server.main",
            "--database-url",
            server.database_url,
            "--data-dir",
            str(server.data_dir),
            "publish-reference",
            str(plan_file),
            "--province",
            "4",
            "--kind",
            "emulation_plan",
        ],
        capture_output=True,
        text=True,
    )
    assert cli.returncode == 0, cli.stderr
    assert "ke-hoach-99-2026 cho 1 xã" in cli.stdout
    base = f"/admin/communes/{QUANG_UYEN}/records"
    fixed = _api(
        server,
        province,
        "PATCH",
        f"{base}/household/{household_id}",
        json={"fields": {"head_name": "Nông Văn Đúng"}},
    )
    assert fixed.status_code == 200, fixed.text
    decided = _api(
        server,
        province,
        "PATCH",
        f"{base}/commendation_proposal/{proposal_id}",
        json={
            "fields": {
                "status": "approved",
                "decision_number": "123/QĐ-UBND",
                "decision_date": "2026-05-19",
                "decision_authority": "UBND tỉnh",
            }
        },
    )
    assert decided.status_code == 200, decided.text
    numbered = _api(
        server,
        province,
        "PATCH",
        f"{base}/certificate/{certificate_id}",
        json={"fields": {"number": 7, "decision_number": "123/QĐ-UBND"}},
    )
    assert numbered.status_code == 200, numbered.text
    target = _api(
        server,
        province,
        "POST",
        f"{base}/poverty_target",
        json={
            "fields": {
                "level": "commune",
                "year_from": 2026,
                "year_to": 2030,
                "min_pct_per_year": 3.5,
                "source": "Kế hoạch 99/KH-UBND",
            }
        },
    )
    assert target.status_code == 200, target.text
    listed = _api(server, province, "GET", "/admin/reference").json()
    assert [(d["kind"], d["name"]) for d in listed] == [
        ("emulation_plan", "ke-hoach-99-2026"),
        ("poverty_standard", "cao-bang-chuan-rieng"),
    ]

    for laptop in (a, b):
        report = laptop.sync()
        assert report.converged and report.pulled >= 5
        assert laptop.summary() == server_summary(server)
        with laptop.ledger.read() as session:
            assert outbox.pending_count(session) == 0  # received, never offered back
            origins = session.exec(
                select(ChangeEntry.origin).where(ChangeEntry.entity == "reference_document")
            ).all()
            assert origins and set(origins) == {ChangeOrigin.server}
            decision = session.get(CommendationProposal, proposal_id)
            assert decision is not None
            assert (decision.status, decision.decision_number) == ("approved", "123/QĐ-UBND")
            entry = session.get(Certificate, certificate_id)
            assert entry is not None and (entry.number, entry.decision_number) == (
                7,
                "123/QĐ-UBND",
            )
            assert commune_target(session, CAO_BANG, 2027) == (3.5, "chỉ tiêu của xã")
        assert _household(laptop, household_id).head_name == "Nông Văn Đúng"
        written = laptop.folder.standards / "cao-bang-chuan-rieng.yaml"
        assert written.read_text("utf-8").startswith(MARK)
        # The rules use the province's standard and plan.
        assert _classify(laptop, capsys) == "nd07-2021-tinh-4"
        province_files.use_data_folder(laptop.folder.root)
        plan = plan_for(CAO_BANG, 2027)
        assert plan is not None and plan.number == "99/KH-UBND"
        province_files.use_data_folder(None)
        assert plan_for(CAO_BANG, 2027) is None  # the bundled plans stop at 2025

    # A commune cannot change what the province publishes: refused, and put back.
    with a.ledger.session() as session:
        doc = session.exec(
            select(ReferenceDocument).where(ReferenceDocument.name == "cao-bang-chuan-rieng")
        ).one()
        doc.content = STANDARD.replace("1800000", "1900000")
        save(session, doc, officer="can-bo")
    report = a.sync()
    assert report.rejected == 1 and report.converged
    with a.ledger.read() as session:
        doc = session.exec(
            select(ReferenceDocument).where(ReferenceDocument.name == "cao-bang-chuan-rieng")
        ).one()
        assert "1800000" in doc.content
        assert [c.kind for c in local.open_conflicts(session)] == ["rejected", "field"]

    # The same field corrected at the province and edited on a laptop: a visible conflict.
    with a.ledger.session() as session:
        household = session.get(Household, household_id)
        assert household is not None
        household.phone = "0912000111"
        save(session, household, officer="can-bo")
    assert (
        _api(
            server,
            province,
            "PATCH",
            f"{base}/household/{household_id}",
            json={"fields": {"phone": "0206000222"}},
        ).status_code
        == 200
    )
    report = a.sync()
    assert report.conflicts == 1 and report.converged
    assert _household(a, household_id).phone == "0206000222"  # the server's stands for now

    # Withdrawn at the province: the laptops go back to the national standard.
    gone = _api(
        server, province, "DELETE", "/admin/reference/poverty_standard/cao-bang-chuan-rieng"
    )
    assert gone.status_code == 200 and gone.json()["communes"] == 1
    assert b.sync().converged
    assert not (b.folder.standards / "cao-bang-chuan-rieng.yaml").exists()
    assert _classify(b, capsys) == "nd07-2021"


def test_a_document_the_desktop_could_not_read_is_refused(sqlite_server: ServerProcess) -> None:
    server = sqlite_server  # the checks are the server's own code, whatever its database
    server.create_user("so-ldtbxh", "province", CAO_BANG)
    server.create_user("so-ha-noi", "province", 1)
    token = str(server.enrol("so-ldtbxh")["token"])
    path = "/admin/reference/poverty_standard/sai"
    bad = _api(server, token, "PUT", path, json={"content": "extends: nd07-2021\nareas: {}\n"})
    assert bad.status_code == 400 and "province_code" in bad.json()["detail"]
    other = _api(server, token, "PUT", path, json={"content": STANDARD.replace(": 4", ": 1")})
    assert other.status_code == 400 and "không phải tỉnh 4" in other.json()["detail"]
    commune = str(server.enrol("xa-quang-uyen")["token"])
    refused = _api(server, commune, "PUT", path, json={"content": STANDARD})
    assert refused.status_code == 403
    # A commune added later gets what its province has in force.
    assert _api(server, token, "PUT", path, json={"content": STANDARD}).status_code == 200
    server.create_user("xa-thuc-phan", "commune", CAO_BANG, 1273)
    listed = _api(server, token, "GET", "/admin/reference").json()
    assert listed[0]["communes"] == 2
