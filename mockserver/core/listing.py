"""AA's list request read once (filter, sort, page) and applied to rows: the one place that knows
what an absent or null part means, what `length: 0` means and how long a page may be.

https://docs.automationanywhere.com/bundle/enterprise-v2019/page/enterprise-cloud/topics/control-room/control-room-api/cloud-api-filter-request.html
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from mockserver.core.errors import bad_request
from mockserver.core.filters import Predicate, Row, SortKey, compile_filter, compile_sort, sort_rows

# A page's length when the request gives none, null or 0 (the docs' skeleton sends
# `{"offset": 0, "length": 0}` for "the default page"); public clients page by 100 "same as the
# default for Control Room".
DEFAULT_PAGE_LENGTH = 100
# "By default, search results are sorted in descending order with respect to their IDs" (the Sort
# schema of AA's repository, device and pool swaggers).
BY_ID_DESCENDING = (SortKey("id", descending=True),)

T = TypeVar("T")


@dataclass(frozen=True)
class ListPage(Generic[T]):
    """One page of a list: `total` counts every item, `total_filter` what the filter kept."""

    items: list[T]
    offset: int
    total: int
    total_filter: int


@dataclass(frozen=True)
class ListQuery:
    """A checked list request."""

    fields: Mapping[str, type]
    matches: Predicate
    order: tuple[SortKey, ...]
    offset: int
    length: int

    def page(self, entries: Sequence[tuple[Row, T]]) -> ListPage[T]:
        """Filter, then sort, then cut the page; each entry is (its row of fields, the item)."""
        by_row = {id(row): item for row, item in entries}
        kept = sort_rows([row for row, _ in entries if self.matches(row)], self.order, self.fields)
        chosen = kept[self.offset : self.offset + self.length]
        return ListPage([by_row[id(row)] for row in chosen], self.offset, len(entries), len(kept))


def read_list_request(
    body: Any,
    fields: Mapping[str, type],
    *,
    length_cap: int | None,
    default_order: Sequence[SortKey] = BY_ID_DESCENDING,
) -> ListQuery:
    """Check `{filter, sort, page}` (every part optional, null or empty meaning "none") against
    the fields a list knows; a problem is a 400 naming where it is."""
    body = body if isinstance(body, Mapping) else {}
    offset, length = _page(body.get("page"), length_cap)
    order = tuple(compile_sort(body.get("sort"), fields)) or tuple(default_order)
    return ListQuery(fields, compile_filter(body.get("filter"), fields), order, offset, length)


def _page(raw: Any, length_cap: int | None) -> tuple[int, int]:
    if raw is None:
        return 0, DEFAULT_PAGE_LENGTH
    if not isinstance(raw, Mapping):
        raise bad_request("page: must be an object {offset, length}", details="page")
    offset = _count(raw.get("offset"), "page.offset", default=0)
    length = _count(raw.get("length"), "page.length", default=0) or DEFAULT_PAGE_LENGTH
    if length_cap is not None and length > length_cap:
        raise bad_request(
            f"page.length: {length} is greater than the maximum of {length_cap}",
            details="page.length",
        )
    return offset, length


def _count(raw: Any, where: str, *, default: int) -> int:
    """A non-negative whole number (JSON Schema's integer also admits 5.0)."""
    if raw is None:
        return default
    whole = isinstance(raw, int) or (isinstance(raw, float) and raw.is_integer())
    if isinstance(raw, bool) or not whole or raw < 0:
        raise bad_request(f"{where}: {raw!r} is not a whole number of 0 or more", details=where)
    return int(raw)
