"""Settings, declared once in `resources/settings.yaml` and kept per commune in the ledger.

The declaration gives each key its type, default, Vietnamese label and help; the settings screen
is generated from it and every reader goes through `read_settings()`. Only values an officer
changed are stored; a default that names the commune ("{commune_upper}") is filled in on reading,
so a fresh ledger prints the right authority without anyone typing it.

    settings = read_settings(session)
    settings["signer.name"]                       # the value, or its default
    problems = write_settings(session, {"signer.name": "Nông Văn Dũng"}, officer="lan")
"""

from __future__ import annotations

import base64
import hashlib
import io
import logging
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from PIL import Image as PILImage
from sqlmodel import Session, select

from desktop.ledger.commune import current_commune
from desktop.ledger.records import ChangeAction, Commune, Setting, utcnow
from desktop.ledger.resources import load_yaml
from desktop.ledger.storage.audit import next_revision, record_change

log = logging.getLogger(__name__)
SETTINGS_ENTITY = "settings"  # one change-log entry per saved change, all keys in it

TYPES = ("line", "text", "int", "bool", "choice", "month_day", "image")
MAX_IMAGE_BYTES = 3 * 1024 * 1024
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@dataclass(frozen=True)
class SettingDef:
    key: str
    type: str
    default: Any
    label: str
    help: str = ""
    section: str = ""
    choices: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Declaration:
    sections: Mapping[str, str]  # key prefix → Vietnamese heading, in screen order
    settings: tuple[SettingDef, ...]

    def __getitem__(self, key: str) -> SettingDef:
        for definition in self.settings:
            if definition.key == key:
                return definition
        raise KeyError(key)

    def in_section(self, section: str) -> tuple[SettingDef, ...]:
        return tuple(d for d in self.settings if d.section == section)


@dataclass(frozen=True)
class ImageValue:
    """An image setting as stored: the file's bytes travel with the ledger and its backups."""

    name: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "base64": base64.b64encode(self.data).decode("ascii")}

    @classmethod
    def from_json(cls, raw: Mapping[str, str]) -> ImageValue:
        return cls(raw["name"], base64.b64decode(raw["base64"]))


def parse_declaration(raw: Mapping[str, Any]) -> Declaration:
    sections = dict(raw["sections"])
    seen: set[str] = set()
    defs = []
    for item in raw["settings"]:
        key, kind = item["key"], item["type"]
        section = key.split(".", 1)[0]
        if kind not in TYPES or section not in sections or key in seen:
            raise ValueError(f"settings.yaml: khai báo “{key}” không hợp lệ")
        seen.add(key)
        defs.append(
            SettingDef(
                key=key,
                type=kind,
                default=item.get("default"),
                label=item["label"],
                help=item.get("help", ""),
                section=section,
                choices=dict(item.get("choices") or {}),
            )
        )
    return Declaration(sections, tuple(defs))


@cache
def declaration() -> Declaration:
    return parse_declaration(load_yaml("settings.yaml"))


def commune_words(commune: Commune | None) -> dict[str, str]:
    """The names a default may use, spelled as documents write them."""
    if commune is None:
        return {k: "" for k in _WORDS}
    kind, _, short = commune.name.partition(" ")
    if kind not in ("Xã", "Phường") or not short:  # "Đặc khu …" and other forms: kept whole
        kind, short = "", commune.name
    province = commune.province_name
    province_full = province if province.startswith("Thành phố") else f"tỉnh {province}"
    province_short = province.removeprefix("Thành phố ").strip()
    commune_mid = f"{kind.lower()} {short}".strip()
    return {
        "commune": commune_mid,
        "commune_upper": commune_mid.upper(),
        "commune_short": short,
        "commune_name": commune.name,
        "province": province_full,
        "province_upper": province_full.upper(),
        "province_short": province_short,
    }


_WORDS = (
    "commune",
    "commune_upper",
    "commune_short",
    "commune_name",
    "province",
    "province_upper",
    "province_short",
)


def _fill(value: Any, words: Mapping[str, str]) -> Any:
    if not isinstance(value, str):
        return value
    return re.sub(r"\{(\w+)\}", lambda m: words.get(m.group(1), m.group(0)), value)


def check_value(definition: SettingDef, value: Any) -> tuple[Any, str | None]:
    """The value as it will be stored, or a Vietnamese message saying what is wrong.

    Accepts what a form or the command line gives: text for numbers and dates, a path for images.
    """
    label = definition.label
    if value is None or (
        isinstance(value, str) and not value.strip() and definition.type != "text"
    ):
        if definition.type in ("line", "text"):
            return "", None
        return None, None
    kind = definition.type
    if kind in ("line", "text"):
        text = str(value).replace("\r\n", "\n").strip()
        if kind == "line" and "\n" in text:
            return None, f"{label}: chỉ nhập một dòng."
        if len(text) > 500:
            return None, f"{label}: quá dài (tối đa 500 ký tự)."
        return text, None
    if kind == "int":
        try:
            return int(str(value).strip()), None
        except ValueError:
            return None, f"{label}: phải là số nguyên."
    if kind == "bool":
        if isinstance(value, bool):
            return value, None
        text = str(value).strip().lower()
        if text in ("có", "co", "1", "true", "x"):
            return True, None
        if text in ("không", "khong", "0", "false"):
            return False, None
        return None, f"{label}: chỉ nhận Có hoặc Không."
    if kind == "choice":
        if str(value) in definition.choices:
            return str(value), None
        return None, f"{label}: chọn một trong {', '.join(definition.choices)}."
    if kind == "month_day":
        return _check_month_day(label, str(value))
    return _check_image(label, value)


