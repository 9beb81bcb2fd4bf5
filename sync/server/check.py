"""The shape of a pushed batch, checked before anything is read or written."""

from __future__ import annotations

from typing import Any

from sync.server.accounts import Principal


class BatchError(ValueError):
    """The batch as a whole is unusable (wrong device, not a batch): HTTP 400/403."""


def check_batch(batch: Any, principal: Principal, batch_id: str) -> list[dict[str, Any]]:
    """The batch's changes, once its envelope and every change's shape are right."""
    if not isinstance(batch, dict) or not isinstance(batch.get("changes"), list):
        raise BatchError("Gói dữ liệu không đúng định dạng.")
    if batch.get("batch_id") != batch_id or batch.get("device_id") != principal.device_id:
        raise BatchError("Gói dữ liệu không thuộc thiết bị này.")
    for key in ("first_seq", "last_seq", "cursor"):
        if not isinstance(batch.get(key), int) or batch[key] < 0:
            raise BatchError(f"Gói dữ liệu thiếu {key}.")
    if not isinstance(batch.get("epoch"), str) or len(batch["epoch"]) != 32:
        raise BatchError("Gói dữ liệu thiếu kỳ (epoch).")
    changes = batch["changes"]
    for c in changes:
        if not (
            isinstance(c, dict)
            and isinstance(c.get("seq"), int)
            and isinstance(c.get("entity"), str)
            and isinstance(c.get("id"), str)
            and c.get("action") in ("create", "update", "delete")
            and isinstance(c.get("after") or {}, dict)
            and isinstance(c.get("before") or {}, dict)
        ):
            raise BatchError("Gói dữ liệu có thay đổi không đúng định dạng.")
    return changes
