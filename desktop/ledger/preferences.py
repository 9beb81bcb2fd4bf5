"""This laptop's preferences (UI scale, idle lock), declared once with type, default and
Vietnamese label, kept as JSON in the data folder. Read before Qt starts: the scale must be
known before the QApplication exists."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
FILE = "preferences.json"


@dataclass(frozen=True)
class Preference:
    key: str
    type: type
    default: Any
    label: str
    choices: tuple[Any, ...] = ()


PREFERENCES = (
    Preference(
        "ui_scale",
        float,
        1.0,
        "Cỡ giao diện (áp dụng khi mở lại phần mềm)",
        (1.0, 1.1, 1.25, 1.5, 1.75, 2.0),
    ),
    Preference(
        "idle_lock_minutes", int, 10, "Tự khóa sau bao nhiêu phút không dùng", (5, 10, 15, 30, 60)
    ),
)
BY_KEY = {p.key: p for p in PREFERENCES}


def load(root: Path) -> dict[str, Any]:
    values = {p.key: p.default for p in PREFERENCES}
    try:
        stored = json.loads((root / FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return values
    except (OSError, ValueError) as exc:  # a damaged file must not stop the app from starting
        log.warning("preferences unreadable, defaults used: %s", exc)
        return values
    for key, value in stored.items():
        pref = BY_KEY.get(key)
        if pref is not None:
            try:
                values[key] = pref.type(value)
            except (TypeError, ValueError):
                log.warning("preference %s has a bad value %r", key, value)
    return values


def store(root: Path, values: dict[str, Any]) -> None:
    root.mkdir(parents=True, exist_ok=True)
    target = root / FILE
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(values, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, target)