def _check_month_day(label: str, text: str) -> tuple[str | None, str | None]:
    match = re.fullmatch(r"\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*", text)
    if match:
        day, month = int(match.group(1)), int(match.group(2))
        if 1 <= month <= 12 and 1 <= day <= _MONTH_DAYS[month - 1]:
            return f"{day:02d}/{month:02d}", None
    return None, f"{label}: nhập ngày/tháng, ví dụ 20/11."


def _check_image(label: str, value: Any) -> tuple[ImageValue | None, str | None]:
    if isinstance(value, ImageValue):
        image = value
    else:
        path = Path(str(value)).expanduser()
        try:
            image = ImageValue(path.name, path.read_bytes())
        except OSError as exc:
            return None, f"{label}: không đọc được tệp {path} ({exc.strerror or exc})."
    if len(image.data) > MAX_IMAGE_BYTES:
        return None, f"{label}: ảnh quá lớn (tối đa 3 MB)."
    try:
        with PILImage.open(io.BytesIO(image.data)) as opened:
            kind = opened.format
            opened.verify()
    except (OSError, SyntaxError, ValueError):
        kind = None
    if kind not in ("PNG", "JPEG"):
        return None, f"{label}: chỉ nhận ảnh PNG hoặc JPEG còn đọc được."
    return image, None


class Settings(Mapping[str, Any]):
    """The commune's settings: stored values over defaults, commune names filled in."""

    def __init__(
        self, stored: Mapping[str, Any], commune: Commune | None, decl: Declaration | None = None
    ) -> None:
        self.declaration = decl or declaration()
        self.commune = commune
        self._stored = dict(stored)
        self._words = commune_words(commune)

    def __getitem__(self, key: str) -> Any:
        definition = self.declaration[key]
        if key in self._stored:
            value = self._stored[key]
            if definition.type == "image" and value is not None:
                return ImageValue.from_json(value)
            return value
        return _fill(definition.default, self._words)

    def __iter__(self) -> Iterator[str]:
        return (d.key for d in self.declaration.settings)

    def __len__(self) -> int:
        return len(self.declaration.settings)

    def is_default(self, key: str) -> bool:
        return key not in self._stored

    def default(self, key: str) -> Any:
        return _fill(self.declaration[key].default, self._words)

    def lines(self, key: str) -> list[str]:
        """A text setting split into its non-empty lines."""
        return [line.strip() for line in str(self[key] or "").splitlines() if line.strip()]


def defaults_for(commune: Commune | None) -> Settings:
    return Settings({}, commune)


def read_settings(session: Session) -> Settings:
    commune = current_commune(session)
    if commune is None:
        return Settings({}, None)
    rows = session.exec(select(Setting).where(Setting.commune_code == commune.code)).all()
    return Settings({row.key: row.value for row in rows}, commune)


def write_settings(session: Session, changes: Mapping[str, Any], *, officer: str) -> dict[str, str]:
    """Check every change, then store all of them, or none: returns key → problem.

    A value equal to the default is stored as "not set", so a later change of the default (a new
    decree's wording) reaches the communes that never changed it.
    """
    commune = current_commune(session)
    if commune is None:
        return {"": "Chưa thiết lập xã cho sổ này."}
    decl = declaration()
    checked: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for key, raw in changes.items():
        try:
            definition = decl[key]
        except KeyError:
            problems[key] = f"Không có mục cài đặt “{key}”."
            continue
        value, problem = check_value(definition, raw)
        if problem:
            problems[key] = problem
        else:
            checked[key] = value
    if problems:
        return problems
    defaults = defaults_for(commune)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for key, value in checked.items():
        row = session.get(Setting, (commune.code, key))
        stored = value.to_json() if isinstance(value, ImageValue) else value
        old = defaults[key] if row is None else row.value
        if old != stored:
            before[key], after[key] = _audited(old), _audited(stored)
        if value == defaults[key] or (value is None and defaults[key] is None):
            if row is not None:
                session.delete(row)
        elif row is None:
            session.add(
                Setting(commune_code=commune.code, key=key, value=stored, modified_by=officer)
            )
        else:
            row.value, row.modified_at, row.modified_by = stored, utcnow(), officer
            session.add(row)
        log.info("setting %s changed by %s", key, officer)
    session.flush()
    if after:
        record_change(
            session,
            entity=SETTINGS_ENTITY,
            record_id=str(commune.code),
            revision=next_revision(session, SETTINGS_ENTITY, str(commune.code)),
            action=ChangeAction.update,
            officer=officer,
            before=before,
            after=after,
        )
    return {}


def _audited(value: Any) -> Any:
    """A setting's value as the audit trail keeps it: an image by its name and hash (the
    bytes stay in the setting itself, and in every backup)."""
    if isinstance(value, ImageValue):
        return {"name": value.name, "sha256": value.sha256}
    if isinstance(value, Mapping) and "base64" in value:
        return _audited(ImageValue.from_json(value))
    return value
