"""What an import did, row by row, and the summary an officer reads first."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum

YEAR_UNKNOWN = (
    "Không rõ danh sách áp dụng cho năm nào: dùng --year (hoặc chọn năm khi nhập trong phần mềm)."
)


class ImportCancelled(Exception):
    """The officer cancelled; nothing was written. The message is Vietnamese."""


class Outcome(StrEnum):
    imported = "Đã nhập"
    skipped = "Bỏ qua"
    refused = "Từ chối"


@dataclass(slots=True)
class RowResult:
    row: int  # as Excel numbers it
    outcome: Outcome
    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    code: str | None = None
    name: str | None = None
    village: str | None = None
    member: bool = False  # a member's row in a one-row-per-member list


class _Nothing(list[str]):
    """The one empty list that every clean row's reasons and warnings share once the row is
    done: 100,000 rows are kept for the report, and two empty lists each are 14 MB. Nothing
    may be added to a finished row, so a change is a bug and fails loudly."""

    def _refuse(self, *_args: object, **_kwargs: object) -> None:
        raise TypeError("a finished row's reasons and warnings do not change")

    append = extend = insert = remove = pop = clear = sort = reverse = _refuse  # type: ignore[assignment]
    __iadd__ = __imul__ = __setitem__ = __delitem__ = _refuse  # type: ignore[assignment]


NOTHING = _Nothing()


def settle(row: RowResult) -> None:
    """A finished row with neither reasons nor warnings shares the one empty list."""
    if not row.reasons and not row.warnings:
        row.reasons = row.warnings = NOTHING


@dataclass(frozen=True)
class ColumnConversion:
    column: str  # its letter and label, "B (Họ và tên chủ hộ)"
    encoding: str  # "TCVN3 (ABC)" or "VNI"
    cells: int


@dataclass
class ImportResult:
    rows: list[RowResult]
    new_villages: list[str]
    year: int | None
    header_row: int
    columns: dict[str, str]  # field → column label as written
    dry_run: bool
    year_source: str | None = None  # where the list's year was read
    year_unknown: bool = False  # the list has categories but no year: said once, at the top
    file_kind: str = "xlsx"
    encoding: str | None = None  # a CSV's text encoding
    members: int = 0  # people written (heads and members)
    conversions: list[ColumnConversion] = field(default_factory=list)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.rows if r.outcome == outcome)

    def households(self) -> int:
        return sum(1 for r in self.rows if r.outcome == Outcome.imported and not r.member)

    def top_refusals(self, n: int = 3) -> list[tuple[str, int]]:
        kinds: Counter[str] = Counter()
        for r in self.rows:
            if r.outcome == Outcome.refused:
                kinds.update(list(dict.fromkeys(reason_kind(reason) for reason in r.reasons)))
        return kinds.most_common(n)

    def summary(self) -> str:
        imported, skipped, refused = (self.count(o) for o in Outcome)
        verb = "Chạy thử: sẽ nhập" if self.dry_run else "Đã nhập"
        created = "sẽ tạo" if self.dry_run else "tạo"
        people = imported - self.households()
        members = f" và {people} nhân khẩu" if people else ""
        villages = f"; {created} mới {len(self.new_villages)} thôn/xóm" if self.new_villages else ""
        line = (
            f"{verb} {self.households()} hộ{members}, bỏ qua {skipped} dòng, "
            f"từ chối {refused} dòng{villages}"
        )
        if self.year_unknown:
            line = f"{YEAR_UNKNOWN}\n{line}"
        top = self.top_refusals()
        if top:
            line += ". Lý do từ chối nhiều nhất: " + "; ".join(
                f"{kind} ({count} dòng)" for kind, count in top
            )
        if self.conversions:
            line += ". Đã chuyển phông chữ cũ sang Unicode: " + "; ".join(
                f"cột {c.column} từ {c.encoding} ({c.cells} ô)" for c in self.conversions
            )
        return line


_QUOTED = re.compile(r"“[^”]*”")
_NUMBER = re.compile(r"\d[\d.,/]*")


def reason_kind(reason: str) -> str:
    """Reasons that differ only in the value quoted or the row named are one kind."""
    head, sep, _ = reason.partition(": ")
    if sep and len(head) <= 30:
        return f"{head} không hợp lệ" if "Ô " not in head else "Công thức chưa có giá trị"
    return _NUMBER.sub("…", _QUOTED.sub("“…”", reason)).rstrip(".")


def converted_columns(
    converted: Counter[tuple[int, str]], labels: list[str]
) -> list[ColumnConversion]:
    from desktop.ledger.excel.rows import column_letter

    out = []
    for (column, encoding), cells in sorted(converted.items()):
        label = labels[column] if column < len(labels) and labels[column] else ""
        name = f"{column_letter(column)} ({label})" if label else column_letter(column)
        out.append(ColumnConversion(name, encoding, cells))
    return out
