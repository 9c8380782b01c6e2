"""Data-plane listings end: pages are followed only while one says has_more, and never for ever."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from labverify.azure import paging
from labverify.azure.paging import every_item
from labverify.verdicts import CouldNotVerify


@dataclass
class Item:
    id: str


@dataclass
class Page:
    data: list[Item]
    has_more: bool | None
    following: list[Page] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)

    def get_next_page(self) -> Page:
        self.asked.append(self.data[-1].id)
        nxt = self.following.pop(0)
        nxt.following, nxt.asked = self.following, self.asked
        return nxt


def test_a_page_without_has_more_is_the_last() -> None:
    page = Page([Item("a"), Item("b")], None, following=[Page([Item("a")], None)])
    assert [i.id for i in every_item(page, "files")] == ["a", "b"]
    assert page.asked == []


def test_pages_are_followed_while_has_more_is_true() -> None:
    page = Page([Item("a")], True, following=[Page([Item("b")], True), Page([Item("c")], False)])
    assert [i.id for i in every_item(page, "jobs")] == ["a", "b", "c"]
    assert page.asked == ["a", "b"]


def test_a_server_that_repeats_its_page_is_could_not_verify() -> None:
    same = [Page([Item("a")], True) for _ in range(5)]
    page = Page([Item("a")], True, following=same)
    with pytest.raises(CouldNotVerify, match="listing of jobs did not end"):
        every_item(page, "jobs")
    assert page.asked == ["a"]


def test_a_listing_that_goes_on_past_the_page_limit_is_could_not_verify(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paging, "MAX_PAGES", 4)
    pages: list[Any] = [Page([Item(f"i{n}")], True) for n in range(1, 10)]
    page = Page([Item("i0")], True, following=pages)
    with pytest.raises(CouldNotVerify, match="page 4"):
        every_item(page, "jobs")
    assert len(page.asked) == 3


class EndlessArmListing:
    def by_page(self) -> Any:
        number = 0
        while True:
            number += 1
            yield iter([f"item{number}"])


class ArmListing:
    def __init__(self, pages: list[list[str]]) -> None:
        self.pages = pages

    def by_page(self) -> Any:
        return (iter(page) for page in self.pages)


def test_an_arm_listing_gives_every_page_s_items() -> None:
    listing = ArmListing([["a", "b"], [], ["c"]])
    assert paging.every_arm_item(listing, "accounts") == ["a", "b", "c"]


def test_an_arm_listing_that_never_ends_is_could_not_verify(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paging, "MAX_PAGES", 5)
    with pytest.raises(CouldNotVerify, match="listing of deployments did not end after 5 pages"):
        paging.every_arm_item(EndlessArmListing(), "deployments")
