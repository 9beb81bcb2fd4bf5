"""The household list: FTS search over every member kept in step on every write path, filters,
sorting, and rows read by id."""

from datetime import date

from sqlmodel import select

from desktop.ledger.household_list import (
    UNCLASSIFIED,
    HouseholdFilter,
    SortKey,
    household_ids,
    household_rows,
    match_expression,
)
from desktop.ledger.household_search import ALPHABET, HouseholdSearch
from desktop.ledger.records import Classification, Household, Member, Registration, Village
from desktop.ledger.storage import delete, save
from desktop.ledger.storage.bulk import insert_rows, new_row

C = 1576


def _household(s, village, code, head, *others, ethnicity=None):
    hh = save(
        s, Household(commune_code=C, code=code, village_id=village.id, head_name=head), officer="t"
    )
    for name in (head, *others):
        save(
            s,
            Member(commune_code=C, household_id=hh.id, full_name=name, ethnicity=ethnicity),
            officer="t",
        )
    return hh


def codes(s, **filters):
    ids = household_ids(s, HouseholdFilter(**filters))
    rows = household_rows(s, ids)
    return [rows[i].code for i in ids]


def test_words_become_prefix_terms_and_fts_syntax_cannot_get_through():
    assert match_expression("Nông  Văn D") == '"nong"* "van"* "d"*'
    assert match_expression('" OR * NEAR(') == '"or"* "near"*'
    assert match_expression("  %_ ") is None


def test_any_members_name_the_code_and_an_id_number_find_the_household(ledger):
    with ledger.session() as s:
        v = save(s, Village(commune_code=C, name="Xóm Nà Lẹng"), officer="t")
        hh = _household(s, v, "NL-001", "Nông Văn Dũng", "Hoàng Thị Mai")
        _household(s, v, "NL-002", "Lý Văn Páo")
        save(
            s,
            Member(
                commune_code=C, household_id=hh.id, full_name="Bé Na", citizen_id="004090001234"
            ),
            officer="t",
        )
        assert codes(s, text="hoang thi mai") == ["NL-001"]  # not the head
        assert codes(s, text="NONG VAN DUNG") == ["NL-001"]
        assert codes(s, text="nl-002") == ["NL-002"]
        assert codes(s, text="00409000") == ["NL-001"]
        assert codes(s, text="van") == ["NL-001", "NL-002"]


def test_the_index_follows_edits_moves_and_deletions(ledger):
    with ledger.session() as s:
        v = save(s, Village(commune_code=C, name="Xóm Nà Lẹng"), officer="t")
        a = _household(s, v, "A", "Nông Văn Dũng")
        b = _household(s, v, "B", "Lý Văn Páo")
        mai = save(s, Member(commune_code=C, household_id=a.id, full_name="Hoàng Mai"), officer="t")
        mai.full_name = "Hoàng Thị Lan"
        save(s, mai, officer="t")
        assert codes(s, text="mai") == [] and codes(s, text="lan") == ["A"]
        mai.household_id = b.id  # she married into household B
        save(s, mai, officer="t")
        assert codes(s, text="lan") == ["B"]
        delete(s, mai, officer="t")
        assert codes(s, text="lan") == []
        b.head_name = "Lý Thị Sinh"
        save(s, b, officer="t")
        assert codes(s, text="sinh") == ["B"]
        delete(s, a, officer="t")
        assert codes(s, text="dung") == []


def test_the_bulk_path_is_indexed_too(ledger):
    with ledger.session() as s:
        v = save(s, Village(commune_code=C, name="Xóm Nà Lẹng"), officer="t")
        hh = new_row(
            Household,
            commune_code=C,
            code="NL-9",
            village_id=v.id,
            head_name="Đàm Văn Xoá",
            search_text=Household.search_key("Đàm Văn Xoá", "NL-9"),
        )
        member = new_row(
            Member,
            commune_code=C,
            household_id=hh["id"],
            full_name="Đàm Thị Hường",
            search_text="dam thi huong",
            citizen_id="004190001111",
        )
        insert_rows(s, [(Household, hh), (Member, member)], officer="t")
        assert codes(s, text="dam thi huong") == ["NL-9"]
        assert codes(s, text="xoa") == ["NL-9"]
        assert codes(s, text="0041900011") == ["NL-9"]


