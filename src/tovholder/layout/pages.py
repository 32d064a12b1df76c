"""Pages of long lists without counting every row (issue 15).

Django's `Paginator` runs `COUNT(*)` over the whole list on every page; on a list that grows with the
municipality (the citizen list, name search, journal search, a worker's caseload) that count costs more than the
page. `page_of` reads the page with LIMIT page size + 1: "Næste side" exists iff the extra row came back. Where
the list says how many it holds, it counts at most `cap` + 1 rows (`count_up_to`), and the template says
"over 1.000" past the cap. A page number from the address is read leniently ("abc", "-1", a number too long for
the database: the first or the last page allowed); a page past the end shows no rows and `beyond` is true, for the
template to say so in Danish. Lists bounded per citizen (one citizen's notes, their access log, the portal's log)
keep Django's paginator and exact counts.

Templates: `{% include "layout/pager.html" with page=page label="Sider med …" params="q=…" %}`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet

COUNT_CAP = 1000
MAX_PAGE = 10_000  # far past any list a person pages through; keeps OFFSET within bounds


def page_number(raw: int | str | None) -> int:
    """The page asked for: 1 for anything that is not a positive whole number, at most MAX_PAGE."""
    if isinstance(raw, int):
        number = raw
    else:
        text = (raw or "").strip()
        if not text.isascii() or not text.isdigit():
            return 1
        number = int(text[:6]) if len(text) <= 6 else MAX_PAGE
    return min(max(number, 1), MAX_PAGE)


@dataclass
class ListPage:
    """One page of a long list; the parts of Django's `Page` the templates use, and what a count-free page knows."""

    object_list: list
    number: int
    per_page: int
    more: bool  # a row came back past this page
    count: int | None = None  # how many the list holds, exact up to `cap`; None when not counted
    cap: int = COUNT_CAP

    def has_next(self) -> bool:
        return self.more

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def beyond(self) -> bool:
        """A page past the end was asked for (nothing to show, but the list is not empty)."""
        return self.number > 1 and not self.object_list

    @property
    def capped(self) -> bool:
        return self.count is not None and self.count > self.cap

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.object_list else 0

    @property
    def end_index(self) -> int:
        return (self.number - 1) * self.per_page + len(self.object_list)


def count_up_to(qs: QuerySet, cap: int | None = None) -> int:
    """How many rows `qs` holds, counting at most cap + 1 (SELECT COUNT(*) FROM (… LIMIT cap + 1))."""
    cap = COUNT_CAP if cap is None else cap
    return qs.order_by().values("pk")[: cap + 1].count()


def page_of(qs: QuerySet | Callable[[int, int], list], raw_number: int | str | None, per_page: int, *,
            count: bool = False, counted: QuerySet | None = None, cap: int | None = None) -> ListPage:
    """The page `raw_number` of the ordered `qs` (or of `fetch(offset, limit)`), read with LIMIT per_page + 1.
    With `count` it also counts the list up to `cap` (`counted`, if given, is what to count: the same rows
    without the joins the page needs) – but asks nothing more when the rows read already tell the whole list
    (a first page without a next row)."""
    cap = COUNT_CAP if cap is None else cap
    number = page_number(raw_number)
    offset = (number - 1) * per_page
    rows: list = list(qs(offset, per_page + 1) if callable(qs) else qs[offset:offset + per_page + 1])
    more = len(rows) > per_page
    rows = rows[:per_page]
    total = None
    if count:
        if not more and (rows or number == 1):
            total = offset + len(rows)
        else:
            source = counted if counted is not None else qs
            assert isinstance(source, QuerySet), "a fetched list is counted through `counted`"
            total = count_up_to(source, cap)
    return ListPage(rows, number, per_page, more, total, cap)

