"""Checking a record's fields at once, with one Vietnamese message per field.

SQLModel table classes do not validate on construction, so forms and imports call
`check_record()`; the write path calls `problems_of()` as a last guard.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import ValidationError
from pydantic_core import ErrorDetails
from sqlmodel import SQLModel

M = TypeVar("M", bound=SQLModel)

_MESSAGES = {
    "missing": "Chưa nhập {label}.",
    "string_too_short": "{label} không được để trống.",
    "string_too_long": "{label} quá dài (tối đa {max_length} ký tự).",
    "greater_than_equal": "{label} phải từ {ge} trở lên.",
    "less_than_equal": "{label} không được lớn hơn {le}.",
    "int_parsing": "{label} phải là số nguyên.",
    "int_from_float": "{label} phải là số nguyên.",
    "int_type": "{label} phải là số nguyên.",
    "float_parsing": "{label} phải là số.",
    "bool_parsing": "{label} chỉ nhận Có hoặc Không.",
    "date_parsing": "{label} không đúng dạng ngày (dd/mm/yyyy).",
    "date_from_datetime_parsing": "{label} không đúng dạng ngày (dd/mm/yyyy).",
    "date_type": "{label} không đúng dạng ngày (dd/mm/yyyy).",
    "enum": "{label} không hợp lệ.",
    "string_type": "{label} phải là chữ.",
}


def field_label(model: type[SQLModel], name: str) -> str:
    info = model.model_fields.get(name)
    return (info.description if info and info.description else name).split(" (")[0]


def _message(model: type[SQLModel], error: ErrorDetails) -> tuple[str, str]:
    name = str(error["loc"][0]) if error["loc"] else "?"
    label = field_label(model, name)
    if error["type"] == "value_error":  # our own validators' Vietnamese message
        return name, f"{label}: {error['ctx']['error']}"
    template = _MESSAGES.get(error["type"])
    if template is None:
        return name, f"{label}: {error['msg']}"
    return name, template.format(label=label, **(error.get("ctx") or {}))


def check_record(model: type[M], data: dict[str, Any]) -> tuple[M | None, dict[str, str]]:
    """Build a record from form or import data: the record, or every field's problem."""
    try:
        return model.model_validate(data), {}
    except ValidationError as exc:
        return None, _problems(model, exc)


def check_fields(model: type[SQLModel], data: dict[str, Any]) -> tuple[Any, dict[str, str]]:
    """Like `check_record`, through the record's plain field class (`HouseholdFields` for
    `Household`) when it has one: the same checks without building a database object, for
    imports of thousands of rows."""
    name = f"{model.__name__}Fields"
    plain: type[SQLModel] = next(
        (base for base in model.__mro__[1:] if base.__name__ == name), model
    )
    try:
        return plain.model_validate(data), {}
    except ValidationError as exc:
        return None, _problems(model, exc)


def _problems(model: type[SQLModel], exc: ValidationError) -> dict[str, str]:
    problems: dict[str, str] = {}
    for error in exc.errors():
        name, message = _message(model, error)
        problems.setdefault(name, message)
    return problems


def problems_of(record: SQLModel) -> dict[str, str]:
    _, problems = check_record(type(record), record.model_dump(warnings=False))
    return problems
