"""Newer/older pagination that never counts the archive.

`Paginator` runs COUNT(*) over the whole list on every page; a news archive only needs to know
whether there is a next page, so we fetch one row more than we show.
"""

from dataclasses import dataclass

from django.http import Http404

# No archive has this many pages; a larger number would overflow the database's OFFSET.
LAST_POSSIBLE_PAGE = 1_000_000


@dataclass
class Page:
    items: list
    number: int
    has_next: bool

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def next_number(self):
        return self.number + 1

    @property
    def previous_number(self):
        return self.number - 1


def page_of(queryset, page_param, per_page):
    """The requested page of `queryset`; a page that is not a number or is past the end is a 404."""
    try:
        number = int(page_param or 1)
    except (TypeError, ValueError):
        raise Http404("No such page") from None
    if not 1 <= number <= LAST_POSSIBLE_PAGE:
        raise Http404("No such page")
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    if number > 1 and not rows:
        raise Http404("No such page")
    return Page(items=rows[:per_page], number=number, has_next=len(rows) > per_page)
