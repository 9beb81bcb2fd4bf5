"""Writing a document: to a temporary file beside the target, then renamed over it, so a power
cut or a crash never leaves a half-written PDF under the real name."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from desktop.ledger.errors import InputError
from desktop.ledger.paths import make_private

T = TypeVar("T")


class PrintError(InputError):
    """A document that cannot be made; the message is Vietnamese and names what to do."""


class Cancelled(PrintError):
    """The officer cancelled; nothing was written."""

    def __init__(self) -> None:
        super().__init__("Đã huỷ in; không có tệp nào được ghi.")


def write_atomically(path: Path, write: Callable[[Path], T]) -> T:
    path = Path(path)
    if not path.name or path.is_dir():
        raise PrintError(f"“{path}” là một thư mục; hãy ghi rõ tên tệp, ví dụ giay-khen.pdf.")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PrintError(f"Không tạo được thư mục {path.parent}: {exc.strerror or exc}.") from exc
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        result = write(tmp)
        make_private(tmp)  # documents name households: private to the account, as all we write
        os.replace(tmp, path)
    except PermissionError as exc:
        raise PrintError(f"Không có quyền ghi vào {path.parent}; hãy chọn thư mục khác.") from exc
    except OSError as exc:
        if exc.errno == 28:  # ENOSPC
            raise PrintError(
                f"Ổ đĩa chứa {path.parent} đã đầy; hãy xoá bớt tệp rồi in lại."
            ) from exc
        raise PrintError(f"Không ghi được {path}: {exc.strerror or exc}.") from exc
    finally:
        tmp.unlink(missing_ok=True)
    return result
