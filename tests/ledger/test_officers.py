"""Officer accounts: passwords hashed with argon2, sign-in never says which part was wrong."""

import pytest
from sqlmodel import select

from desktop.ledger.officers import add_officer, sign_in
from desktop.ledger.records import Officer, Role


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
        add_officer(s, "minh", "Hoàng Văn Minh", "du-tam-ky-tu")
        with pytest.raises(ValueError, match="đã có"):
            add_officer(s, "Minh", "Người khác", "du-tam-ky-tu")
