"""Reading a whole Azure listing, and never for ever.

The openai SDK's own iteration asks again with ``after=<last id>`` whenever a page is not
empty and says nothing of ``has_more``. Azure's files listing (2024-10-21) takes no cursor and
never says it, so against Azure that iteration would ask for the same page for ever. ARM's
nextLink paging is followed by azure-core; it is capped all the same.
"""

from __future__ import annotations

from typing import Any

from ..catalogue import hint, message
from ..verdicts import CouldNotVerify

# More pages than any lab account holds; a listing that goes on is not trusted.
MAX_PAGES = 100


def _did_not_end(key: str, what: str, **values: object) -> CouldNotVerify:
    return CouldNotVerify(message(key, what=what, **values),
                          hint=hint("error.transient"), evidence={"read": str(what)})


def every_item(page: Any, what: str) -> list[Any]:
    """Every item of a data-plane listing, following pages only while one says ``has_more``."""
    items = list(page.data)
    cursors: set[str] = set()
    while getattr(page, "has_more", None) is True and page.data:
        cursor = getattr(page.data[-1], "id", None)
        if cursor is None or cursor in cursors or len(cursors) + 1 >= MAX_PAGES:
            raise _did_not_end("azure.listing_repeats", what, page=len(cursors) + 1,
                               cursor=repr(cursor))
        cursors.add(cursor)
        page = page.get_next_page()
        items.extend(page.data)
    return items


def every_arm_item(paged: Any, what: str) -> list[Any]:
    """Every item of an ARM listing; its nextLink pages are followed, up to ``MAX_PAGES``."""
    items: list[Any] = []
    for number, page in enumerate(paged.by_page(), start=1):
        if number > MAX_PAGES:
            raise _did_not_end("azure.listing_endless", what, pages=MAX_PAGES)
        items.extend(page)
    return items
