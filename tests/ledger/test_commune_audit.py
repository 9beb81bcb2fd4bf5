"""Setting a ledger up is audited: the commune it keeps and every change of its settings."""

from pathlib import Path

from sqlmodel import select

from desktop.ledger.commune import set_up_commune
from desktop.ledger.records import ChangeEntry
from desktop.ledger.settings import write_settings
from desktop.ledger.storage import open_ledger, outbox


def test_the_commune_set_up_and_each_settings_change_are_logged(tmp_path: Path) -> None:
    ledger = open_ledger(tmp_path / "ledger.sqlite")
    try:
        with ledger.session() as s:
            set_up_commune(s, 4, 1576, officer="mai")
        with ledger.session() as s:
            assert (
                write_settings(s, {"commendation.signer_title": "KT. CHỦ TỊCH"}, officer="mai")
                == {}
            )
        with ledger.session() as s:
            assert (
                write_settings(s, {"commendation.signer_title": "PHÓ CHỦ TỊCH"}, officer="lan")
                == {}
            )
            assert (
                write_settings(s, {"commendation.signer_title": "PHÓ CHỦ TỊCH"}, officer="lan")
                == {}
            )
        with ledger.read() as s:
            log = s.exec(select(ChangeEntry).order_by(ChangeEntry.seq)).all()
            assert outbox.pending_count(s) == 0
    finally:
        ledger.close()
    commune, first, second = log  # an unchanged value is not logged again
    assert (commune.entity, commune.record_id, commune.action, commune.officer) == (
        "commune",
        "1576",
        "create",
        "mai",
    )
    assert commune.after["name"] == "Xã Quảng Uyên" and commune.after["province_code"] == 4
    assert (first.entity, first.revision, first.officer) == ("settings", 1, "mai")
    assert first.after == {"commendation.signer_title": "KT. CHỦ TỊCH"}
    assert (second.revision, second.officer) == (2, "lan")
    assert second.before == {"commendation.signer_title": "KT. CHỦ TỊCH"}
    assert second.after == {"commendation.signer_title": "PHÓ CHỦ TỊCH"}
