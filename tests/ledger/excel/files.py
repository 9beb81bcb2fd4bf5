"""Writing one table as every kind of file communes bring: .xlsx (openpyxl), .xls (xlwt),
.ods (written here: the format is a zip of XML), and CSV as Excel saves it in each encoding.

xlwt is unmaintained, but .xls (BIFF8) has not changed since 2003, xlwt is the one pure-Python
writer of it on PyPI, and it is only used to make test files; the importer reads them with
calamine, written independently. LibreOffice could convert too, but it is a 500 MB install
and several seconds per file.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from openpyxl import Workbook

Table = Sequence[Sequence[Any]]
Merge = tuple[int, int, int, int]  # first row, first column, last row, last column (from 0)
TONES = "\u0300\u0301\u0303\u0309\u0323"


def write_xlsx(path: Path, rows: Table, merges: Sequence[Merge] = ()) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    for r0, c0, r1, c1 in merges:
        sheet.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
    workbook.save(path)
    return path


def write_xls(path: Path, rows: Table, merges: Sequence[Merge] = ()) -> Path:
    _xls_workbook(rows, merges).save(str(path))
    return path


def _xls_workbook(rows: Table, merges: Sequence[Merge] = ()) -> Any:
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("Danh sach")
    dates = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    starts = {(r0, c0): (r1, c1) for r0, c0, r1, c1 in merges}
    covered = {
        (r, c)
        for r0, c0, r1, c1 in merges
        for r in range(r0, r1 + 1)
        for c in range(c0, c1 + 1)
        if (r, c) != (r0, c0)
    }
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None or (r, c) in covered:
                continue
            if (r, c) in starts:
                r1, c1 = starts[(r, c)]
                sheet.write_merge(r, r1, c, c1, value)
            elif isinstance(value, date | datetime):
                sheet.write(r, c, value, dates)
            else:
                sheet.write(r, c, value)
    return workbook


# BIFF8 records that stay in clear in an encrypted workbook ([MS-XLS] 2.2.10).
_BOF, _FILEPASS, _BOUNDSHEET = 0x0809, 0x002F, 0x0085
_CLEAR = {_BOF, _FILEPASS, 0x0194, 0x0195, 0x00E1, 0x0196, 0x0138}


def write_encrypted_xls(path: Path, rows: Table, password: str) -> Path:
    """An .xls as Excel 97–2003 saves it with "Encrypt with password" (RC4, [MS-OFFCRYPTO]
    2.3.6): a FilePass record after the first BOF, every record's data but the clear ones
    encrypted with RC4 keyed per 1,024-byte block of the stream.

    msoffcrypto-tool decrypts .xls but cannot encrypt it, so the encryption is written here
    from its key derivation; tests decrypt the result with msoffcrypto-tool to prove it real.
    """
    import hashlib
    import os
    import struct

    from msoffcrypto.method.rc4 import DocumentRC4, _makekey
    from xlwt.CompoundDoc import XlsDoc

    plain = _xls_workbook(rows).get_biff_data()
    salt, verifier = os.urandom(16), os.urandom(16)
    arc4 = _rc4(_makekey(password, salt, 0))
    sealed = arc4.update(verifier) + arc4.update(hashlib.md5(verifier).digest())
    filepass_data = struct.pack("<HHH", 1, 1, 1) + salt + sealed
    filepass = struct.pack("<HH", _FILEPASS, len(filepass_data)) + filepass_data
    records = list(_records(plain))
    first_len = 4 + len(records[0][1])
    stream = bytearray(plain[:first_len] + filepass + plain[first_len:])
    shift = len(filepass)
    keys = DocumentRC4.decrypt(password, salt, io.BytesIO(bytes(len(stream))), 1024).read()
    at = 0
    for number, data in [records[0], (_FILEPASS, filepass_data), *records[1:]]:
        start, at = at + 4, at + 4 + len(data)
        if number == _BOUNDSHEET:  # its stream offset moves by the new record, and stays clear
            (offset,) = struct.unpack_from("<I", stream, start)
            struct.pack_into("<I", stream, start, offset + shift)
            start += 4
        if number not in _CLEAR:
            for i in range(start, at):
                stream[i] ^= keys[i]
    # The container pads the stream with zeros to a multiple of 4,096 bytes, and msoffcrypto-tool
    # walks records past the last EOF: the zeros must make whole empty records (4 bytes each),
    # so a filler record after the EOF brings the stream to a multiple of 4.
    filler = -len(stream) % 4
    if filler:
        stream += struct.pack("<HH", 0, filler) + bytes(filler)
    XlsDoc().save(str(path), bytes(stream))
    return path


def _records(stream: bytes) -> Any:
    import struct

    at = 0
    while at < len(stream):
        number, size = struct.unpack_from("<HH", stream, at)
        yield number, stream[at + 4 : at + 4 + size]
        at += 4 + size


def _rc4(key: bytes) -> Any:
    from cryptography.hazmat.decrepit.ciphers.algorithms import ARC4
    from cryptography.hazmat.primitives.ciphers import Cipher

    return Cipher(ARC4(key), mode=None).encryptor()


def write_ods(path: Path, rows: Table, merges: Sequence[Merge] = ()) -> Path:
    spans = {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1) for r0, c0, r1, c1 in merges}
    covered = {
        (r, c)
        for r0, c0, r1, c1 in merges
        for r in range(r0, r1 + 1)
        for c in range(c0, c1 + 1)
        if (r, c) != (r0, c0)
    }
    body = []
    for r, row in enumerate(rows):
        cells = []
        for c, value in enumerate(row):
            if (r, c) in covered:
                cells.append("<table:covered-table-cell/>")
                continue
            span = ""
            if (r, c) in spans:
                rows_, cols = spans[(r, c)]
                span = f' table:number-rows-spanned="{rows_}" table:number-columns-spanned="{cols}"'
            cells.append(_ods_cell(value, span))
        body.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Danh sách">'
        + "".join(body)
        + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return path


def _ods_cell(value: Any, span: str) -> str:
    if value is None:
        return f"<table:table-cell{span}/>"
    if isinstance(value, bool):
        value = str(value)
    if isinstance(value, int | float):
        return (
            f'<table:table-cell{span} office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    if isinstance(value, date):
        return (
            f'<table:table-cell{span} office:value-type="date" '
            f'office:date-value="{value.isoformat()}"><text:p>{value:%d/%m/%Y}</text:p>'
            "</table:table-cell>"
        )
    return (
        f'<table:table-cell{span} office:value-type="string"><text:p>{escape(str(value))}'
        "</text:p></table:table-cell>"
    )


def as_windows_1258(text: str) -> str:
    """Vietnamese as Windows-1258 holds it: base letters precomposed, tones combining."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(p for p in parts if p in TONES)
        out.append(unicodedata.normalize("NFC", "".join(p for p in parts if p not in TONES)))
        out.append(tones)
    return "".join(out)


