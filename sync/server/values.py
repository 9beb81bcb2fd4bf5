"""Record values on the server: wire conversions (shared with the client) and checks."""

from __future__ import annotations

from typing import Any

from desktop.ledger.records.validation import check_fields
from sync.wire import MODELS, columns_of, to_wire
from sync.wire import from_wire as to_column

__all__ = ["columns_of", "problems", "to_column", "to_wire"]


def problems(entity: str, values: dict[str, Any]) -> dict[str, str]:
    """Every field's problem, checked by the record's own definition (as forms check it)."""
    _, found = check_fields(MODELS[entity], values)
    return found
