"""Officer accounts: passwords hashed with argon2, sign-in never says which part was wrong."""

import pytest
from sqlmodel import select

from desktop.ledger.errors import InputError
from desktop.ledger.officers import (
    add_officer,
    change_own_password,
    edit_officer,
    set_password,
    sign_in,
)
from desktop.ledger.records import ChangeEntry, Officer, Role
from desktop.ledger.storage import outbox


def test_sign_in_with_the_right_password_only(ledger):
    with ledger.session() as s:
        add_officer(s, "Lan.NT", "Nông Thị Lan", "mat-khau-du-dai", Role.admin)
    with ledger.session() as s:
        stored = s.exec(select(Officer)).one()
        assert stored.username == "lan.nt" and "mat-khau" not in stored.password_hash
        assert sign_in(s, "lan.nt", "mat-khau-du-dai").role == Role.admin
        assert sign_in(s, "LAN.NT ", "mat-khau-du-dai") is not None
        assert sign_in(s, "lan.nt", "sai-mat-khau") is None
        assert sign_in(s, "khong-co", "mat-khau-du-dai") is None


def test_short_passwords_and_taken_names_are_refused(ledger):
    with ledger.session() as s:
        with pytest.raises(ValueError, match="ít nhất 8"):
            add_officer(s, "minh", "Hoàng Văn Minh", "ngan")
        admin = add_officer(s, "minh", "Hoàng Văn Minh", "du-tam-ky-tu", Role.admin)
        with pytest.raises(ValueError, match="đã có"):
            add_officer(s, "Minh", "Người khác", "du-tam-ky-tu", by=admin)


def _log(s):
    return s.exec(select(ChangeEntry).where(ChangeEntry.entity == "officer")).all()


def test_every_change_to_an_account_and_every_sign_in_is_audited_without_the_hash(ledger):
    with ledger.session() as s:
        admin = add_officer(s, "mai", "Hoàng Thị Mai", "mat-khau-9", Role.admin)
        add_officer(s, "lan", "Nông Thị Lan", "mat-khau-lan", by=admin)
    with ledger.session() as s:
        edit_officer(s, "lan", by="mai", role=Role.viewer, full_name="Nông Thị Lan (thôn)")
        set_password(s, "lan", "mat-khau-moi-1", by="mai")
    with ledger.session() as s:
        change_own_password(s, "lan", "mat-khau-moi-1", "mat-khau-moi-2")
        assert sign_in(s, "lan", "mat-khau-moi-2") is not None
    with ledger.read() as s:
        lan = s.exec(select(Officer).where(Officer.username == "lan")).one()
        log = [e for e in _log(s) if e.record_id == lan.id]
        hashes = [o.password_hash for o in s.exec(select(Officer)).all()]
        assert outbox.pending_count(s) == 0  # accounts never leave the laptop
    assert [(e.action, e.revision, e.officer) for e in log] == [
        ("create", 1, "mai"),
        ("update", 2, "mai"),
        ("update", 3, "mai"),
        ("update", 4, "lan"),
        ("update", 5, "lan"),
    ]
    assert log[0].after == {
        "username": "lan",
        "full_name": "Nông Thị Lan",
        "role": "officer",
        "active": True,
    }
    assert log[1].before == {"full_name": "Nông Thị Lan", "role": "officer"}
    assert log[1].after == {"full_name": "Nông Thị Lan (thôn)", "role": "viewer"}
    assert log[2].after == log[3].after == {"password_changed": True}
    assert log[4].before == {"signed_in_at": None} and log[4].after["signed_in_at"]
    assert lan.revision == 5 and lan.signed_in_at is not None
    text = " ".join(str((e.before, e.after)) for e in log)
    assert not any(h in text for h in hashes) and "argon2" not in text


def test_only_an_administrator_manages_accounts_and_one_always_remains(ledger):
    with ledger.session() as s:
        mai = add_officer(s, "mai", "Hoàng Thị Mai", "mat-khau-9", Role.admin)
        lan = add_officer(s, "lan", "Nông Thị Lan", "mat-khau-lan", by=mai)
    with ledger.session() as s:
        with pytest.raises(InputError, match="quản trị"):
            add_officer(s, "minh", "Hoàng Văn Minh", "mat-khau-minh", by=lan)
        with pytest.raises(InputError, match="quản trị"):
            set_password(s, "mai", "mat-khau-cua-lan", by=lan)
        with pytest.raises(InputError, match="cuối cùng"):
            edit_officer(s, "mai", by=mai, active=False)
        with pytest.raises(InputError, match="cuối cùng"):
            edit_officer(s, "mai", by=mai, role=Role.officer)
        edit_officer(s, "lan", by=mai, role=Role.admin)
        edit_officer(s, "mai", by="lan", active=False)
    with ledger.session() as s:
        assert sign_in(s, "mai", "mat-khau-9") is None  # deactivated
        with pytest.raises(InputError, match="hiện tại"):
            change_own_password(s, "lan", "sai-mat-khau", "mat-khau-moi-2")