def write_csv(path: Path, rows: Table, encoding: str) -> Path:
    """As Excel's "Save as": CSV UTF-8 (with BOM), plain CSV on a Vietnamese Windows
    (Windows-1258), and "Unicode Text" (UTF-16 with BOM, tab-separated)."""
    buffer = io.StringIO()
    delimiter = "\t" if encoding == "utf-16" else ","
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else _csv_text(v) for v in row])
    text = buffer.getvalue()
    if encoding == "cp1258":
        text = as_windows_1258(text)
    path.write_bytes(text.encode(encoding))
    return path


def _csv_text(value: Any) -> str:
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return str(value)


WRITERS = {
    "xlsx": lambda p, rows, merges=(): write_xlsx(p.with_suffix(".xlsx"), rows, merges),
    "xls": lambda p, rows, merges=(): write_xls(p.with_suffix(".xls"), rows, merges),
    "ods": lambda p, rows, merges=(): write_ods(p.with_suffix(".ods"), rows, merges),
    "csv-utf8": lambda p, rows, merges=(): write_csv(p.with_suffix(".csv"), rows, "utf-8"),
    "csv-utf8-bom": lambda p, rows, merges=(): write_csv(p.with_suffix(".csv"), rows, "utf-8-sig"),
    "csv-1258": lambda p, rows, merges=(): write_csv(p.with_suffix(".csv"), rows, "cp1258"),
    "csv-utf16": lambda p, rows, merges=(): write_csv(p.with_suffix(".txt"), rows, "utf-16"),
}
