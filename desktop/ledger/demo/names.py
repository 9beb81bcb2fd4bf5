"""Name pools for a highland commune of Cao Bằng: villages, families, given names by ethnicity."""

from __future__ import annotations

import random

VILLAGE_FIRST = [
    "Nà",
    "Khuổi",
    "Phia",
    "Bó",
    "Pác",
    "Lũng",
    "Cốc",
    "Nặm",
    "Slam",
    "Ta",
    "Pò",
    "Kéo",
    "Lạn",
    "Hợp",
    "Tổng",
    "Khau",
    "Roỏng",
    "Vò",
]
VILLAGE_SECOND = [
    "Lẹng",
    "Ky",
    "Đén",
    "Luông",
    "Rặc",
    "Mòn",
    "Pài",
    "Thin",
    "Nhùng",
    "Cháo",
    "Sliến",
    "Vài",
    "Pàng",
    "Tẩu",
    "Mạ",
    "Khoang",
    "Giang",
    "Cuổi",
]
VILLAGE_KINDS = (("xom", "Xóm"), ("ban", "Bản"), ("thon", "Thôn"))

# (ethnic group, share of households, family names)
ETHNIC_MIX = [
    ("Tày", 0.40, ["Nông", "Hoàng", "Lương", "Đàm", "Bế", "Lục", "Hà", "Đinh", "Mông"]),
    ("Nùng", 0.30, ["Hoàng", "Nông", "Lục", "Mã", "Lý", "Chu", "Vi", "Sầm"]),
    ("H'Mông", 0.10, ["Sùng", "Giàng", "Vàng", "Lầu", "Thào", "Lý", "Mua"]),
    ("Dao", 0.10, ["Triệu", "Đặng", "Bàn", "Lý", "Chu", "Phùng"]),
    ("Kinh", 0.08, ["Nguyễn", "Trần", "Lê", "Phạm", "Vũ", "Đỗ"]),
    ("Sán Chay", 0.02, ["Hoàng", "Lâm", "Trương"]),
]
MIDDLE = {
    "male": ["Văn", "Văn", "Đức", "Minh", "Hữu", "A", "Seo"],
    "female": ["Thị", "Thị", "Thị", "Thu", "Mỹ"],
}
GIVEN = {
    "male": [
        "Dũng",
        "Tám",
        "Ân",
        "Minh",
        "Hải",
        "Tùng",
        "Sơn",
        "Cường",
        "Phúc",
        "Lâm",
        "Thắng",
        "Chính",
        "Pháo",
        "Sình",
        "Chống",
        "Quyết",
        "Hưng",
        "Khánh",
        "Tuấn",
        "Vinh",
    ],
    "female": [
        "Mai",
        "Hoa",
        "Lan",
        "Hương",
        "Nhung",
        "Thúy",
        "Dung",
        "Mỷ",
        "Sua",
        "Xuân",
        "Hiền",
        "Nga",
        "Hằng",
        "Yến",
        "Liên",
        "Thơm",
        "Chúa",
        "Dợ",
        "Vân",
        "Phương",
    ],
}


def village_names(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """`count` distinct (kind, name) pairs such as ("xom", "Xóm Nà Lẹng")."""
    seen: set[str] = set()
    names: list[tuple[str, str]] = []
    while len(names) < count:
        core = f"{rng.choice(VILLAGE_FIRST)} {rng.choice(VILLAGE_SECOND)}"
        if len(seen) >= len(VILLAGE_FIRST) * len(VILLAGE_SECOND):
            core = f"{core} {len(names) + 1}"  # a very large demo runs out of pairs
        if core in seen:
            continue
        seen.add(core)
        kind, word = rng.choice(VILLAGE_KINDS)
        names.append((kind, f"{word} {core}"))
    return names


def pick_ethnicity(rng: random.Random) -> tuple[str, list[str]]:
    roll, total = rng.random(), 0.0
    for group, share, families in ETHNIC_MIX:
        total += share
        if roll < total:
            return group, families
    return ETHNIC_MIX[0][0], ETHNIC_MIX[0][2]


def person_name(rng: random.Random, family: str, sex: str) -> str:
    return f"{family} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}"
