"""Record values on the server: wire conversions (shared with the client) and checks."""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import SchemaValidator

from desktop.ledger.records.validation import check_fields
from sync.wire import MODELS, columns_of, to_wire
from sync.wire import from_wire as to_column

__all__ = ["columns_of", "problems", "to_column", "to_wire"]


@cache
def _validator(entity: str) -> SchemaValidator | None:
    """The core validator of the record's plain field class (`HouseholdFields`), if it has one."""
    model = MODELS[entity]
    name = f"{model.__name__}Fields"
    plain: type[BaseModel] | None = next(
        (b for b in model.__mro__[1:] if b.__name__ == name and issubclass(b, BaseModel)), None
    )
    if plain is None:
        return None
    validator = plain.__pydantic_validator__
    return validator if isinstance(validator, SchemaValidator) else None


def problems(entity: str, values: dict[str, Any]) -> dict[str, str]:
    """Every field's problem, checked by the record's own definition (as forms check it).
    A first sync checks tens of thousands of records: the field class's validator is called
    directly (SQLModel's model_validate wrapper costs more than the checks), and only a record
    that fails goes through `check_fields` for its Vietnamese messages."""
    validator = _validator(entity)
    if validator is not None:
        try:
            validator.validate_python(values)
            return {}
        except ValidationError:
            pass
    _, found = check_fields(MODELS[entity], values)
    return found
