"""Errors an officer can act on are told as such; everything else is a bug."""

import errno
import sqlite3

import pytest
from pydantic import ValidationError
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError, OperationalError

from desktop.ledger.errors import (
    DamagedFile,
    DiskFull,
    FileProblem,
    InputError,
    LedgerBusy,
    LedgerError,
    NoWriteAccess,
    bug_message,
    explain,
)
from desktop.ledger.records import Village


@pytest.mark.parametrize(
    ("code", "kind", "words"),
    [
        (errno.ENOSPC, DiskFull, "đã đầy"),
        (errno.EROFS, NoWriteAccess, "chỉ cho phép đọc"),
        (errno.EACCES, NoWriteAccess, "không có quyền ghi"),
        (errno.EISDIR, FileProblem, "là một thư mục"),
        (errno.ENOENT, FileProblem, "Không tìm thấy"),
        (errno.EFBIG, FileProblem, "FAT32"),
    ],
)
def test_operating_system_errors_say_what_is_wrong(tmp_path, code, kind, words):
    known = explain(OSError(code, "english text", str(tmp_path / "x.xlsx")))
    assert isinstance(known, kind) and words in str(known) and "bị hỏng" not in str(known)


def test_a_busy_ledger_is_said_to_be_busy_not_broken(tmp_path):
    path = tmp_path / "l.sqlite"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t(x)")
    holder.execute("BEGIN IMMEDIATE")
    other = sqlite3.connect(path, timeout=0.05)
    with pytest.raises(sqlite3.OperationalError) as raw:
        other.execute("INSERT INTO t VALUES (1)")
    assert isinstance(explain(raw.value), LedgerBusy)
    # the same, wrapped by SQLAlchemy
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 0.05})
    with pytest.raises(OperationalError) as wrapped, engine.begin() as conn:
        conn.execute(text("INSERT INTO t VALUES (1)"))
    assert "đang bận" in str(explain(wrapped.value))
    holder.execute("ROLLBACK")
    engine.dispose()


def test_a_file_that_is_not_a_database_is_damaged(tmp_path):
    path = tmp_path / "l.sqlite"
    path.write_bytes(b"khong phai sqlite " * 300)
    with pytest.raises(sqlite3.DatabaseError) as raw:
        sqlite3.connect(path).execute("SELECT * FROM sqlite_master")
    known = explain(raw.value, path)
    assert isinstance(known, DamagedFile) and str(path) in str(known)


def test_bugs_are_not_explained_away(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'l.sqlite'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t(x UNIQUE)"))
        conn.execute(text("INSERT INTO t VALUES (1)"))
    with pytest.raises(IntegrityError) as constraint, engine.begin() as conn:
        conn.execute(text("INSERT INTO t VALUES (1)"))
    engine.dispose()
    with pytest.raises(ValidationError) as invalid:
        Village.model_validate({"commune_code": "x", "name": ""})
    for exc in (constraint.value, invalid.value, KeyError("x"), ValueError("x"), OSError("?")):
        assert explain(exc) is None
    assert isinstance(invalid.value, ValueError)  # which is why ValueError is no longer "known"


def test_input_errors_are_still_value_errors_for_the_checks_that_catch_them():
    assert issubclass(InputError, LedgerError) and issubclass(InputError, ValueError)


def test_a_bug_is_told_as_the_programs_fault_in_one_line(tmp_path):
    text = bug_message(ValueError("dòng 1\ndòng 2"), tmp_path / "logs" / "sotn.log")
    assert "\n" not in text and "lỗi của phần mềm" in text and "sotn.log" in text
