"""Two kinds of error (qutebrowser's KnownError/BugError split).

`LedgerError` is a problem an officer can act on: bad input, a file that cannot be read, a full
disk, a busy or read-only ledger. Its message is Vietnamese, says what is really wrong and what
to do. Everything else is a bug: logged with its traceback and shown as a bug.

`explain()` turns what the operating system, SQLite (directly or wrapped by SQLAlchemy) raise
into a `LedgerError` when the cause is the machine rather than the program. A read-only folder
or a full disk must never be reported as a damaged ledger: an officer told "damaged" may restore
an old backup and lose work.

Only the standard library is imported here, so the rules, storage, the CLI and the UI can all
use it.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

# SQLite's primary result codes (https://sqlite.org/rescode.html); the low byte of an extended
# code is the primary one.
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_AUTH = 23
SQLITE_NOTADB = 26

_SAFE = "Dữ liệu đã lưu trước đó vẫn an toàn."


class LedgerError(Exception):
    """A problem an officer can act on; the message is Vietnamese."""


class InputError(LedgerError, ValueError):
    """Bad input: a value, a code, a choice the officer can correct (still a ValueError, so
    callers that check values keep working)."""


class DiskFull(LedgerError):
    pass


class NoWriteAccess(LedgerError):
    """A read-only folder, file, medium or a missing permission; never a damaged file."""


class LedgerBusy(LedgerError):
    pass


class DamagedFile(LedgerError):
    pass


class FileProblem(LedgerError):
    """A path that does not exist, is a folder, has a bad name, or a disk that fails."""


class LedgerReplaced(LedgerError):
    """The ledger was restored from a backup by another program while this one had it open."""


def explain(exc: BaseException, path: Path | str | None = None) -> LedgerError | None:
    """The officer's version of `exc` if the machine caused it, else None (a bug).

    `path` names the file or folder involved when the caller knows it (SQLite's errors don't).
    """
    if isinstance(exc, LedgerError):
        return exc
    for cause in _causes(exc):
        code = getattr(cause, "sqlite_errorcode", None)
        if isinstance(code, int):
            return _sqlite(cause, code & 0xFF, path)
        if isinstance(cause, OSError) and (cause.errno is not None or _winerror(cause)):
            return _os(cause, path)
    return None


def _causes(exc: BaseException) -> list[BaseException]:
    """`exc`, what SQLAlchemy wrapped (`.orig`) and the chain of causes, without loops."""
    seen: list[BaseException] = []
    todo: list[BaseException | None] = [exc]
    while todo:
        item = todo.pop(0)
        if item is None or any(item is s for s in seen):
            continue
        seen.append(item)
        orig = getattr(item, "orig", None)
        todo.extend([orig if isinstance(orig, BaseException) else None, item.__cause__])
    return seen


def _winerror(exc: OSError) -> int | None:
    return getattr(exc, "winerror", None)


def _where(path: Path | str | None, fallback: str) -> str:
    return str(path) if path else fallback


def disk_full(path: Path | str | None, what: str = "dữ liệu") -> DiskFull:
    free = ""
    if path:
        folder = Path(path)
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        try:
            free = f" (còn trống {shutil.disk_usage(folder).free // (1024 * 1024)} MB)"
        except OSError:
            free = ""
    return DiskFull(
        f"Ổ đĩa chứa {_where(path, 'sổ dữ liệu')} đã đầy{free}: không ghi được {what}. "
        "Hãy xoá bớt tệp không cần trên ổ đó (các bản sao lưu cũ trong thư mục backups của "
        f"dữ liệu, tệp tải về, phim ảnh) rồi thử lại. {_SAFE}"
    )


def no_write_access(path: Path | str | None) -> NoWriteAccess:
    return NoWriteAccess(
        f"Không ghi được vào {_where(path, 'thư mục dữ liệu')}: thư mục, tệp hoặc ổ đĩa chỉ cho "
        "phép đọc (USB bị khoá ghi, ổ mạng chỉ đọc, hoặc tài khoản không có quyền ghi). Dữ liệu "
        "vẫn nguyên vẹn. Hãy chọn nơi khác có quyền ghi, hoặc nhờ cán bộ công nghệ thông tin "
        "cấp quyền ghi."
    )


def busy() -> LedgerBusy:
    return LedgerBusy(
        "Sổ dữ liệu đang bận: một thao tác khác (nhập danh sách, phục hồi, hoặc một cửa sổ Sổ "
        f"Thoát Nghèo khác) đang ghi. Hãy đợi thao tác đó xong rồi thử lại. {_SAFE}"
    )


def _sqlite(exc: BaseException, primary: int, path: Path | str | None) -> LedgerError | None:
    detail = str(exc)
    if primary == SQLITE_FULL:
        return disk_full(path)
    if primary in (SQLITE_READONLY, SQLITE_PERM, SQLITE_AUTH):
        return no_write_access(path)
    if primary in (SQLITE_BUSY, SQLITE_LOCKED):
        return busy()
    if primary == SQLITE_CANTOPEN:
        # SQLite cannot create its -wal/-shm files beside the ledger in a read-only folder,
        # and says "unable to open database file": that is not damage.
        folder = Path(path).parent if path else None
        if folder is not None and folder.is_dir() and not os.access(folder, os.W_OK):
            return no_write_access(folder)
        if path and Path(path).exists() and not os.access(path, os.W_OK):
            return no_write_access(path)
        return FileProblem(
            f"Không mở được tệp {_where(path, 'sổ dữ liệu')} ({detail}). Hãy kiểm tra ổ đĩa "
            "còn cắm và thư mục còn đó, rồi thử lại."
        )
    if primary in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return DamagedFile(
            f"Tệp {_where(path, 'sổ dữ liệu')} bị hỏng hoặc không phải sổ dữ liệu Sổ Thoát Nghèo "
            f"({detail}). Đừng xoá tệp này; hãy nhờ cán bộ công nghệ thông tin kiểm tra, hoặc "
            "phục hồi từ bản sao lưu gần nhất."
        )
    if primary == SQLITE_IOERR:
        return FileProblem(
            f"Lỗi đọc/ghi ổ đĩa chứa {_where(path, 'sổ dữ liệu')} ({detail}): ổ bị rút ra, "
            f"hỏng hoặc đầy. Hãy kiểm tra ổ đĩa rồi thử lại. {_SAFE}"
        )
    return None  # a constraint, a syntax error, a misuse: the program's fault


def _os(exc: OSError, path: Path | str | None) -> LedgerError | None:
    where = exc.filename or path
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return disk_full(where)
    if code in (errno.EROFS, errno.EACCES, errno.EPERM):
        if _winerror(exc) in (32, 33):  # another program (Excel) keeps the file open
            return FileProblem(
                f"Tệp {where} đang được mở trong chương trình khác (ví dụ Excel); hãy đóng nó "
                "rồi thử lại."
            )
        return no_write_access(where)
    if code == errno.ENOENT:
        return FileProblem(f"Không tìm thấy {_where(where, 'tệp')}.")
    if code == errno.EISDIR:
        return FileProblem(f"{where} là một thư mục; hãy chọn hoặc gõ tên một tệp.")
    if code == errno.ENOTDIR:
        return FileProblem(f"Đường dẫn {where} không đúng: một phần của nó không phải thư mục.")
    if code == errno.EFBIG:
        return FileProblem(
            f"Tệp {where} quá lớn cho ổ đĩa này (ổ USB định dạng FAT32 chỉ nhận tệp dưới 4 GB); "
            "hãy ghi ra ổ khác."
        )
    if code in (errno.ENAMETOOLONG, errno.EINVAL):
        return FileProblem(f"Tên tệp {where} không hợp lệ hoặc quá dài; hãy đặt tên khác.")
    if code == errno.EIO:
        return FileProblem(
            f"Lỗi đọc/ghi ổ đĩa chứa {where}: ổ bị rút ra hoặc hỏng. Hãy kiểm tra rồi thử lại."
        )
    return None


def bug_message(exc: BaseException, log_file: Path | str | None = None) -> str:
    """What an officer is told about a bug: it is the program's fault, and where the details are."""
    where = f" Chi tiết đã ghi vào nhật ký {log_file}." if log_file else ""
    text = " ".join(str(exc).split())  # one line, however the exception formats itself
    text = text if len(text) <= 200 else text[:199] + "…"
    return (
        "Phần mềm gặp lỗi không mong muốn (lỗi của phần mềm, không phải do thao tác của anh/chị). "
        f"{_SAFE}{where} Hãy gửi tệp nhật ký cho cán bộ công nghệ thông tin. "
        f"({type(exc).__name__}: {text})"
    )
