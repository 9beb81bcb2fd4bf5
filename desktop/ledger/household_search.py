"""The search behind the household list, fast while the officer types (no Qt, no records).

The full-text index (`household_fts`, see migrations 0004 and 0007) has one entry per household
(head's name and code) and one per member (name and ID number); its rowid is the entry's
`household_search_key` id. Asking it is fast; what is slow at 50,000 households is everything
after: turning 30,000-200,000 entries into households and sorting them. So:

- the ordered ids of what the other filters keep are read once per filter and sort (Anki's
  browser keeps the ids of its search the same way), and re-read after `forget()`;
- an `_Index`, made off the UI thread (`prepare()`, under a second at 50,000 households), numbers
  every household and maps each index entry to its household's number; with it a keystroke asks
  the index for entries only (as one hex string: SQLite builds it, Python never touches a row)
  and keeps the households they name, in order;
- the broadest searches, a lone word of one or two characters ("h", "0", "00": every ID number
  starts with 0), are answered by the index from lists it made in advance, one per such word:
  no entry is read at all on those keystrokes.

Until the index is made, or once the index returns an entry newer than itself, the index is
joined to the households in SQL instead: slower on broad searches, the same answer.
"""

from __future__ import annotations

import string
import sys
from array import array
from bisect import bisect_left
from dataclasses import dataclass
from itertools import islice
from sqlite3 import Connection

from sqlmodel import Session

from desktop.ledger.household_list import (
    HouseholdFilter,
    _scalars,
    fts_household_ids,
    household_ids,
    match_expression,
)
from desktop.ledger.rules.text import fold

# fold() leaves only these in a search: the words the index can hold start with them.
ALPHABET = string.ascii_lowercase + string.digits
SHORT = 2  # a lone word this short is answered from the lists made in advance
ENTRIES = "SELECT id, household_id FROM household_search_key"
SIGNATURE = "SELECT max(id), count(*) FROM household_search_key"
# Every matching entry as one string of 8 hex digits each: SQLite walks the rows, not Python.
MATCH_HEX = (
    "SELECT group_concat(printf('%08x', rowid), '') FROM household_fts WHERE household_fts MATCH ?"
)


def _entries(driver: Connection, match: str) -> array[int]:
    """The index entries (FTS rowids) matching `match`."""
    (hex_ids,) = driver.execute(MATCH_HEX, (match,)).fetchone()
    found = array("I")
    if hex_ids:
        found.frombytes(bytes.fromhex(hex_ids))
        if sys.byteorder == "little":
            found.byteswap()
    return found


@dataclass
class _Index:
    """The search entries as they were when read: who each one names, and the broad answers."""

    signature: tuple[int, int]  # (last entry, entries): any entry added or removed changes it
    households: list[str]  # number -> household id
    number: dict[str, int]  # household id -> number
    entry: array[int]  # index entry (FTS rowid) -> household number, -1 for none
    short: dict[str, array[int]]  # a lone word of up to SHORT characters -> household numbers
    short_done: str = ""  # the first letters whose lists are all made

    def short_list(self, word: str) -> array[int] | None:
        """The households for a lone short word, or None while its lists are being made."""
        if word[0] not in self.short_done:
            return None
        return self.short.get(word, array("i"))

    def numbers(self, found: array[int]) -> set[int] | None:
        """The households these entries name; None for an entry newer than the index."""
        if found and max(found) >= len(self.entry):
            return None
        numbers = set(map(self.entry.__getitem__, found))
        numbers.discard(-1)
        return numbers


def _read_index(driver: Connection) -> _Index:
    (last, count) = driver.execute(SIGNATURE).fetchone()
    households: list[str] = []
    number: dict[str, int] = {}
    entry = array("i", [-1]) * (int(last or 0) + 1)
    for key, household in driver.execute(ENTRIES):  # streamed: 250,000 at 50,000 households
        n = number.get(household)
        if n is None:
            n = number[household] = len(households)
            households.append(household)
        entry[key] = n
    return _Index((int(last or 0), int(count)), households, number, entry, {})


