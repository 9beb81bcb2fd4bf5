"""Importing a 10,000-row household list: target 20 s, and within 3× openpyxl's own read."""

from __future__ import annotations

import random
import time
from pathlib import Path

from openpyxl import Workbook, load_workbook

from desktop.ledger.commune import set_up_commune
from desktop.ledger.excel.households_import import Outcome, import_households
from desktop.ledger.storage import open_ledger

ROWS = 10_000
VILLAGES = 20
FAMILIES = ["Nông", "Hoàng", "Lương", "Đàm", "Bế", "Lục", "Triệu", "Sùng", "Giàng", "Lý"]
GIVEN = ["Văn Dũng", "Thị Mai", "Văn Tám", "Thị Hoa", "A Pháo", "Thị Dợ", "Văn Ân", "Seo Chống"]
ETHNIC = ["Tày", "Nùng", "H'Mông", "Dao", "Kinh"]


def make_list(path: Path) -> Path:
    rng = random.Random(5)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["UBND XÃ QUẢNG UYÊN"])
    sheet.append(["DANH SÁCH HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2026"])
    sheet.append([])
    sheet.append(
        [
            "STT",
            "Mã hộ",
            "Họ và tên chủ hộ",
            "Giới tính",
            "Năm sinh",
            "Dân tộc",
            "Số CCCD",
            "Phân loại",
            "Thu nhập bình quân",
            "Số chỉ số thiếu hụt",
        ]
    )
    per_village = ROWS // VILLAGES
    n = 0
    for v in range(VILLAGES):
        sheet.append([f"{v + 1}. Xóm Bản {v + 1}"])
        for _ in range(per_village):
            n += 1
            sex = rng.choice(["Nam", "Nữ"])
            year = rng.randint(1950, 2000)
            digit = (year - 1900) // 100 * 2 + (sex == "Nữ")
            sheet.append(
                [
                    n,
                    f"QU-{n:05d}",
                    f"{rng.choice(FAMILIES)} {rng.choice(GIVEN)}",
                    sex,
                    year,
                    rng.choice(ETHNIC),
                    int(f"004{digit}{year % 100:02d}{n:06d}"),  # a number, as Excel keeps it
                    rng.choice(["Hộ nghèo", "Hộ cận nghèo"]),
                    rng.randrange(8, 15) * 100_000,
                    rng.randint(0, 6),
                ]
            )
        sheet.append([f"Cộng xóm: {per_village} hộ"])
    sheet.append(["Người lập biểu", None, None, None, "TM. UBND XÃ"])
    workbook.save(path)
    return path


def run(work: Path) -> list[dict]:
    path = make_list(work / "danh-sach-10000.xlsx")
    start = time.perf_counter()
    workbook = load_workbook(path, read_only=True, data_only=True)
    cells = sum(len(row) for row in workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()
    openpyxl_seconds = time.perf_counter() - start
    ledger = open_ledger(work / "import" / "ledger.sqlite")
    with ledger.session() as session:
        set_up_commune(session, 4, 1576)
    start = time.perf_counter()
    result = import_households(ledger, path, officer="bench")
    seconds = time.perf_counter() - start
    ledger.close()
    assert result.count(Outcome.imported) == ROWS and cells > ROWS, result.summary()
    return [
        {
            "name": f"nhập danh sách {ROWS:,} dòng".replace(",", "."),
            "value": seconds,
            "unit": "s",
            "target": 20,
        },
        {
            "name": "  so với openpyxl chỉ đọc tệp (lần)",
            "value": seconds / openpyxl_seconds,
            "unit": "×",
            "target": 3,
        },
        {"name": "  openpyxl chỉ đọc tệp", "value": openpyxl_seconds, "unit": "s", "target": 20},
    ]


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        for figure in run(Path(tmp)):
            print(figure)
