"""A demo commune to print from (made once per module: printing only reads it, or adds register
entries that the tests account for)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desktop.ledger.demo import make_demo
from desktop.ledger.paths import DataFolder
from desktop.ledger.settings import write_settings
from desktop.ledger.storage import Ledger, open_ledger

SIGNER = "Nông Thị Hằng"


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> DataFolder:
    folder = DataFolder(tmp_path_factory.mktemp("print") / "data")
    ledger = open_ledger(folder.database)
    make_demo(ledger, households=400, seed=2025)
    with ledger.session() as s:
        assert write_settings(s, {"signer.name": SIGNER}, officer="test") == {}
    ledger.close()
    return folder


@pytest.fixture
def demo_ledger(demo_folder: DataFolder) -> Iterator[Ledger]:
    ledger = open_ledger(demo_folder.database)
    yield ledger
    ledger.close()
