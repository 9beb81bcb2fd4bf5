"""Storage: the one place the database is opened, its migrations, writes and backups."""

from desktop.ledger.storage.database import Ledger, LedgerError, open_data_folder, open_ledger
from desktop.ledger.storage.writes import StaleRecordError, delete, save

__all__ = [
    "Ledger",
    "LedgerError",
    "StaleRecordError",
    "delete",
    "open_data_folder",
    "open_ledger",
    "save",
]
