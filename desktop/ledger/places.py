"""Provinces and communes from the official list (`vietnam-provinces`, two levels since 2025)."""

from __future__ import annotations

from vietnam_provinces import Province, ProvinceCode, Ward, WardCode

from desktop.ledger.errors import InputError
from desktop.ledger.records.places import Commune


def official_commune(province_code: int, commune_code: int) -> Commune:
    """The commune record for official codes, or InputError with a Vietnamese message."""
    try:
        province = Province.from_code(ProvinceCode(province_code))
    except (ValueError, KeyError):
        raise InputError(f"Không có tỉnh/thành phố mã {province_code} trong danh mục.") from None
    try:
        ward = Ward.from_code(WardCode(commune_code))
    except (ValueError, KeyError):
        raise InputError(f"Không có xã/phường mã {commune_code} trong danh mục.") from None
    if ward.province_code.value != province.code.value:
        raise InputError(f"{ward.name} (mã {commune_code}) không thuộc {province.name}.")
    return Commune(
        code=commune_code,
        name=ward.name,
        province_code=province_code,
        province_name=province.name,
    )