def _make_short_lists(driver: Connection, index: _Index) -> None:
    """Each two-character word start once (the index has a list for each: one read each), and
    a letter as the union of its two-character starts and the letter as a word of its own.
    Added to `index.short` as they are made (a search meanwhile asks the index itself), and
    made arrays at once: sets of 50,000 numbers are large, arrays are not."""
    for first in ALPHABET:
        letter = index.numbers(_entries(driver, f'"{first}"')) or set()
        for second in ALPHABET:
            numbers = index.numbers(_entries(driver, f'"{first}{second}"*')) or set()
            if numbers:
                index.short[first + second] = array("i", sorted(numbers))
                letter |= numbers
        if letter:
            index.short[first] = array("i", sorted(letter))
        index.short_done += first


@dataclass
class _Kept:
    """The ordered ids of one set of filters and, with the index, each household's place."""

    base: HouseholdFilter
    order: list[str]
    index: _Index | None = None  # the index `places` was made for
    places: array[int] | None = None  # household number -> place in `order`, or -1


class HouseholdSearch:
    """See the module's text. `ids()` runs one at a time; `prepare()` may run beside it."""

    def __init__(self) -> None:
        self._kept: _Kept | None = None
        self._index: _Index | None = None
        self._stale = False
        self._generation = 0  # of forget(): an index read before the last one is not kept

    def forget(self) -> None:
        """The ledger changed: read the order again on the next search, and the index too if
        its entries changed (safe to call while a search runs on another thread)."""
        self._stale = True
        self._generation += 1

    @property
    def needs_preparing(self) -> bool:
        return self._index is None

    def prepare(self, session: Session) -> None:
        """Read the index, if there is none, then make its short lists (about a second in all
        at 50,000 households: run it while the officer is not typing)."""
        if self._index is not None:
            return
        generation = self._generation
        driver = _driver(session)
        index = _read_index(driver)
        if generation != self._generation:  # the ledger changed while it was read
            return
        self._index = index  # searches use it at once, and the short lists as they come
        _make_short_lists(driver, index)

    def ids(self, session: Session, f: HouseholdFilter) -> list[str]:
        base = f.with_(text="")
        kept = self._kept
        if self._stale or kept is None or kept.base != base:
            if self._stale and self._index is not None:
                signature = _driver(session).execute(SIGNATURE).fetchone()
                if (int(signature[0] or 0), int(signature[1])) != self._index.signature:
                    self._index = None
            self._stale = False
            kept = self._kept = _Kept(base, household_ids(session, base))
        words = fold(f.text).split()
        if not words:
            return list(kept.order)
        index = self._index
        if index is not None:
            if kept.index is not index:
                kept.places = _places(index, kept.order)
                kept.index = index
            assert kept.places is not None
            numbers: set[int] | array[int] | None = None
            if len(words) == 1 and len(words[0]) <= SHORT:
                numbers = index.short_list(words[0])
            if numbers is None:
                match = match_expression(f.text)
                assert match is not None
                numbers = index.numbers(_entries(_driver(session), match))
            if numbers is not None:
                # Households the filters do not keep have place -1: sorted first, cut off.
                places = sorted(map(kept.places.__getitem__, numbers))
                start = bisect_left(places, 0)
                return list(map(kept.order.__getitem__, islice(places, start, None)))
            self._index = None  # an entry made since the index was read: read it again
        match = match_expression(f.text)
        assert match is not None
        matched = set(_scalars(session, fts_household_ids(match)))
        return [i for i in kept.order if i in matched]


def _places(index: _Index, order: list[str]) -> array[int]:
    places = array("i", [-1]) * len(index.households)
    number = index.number
    for place, household in enumerate(order):
        n = number.get(household)
        if n is not None:  # a household with no entry yet: newer than the index
            places[n] = place
    return places


def _driver(session: Session) -> Connection:
    # The driver's own cursor: SQLAlchemy's row handling costs more than these queries.
    driver = session.connection().connection.driver_connection
    assert driver is not None
    return driver
