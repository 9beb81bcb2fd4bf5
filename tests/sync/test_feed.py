"""What a pull reads (`sync.server.feed`), on a real server database (SQLite, migrated)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import insert

from sync.server import feed
from sync.server.apply import server_write
from sync.server.database import open_database
from sync.server.tables import communes, record_seq

COMMUNE, DEVICE, EPOCH = 1576, "d" * 32, "e" * 32


def test_one_pull_scans_past_the_callers_own_records(tmp_path: Path) -> None:
    """A first sync's whole push comes back in the feed as the laptop's own records: the pull
    skips them within one request (it used to answer each 2,000 of them with an empty page),
    and still brings the change someone else made after them."""
    engine = open_database(f"sqlite:///{tmp_path / 'server.sqlite'}")
    own = 3 * feed._SCAN + 17
    try:
        with engine.begin() as conn:
            conn.execute(
                insert(communes).values(
                    code=COMMUNE, province_code=4, name="Quảng Uyên", province_name="Cao Bằng"
                )
            )
            conn.execute(
                insert(record_seq),
                [
                    {
                        "entity": "household",
                        "record_id": f"{i:032x}",
                        "commune_code": COMMUNE,
                        "seq": i,
                        "origin_device": DEVICE,
                        "origin_epoch": EPOCH,
                    }
                    for i in range(1, own + 1)
                ],
            )
            conn.execute(communes.update().values(last_seq=own))
            server_write(conn, COMMUNE, "village", "f" * 32, {"name": "Bản Giốc"}, create=True)
        with engine.connect() as conn:
            page = feed.pull_page(conn, COMMUNE, 0, DEVICE, EPOCH)
            assert [(r["e"], r["v"]["name"]) for r in page["records"]] == [("village", "Bản Giốc")]
            assert page["cursor"] == own + 1
            assert page["more"] is False
            assert "summary" in page
    finally:
        engine.dispose()
