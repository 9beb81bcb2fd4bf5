"""Reference data the province publishes to its communes (văn bản áp dụng của tỉnh).

A province may set its own, higher poverty standard and its own emulation plan (criteria,
commendation forms, targets). It publishes the YAML on the provincial server; each commune of
the province receives it on its next sync, as any record from the server, and the rules read it
in place of the bundled files of `resources/` (see `sync/reference.py`). Communes never edit it.
"""

from __future__ import annotations

from sqlalchemy import Text
from sqlmodel import Field

from desktop.ledger.records.base import SyncedRecord
from desktop.ledger.vocabulary import ReferenceKind


class ReferenceDocument(SyncedRecord, table=True):
    __tablename__ = "reference_document"

    kind: ReferenceKind = Field(description="Loại văn bản")
    # The file name it is read under (letters, digits, dashes): a plan of the same name as a
    # bundled one replaces it.
    name: str = Field(
        min_length=1, max_length=80, regex=r"^[a-z0-9][a-z0-9-]*$", description="Tên tệp"
    )
    content: str = Field(
        min_length=1, max_length=1_000_000, sa_type=Text, description="Nội dung YAML"
    )
    source: str | None = Field(default=None, max_length=200, description="Căn cứ (quyết định)")
    published_by: str | None = Field(default=None, max_length=64, description="Người ban hành")
