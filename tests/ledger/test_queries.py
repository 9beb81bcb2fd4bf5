"""Household search ignores case and diacritics and treats wildcards literally."""

from desktop.ledger.queries import count_households, search_households
from desktop.ledger.records import Classification, Household, Member, Village
from desktop.ledger.storage import delete, save

C = 1576


def _fill(s):
    v1 = save(s, Village(commune_code=C, name="Xóm Nà Lẹng"), officer="t")
    v2 = save(s, Village(commune_code=C, name="Bản Khuổi Ky"), officer="t")
    people = [
        (v1, "NL-1", "Nông Văn Dũng"),
        (v1, "NL-2", "Hoàng Thị Mai"),
        (v2, "KK-1", "Nông Văn Dụng"),
        (v2, "KK-2", "Lý 100%_Thật"),
        (v2, "KK-3", "Đàm Văn Xoá"),
    ]
    out = {}
    for village, code, name in people:
        hh = save(
            s,
            Household(commune_code=C, code=code, village_id=village.id, head_name=name),
            officer="t",
        )
        save(
            s,
            Member(
                commune_code=C,
                household_id=hh.id,
                full_name=name,
                citizen_id="004090001234" if code == "NL-2" else None,
            ),
            officer="t",
        )
        out[code] = hh
    save(
        s,
        Classification(
            commune_code=C,
            household_id=out["NL-1"].id,
            year=2025,
            category="poor",
            standard_id="nd07-2021",
        ),
        officer="t",
    )
    save(
        s,
        Classification(
            commune_code=C,
            household_id=out["NL-1"].id,
            year=2026,
            category="near_poor",
            standard_id="nd07-2021",
        ),
        officer="t",
    )
    delete(s, out["KK-3"], officer="t")
    return v1, out


def test_search_without_accents_or_case(ledger):
    with ledger.session() as s:
        v1, _ = _fill(s)
        assert [r.head_name for r in search_households(s, "nong van dung")] == [
            "Nông Văn Dụng",
            "Nông Văn Dũng",
        ]
        assert [r.code for r in search_households(s, "NÔNG VĂN", village_id=v1.id)] == ["NL-1"]
        assert count_households(s) == 4  # the deleted household is gone
        assert search_households(s, "xoa") == []


def test_latest_classification_and_member_count_come_with_each_row(ledger):
    with ledger.session() as s:
        _fill(s)
        row = search_households(s, "NL-1")[0]
    assert (row.category, row.year, row.members, row.village_name) == (
        "near_poor",
        2026,
        1,
        "Xóm Nà Lẹng",
    )


def test_wildcards_never_act_as_wildcards_and_ids_are_found(ledger):
    with ledger.session() as s:
        _fill(s)
        assert [r.code for r in search_households(s, "100%_")] == ["KK-2"]
        # fold() drops punctuation, so a lone wildcard is an empty search, not "match all"
        assert count_households(s, "%") == count_households(s, "")
        assert [r.code for r in search_households(s, "004090001")] == ["NL-2"]


def test_paging(ledger):
    with ledger.session() as s:
        _fill(s)
        first = search_households(s, limit=2)
        rest = search_households(s, limit=2, offset=2)
    assert len(first) == 2 and len(rest) == 2 and not {r.id for r in first} & {r.id for r in rest}
