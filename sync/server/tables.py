"""The server's database: the ledger's own record tables (the same SQLModel definitions the
desktop uses, copied onto the server's metadata) plus the server's accounts, devices and the
per-commune change sequence that pull cursors point into.

The server tables are plain SQLAlchemy Core on their own `MetaData`, so they never appear in the
desktop's schema (whose migrations autogenerate from `SQLModel.metadata`).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

from desktop.ledger.records import SYNCED_RECORDS, SyncedRecord

metadata = MetaData()

# Every synced record table, by its wire name (the table name), in dependency order.
RECORD_TABLES: dict[str, Table] = {
    model.__tablename__: model.__table__.to_metadata(metadata)  # type: ignore[attr-defined]
    for model in SYNCED_RECORDS
}
RECORD_MODELS: dict[str, type[SyncedRecord]] = {
    model.__tablename__: model for model in SYNCED_RECORDS
}

users = Table(
    "server_user",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("password_hash", String(200), nullable=False),
    Column("role", String(16), nullable=False),  # admin | province | commune
    Column("province_code", Integer, nullable=True),
    Column("commune_code", Integer, nullable=True),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

devices = Table(
    "server_device",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("user_id", Integer, ForeignKey("server_user.id"), nullable=False),
    Column("name", String(120), nullable=False),
    # Only a hash of the token is kept: a copy of the database does not let anyone sync.
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    Column("last_seen_at", DateTime(timezone=True), nullable=True),
)

# One row per commune the server holds; `last_seq` is the commune's change sequence. Writers to
# a commune lock its row, so sequence numbers commit in order and a cursor never skips a change.
communes = Table(
    "server_commune",
    metadata,
    Column("code", Integer, primary_key=True),
    Column("province_code", Integer, nullable=False, index=True),
    Column("name", String(120), nullable=False),
    Column("province_name", String(120), nullable=False),
    Column("last_seq", BigInteger, nullable=False, default=0),
)

# The feed a pull reads: the latest sequence number of each record. A record changed twice
# since a cursor is sent once, in its newest state.
record_seq = Table(
    "server_record_seq",
    metadata,
    Column("entity", String(64), primary_key=True),
    Column("record_id", String(32), primary_key=True),
    Column("commune_code", Integer, nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("origin_device", String(32), nullable=True),
    Column("origin_epoch", String(32), nullable=True),
    # The record's digest (sync.protocol.record_digest) as two 32-bit halves, written with the
    # record: the convergence summary of a commune is their sum, not a pass over its records.
    # NULL means not known yet (rows from before s0008): computed at the next summary.
    Column("digest_hi", BigInteger, nullable=True),
    Column("digest_lo", BigInteger, nullable=True),
    Index("ix_record_seq_feed", "commune_code", "seq"),
)

# Batches already applied, with the answer given: a replayed batch gets the same answer.
batches = Table(
    "server_batch",
    metadata,
    Column("id", String(120), primary_key=True),
    Column("device_id", String(32), nullable=False),
    Column("epoch", String(32), nullable=False),
    Column("last_seq", BigInteger, nullable=False),
    Column("result", JSON, nullable=False),
    Column("applied_at", DateTime(timezone=True), nullable=False),
    Index("ix_batch_device_epoch", "device_id", "epoch"),
)

# The pieces of an upload received so far (a batch or an attachment), so a cut upload resumes
# where it stopped. Pieces, not one growing value: appending to a 50 MB value costs 50 MB a time.
uploads = Table(
    "server_upload",
    metadata,
    Column("id", String(120), primary_key=True),
    Column("offset", BigInteger, primary_key=True),
    Column("device_id", String(32), nullable=False),
    Column("length", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
)

# Attachment contents by hash, for the commune that sent them.
blobs = Table(
    "server_blob",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("commune_code", Integer, nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("data", LargeBinary, nullable=False),
)

# Conflicts found while applying pushes, kept for the province's view and the audit.
conflicts = Table(
    "server_conflict",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("commune_code", Integer, nullable=False, index=True),
    Column("device_id", String(32), nullable=False),
    Column("entity", String(64), nullable=False),
    Column("record_id", String(32), nullable=False),
    Column("field", String(64), nullable=False),
    Column("server_value", JSON, nullable=True),
    Column("device_value", JSON, nullable=True),
    Column("kind", String(16), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("note", Text, nullable=True),
)

# Certificate register numbers (sync/server/register.py): the highest number handed out per
# authority and year, the blocks reserved for each laptop, and each laptop's own series.
certificate_counters = Table(
    "server_certificate_counter",
    metadata,
    Column("authority", String(200), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("last", Integer, nullable=False),
)

certificate_blocks = Table(
    "server_certificate_block",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("authority", String(200), nullable=False),
    Column("year", Integer, nullable=False),
    Column("first", Integer, nullable=False),
    Column("last", Integer, nullable=False),
    Column("device_id", String(32), nullable=False),
    Column("commune_code", Integer, nullable=False),
    Column("reserved_at", DateTime(timezone=True), nullable=False),
    Index("ix_certificate_block_number", "authority", "year"),
)

register_series = Table(
    "server_register_series",
    metadata,
    Column("device_id", String(32), primary_key=True),
    Column("series", String(16), nullable=False, unique=True),
)
