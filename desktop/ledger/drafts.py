"""Drafts of forms being filled, so an edit survives a crash or a power cut: written to a
temporary file, flushed to disk, then renamed over the old draft (never half a file)."""

from __future__ import annotations

import json
import logging
import os
from datetime import datetime
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def draft_path(root: Path, key: str) -> Path:
    safe = "".join(ch for ch in key if ch.isalnum() or ch in "-_")
    return root / "drafts" / f"{safe}.json"


def save_draft(root: Path, key: str, values: dict[str, Any]) -> Path:
    path = draft_path(root, key)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    payload = {"saved_at": datetime.now().isoformat(timespec="seconds"), "values": values}
    with tmp.open("w", encoding="utf-8") as f:
        json.dump(payload, f, ensure_ascii=False)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    return path


def load_draft(root: Path, key: str) -> tuple[datetime, dict[str, Any]] | None:
    path = draft_path(root, key)
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
        return datetime.fromisoformat(payload["saved_at"]), payload["values"]
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("draft %s unreadable: %s", path, exc)
        return None


def discard_draft(root: Path, key: str) -> None:
    draft_path(root, key).unlink(missing_ok=True)