def test_filters_and_sorting(ledger):
    with ledger.session() as s:
        v1 = save(s, Village(commune_code=C, name="Bản Khuổi Ky"), officer="t")
        v2 = save(s, Village(commune_code=C, name="Xóm Nà Lẹng"), officer="t")
        a = _household(s, v2, "A", "Nông Văn Dũng", "Nông Thị Ba", ethnicity="Tày")
        b = _household(s, v1, "B", "Sùng A Pháo", ethnicity="Mông")
        _household(s, v1, "C", "Lý Văn Páo", "Lý Thị Hoa", "Lý Văn Tư", ethnicity="Nùng")
        for hh, year, category in ((a, 2025, "poor"), (a, 2026, "near_poor"), (b, 2026, "poor")):
            save(
                s,
                Classification(
                    commune_code=C,
                    household_id=hh.id,
                    year=year,
                    category=category,
                    standard_id="nd07-2021",
                ),
                officer="t",
            )
        save(
            s,
            Registration(
                commune_code=C, household_id=b.id, registered_on=date(2026, 1, 5), target_year=2027
            ),
            officer="t",
        )
        assert codes(s) == ["B", "C", "A"]  # by village name, then code
        assert codes(s, village_id=v1.id) == ["B", "C"]
        assert codes(s, category="poor") == ["B"]  # A's latest list says near-poor
        assert codes(s, category=UNCLASSIFIED) == ["C"]
        assert codes(s, ethnicity="Tày") == ["A"]
        assert codes(s, registered=True) == ["B"] and codes(s, registered=False) == ["C", "A"]
        assert codes(s, sort=SortKey.members, descending=True) == ["C", "A", "B"]
        assert codes(s, sort=SortKey.head) == ["C", "A", "B"]
        rows = household_rows(s, [a.id])
        assert (rows[a.id].category, rows[a.id].year, rows[a.id].members) == ("near_poor", 2026, 2)
        assert rows[a.id].registered is False and household_rows(s, [b.id])[b.id].registered


def test_the_list_search_keeps_its_order_between_keystrokes_and_rereads_it_after_a_change(
    ledger,
):
    with ledger.session() as s:
        v1 = save(s, Village(commune_code=C, name="Bản Khuổi Ky"), officer="t")
        v2 = save(s, Village(commune_code=C, name="Xóm Nà Lẹng"), officer="t")
        _household(s, v2, "A", "Nông Văn Dũng", "Nông Thị Ba")
        _household(s, v1, "B", "Sùng A Pháo", "Nông Thị Hoa")
        c = _household(s, v1, "C", "Lý Văn Páo")
        save(
            s,
            Member(
                commune_code=C, household_id=c.id, full_name="Lý A Ba", citizen_id="004090001234"
            ),
            officer="t",
        )
    search = HouseholdSearch()
    # Lone words of one or two characters are answered from lists made in advance ("a" is
    # also a word of its own; "0" and "00" start every ID number), the rest by the index.
    typed = ["", "n", "no", "nong", "nong t", "nong thi h", "xyz", "van", "c", "a", "b", "ba"]
    typed += ["0", "00", "004", "z", "ly a", "Nông", "  NO "]
    for f in (
        HouseholdFilter(),
        HouseholdFilter(village_id=v1.id),
        HouseholdFilter(sort=SortKey.head, descending=True),
    ):
        for text in typed:  # the same answers as SQL alone, in the same order
            with ledger.read() as s:
                expected = household_ids(s, f.with_(text=text))
                assert search.ids(s, f.with_(text=text)) == expected  # (first) no table yet
                search.prepare(s)
                assert not search.needs_preparing
                assert search.ids(s, f.with_(text=text)) == expected  # through the index
                search._index.short_done = ""  # as while the short lists are being made
                assert search.ids(s, f.with_(text=text)) == expected
                search._index.short_done = ALPHABET
    with ledger.read() as s:
        search.ids(s, HouseholdFilter())
        search.prepare(s)
    with ledger.session() as s:  # renamed: a new index entry, newer than the table held
        hoa = s.exec(select(Member).where(Member.full_name == "Nông Thị Hoa")).one()
        hoa.full_name = "Nông Thị Huệ"
        save(s, hoa, officer="t")
    with ledger.read() as s:
        assert search.ids(s, HouseholdFilter(text="hue")) == household_ids(
            s, HouseholdFilter(text="hue")
        )
        assert search.ids(s, HouseholdFilter(text="hoa")) == []
        search.prepare(s)
        assert search.ids(s, HouseholdFilter(text="ba")) == household_ids(
            s, HouseholdFilter(text="ba")
        )
    with ledger.session() as s:  # removed: one entry fewer, the lists made before are stale
        ba = s.exec(select(Member).where(Member.full_name == "Nông Thị Ba")).one()
        delete(s, ba, officer="t")
    search.forget()
    with ledger.read() as s:
        assert search.ids(s, HouseholdFilter(text="ba")) == [c.id]  # Lý A Ba only
        search.prepare(s)
        assert search.ids(s, HouseholdFilter(text="ba")) == [c.id]
        assert search.ids(s, HouseholdFilter(text="b")) == household_ids(
            s, HouseholdFilter(text="b")
        )
    with ledger.session() as s:
        d = _household(s, v1, "D", "Nông Văn Đức")
    search.forget()
    with ledger.read() as s:
        assert d.id in search.ids(
            s, HouseholdFilter(sort=SortKey.head, descending=True, text="nong")
        )
        assert d.id in search.ids(s, HouseholdFilter(text="d"))
        search.prepare(s)
        assert d.id in search.ids(s, HouseholdFilter(text="d"))
