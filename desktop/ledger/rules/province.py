"""A province's own poverty standard (chuẩn nghèo của địa phương).

Decree 07/2021 (Art. 3) and Decree 351/2025 let a province set a standard higher than the
national one for its own policies. The province puts a YAML file in the data folder's
`standards/` with `province_code:` and its `source:` (the provincial decision or resolution;
without it the file itself is named as the source).
With `extends: <national id>` it writes only what differs:

- a band it gives replaces the national band of the same role in that area only (the poverty
  band, or the average-living band); the other area and the other bands are kept;
- without its own `id` it still gets a distinct one (`<national id>-tinh-<code>`), so a stored
  classification always names the exact standard it was made with.
"""

from __future__ import annotations

from typing import Any

from desktop.ledger.rules.standards import (
    AREAS,
    PovertyStandard,
    StandardError,
    parse_bands,
    parse_standard,
)


def _merge_area(base: list[dict[str, Any]], own: list[dict[str, Any]], where: str) -> list[Any]:
    """The base bands in their order, each replaced by the province's band of the same role.

    The order is kept, not re-sorted: a province line above the national average ceiling must
    be refused (its poverty band would sit above the average band), not quietly reordered.
    """
    mine = {b.role: raw for b, raw in zip(parse_bands(own, where), own, strict=True)}
    roles = [b.role for b in parse_bands(base, where)] if base else []
    merged = [mine.pop(role, raw) for role, raw in zip(roles, base, strict=True)]
    return merged + list(mine.values())


def province_standard(
    raw: dict[str, Any], national: dict[str, dict[str, Any]], filename: str
) -> PovertyStandard:
    raw = dict(raw)
    code = raw.get("province_code")
    if not isinstance(code, int):
        raise StandardError(
            f"{filename}: chuẩn nghèo của tỉnh cần 'province_code' (mã tỉnh, vd. 4 cho Cao Bằng)"
        )
    if not str(raw.get("source") or "").strip():
        # Not refused (the file may predate the key), but never passed off as the national text.
        raw["source"] = f"Tệp {filename} của tỉnh (chưa ghi văn bản ban hành)"
    base_id = raw.get("extends")
    if base_id is not None and base_id not in national:
        raise StandardError(f"{filename}: 'extends: {base_id}' không phải chuẩn quốc gia")
    if raw.get("id") in national:
        raise StandardError(
            f"{filename}: mã '{raw['id']}' là của chuẩn quốc gia; hãy đặt mã khác hoặc bỏ 'id'"
        )
    merged = dict(national[base_id]) if base_id else {}
    for key, value in raw.items():
        if key == "areas" and base_id:
            areas = dict(merged.get("areas") or {})
            for area, bands in (value or {}).items():
                if area not in AREAS:
                    raise StandardError(f"{filename}: khu vực '{area}' không hợp lệ")
                where = f"{filename}: areas.{area}"
                areas[area] = _merge_area(areas.get(area) or [], bands or [], where)
            merged["areas"] = areas
        elif key == "years" and base_id:
            merged["years"] = {**merged.get("years", {}), **value}
        else:
            merged[key] = value
    if "id" not in raw:
        merged["id"] = f"{base_id or 'chuan'}-tinh-{code}"
    if "name" not in raw and base_id:
        merged["name"] = f"{national[base_id]['name']} – chuẩn riêng của tỉnh (mã {code})"
    return parse_standard(merged, filename)
