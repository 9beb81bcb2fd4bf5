"""Shared fixtures: a real ledger file in a temporary data folder, set up for one commune."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.ledger.commune import set_up_commune
from desktop.ledger.paths import DataFolder
from desktop.ledger.storage import Ledger, open_ledger

CAO_BANG, QUANG_UYEN = 4, 1576


@pytest.fixture
def folder(tmp_path: Path) -> DataFolder:
    return DataFolder(tmp_path / "data")


@pytest.fixture
def ledger(folder: DataFolder) -> Iterator[Ledger]:
    ledger = open_ledger(folder.database)
    with ledger.session() as session:
        set_up_commune(session, CAO_BANG, QUANG_UYEN)
    yield ledger
    ledger.close()
