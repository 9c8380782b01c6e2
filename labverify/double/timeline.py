"""Worlds that change over time: ``[[timeline]]`` steps, applied up to the world's clock.

A world file may give timed steps, each setting values of the world from a moment on::

    [[timeline]]
    at = "2026-11-20T10:05:00Z"
    set = { "jobs[0].status" = "running" }

    [[timeline]]
    at = "2026-11-20T11:10:00Z"
    set = { "jobs[0].status" = "succeeded", "deployments" = [] }

The world *as of* a clock is the file's world with every step at or before that clock applied,
in time order (steps at one moment in file order), and that clock as its own. Without a clock
given, the world's ``[world] clock`` is the moment. A path names a key of the merged world:
tables by name, arrays by index (``accounts[0].location``); the last key may be new, which
adds it; anything else a path names must exist. The values are then checked like the rest of
the file, and a bad one is reported at the step that set it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from ..errors import LocatedError
from ..schema import Key, Validator, req
from ..tomlfile import Locator

STEP = {"at": req("time"), "set": req("map", min_items=1)}
_SEGMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)((?:\[\d+\])*)")


def steps(merged: dict[str, Any], locator: Locator) -> list[dict[str, Any]]:
    """The timeline's steps, checked, in the order they apply."""
    raw = merged.get("timeline", [])
    checked = Validator(locator).value(raw, Key("tables", spec=STEP), ["timeline"])
    for number, step in enumerate(checked):
        step["number"] = number
    return sorted(checked, key=lambda step: step["at"])


def world_clock(merged: dict[str, Any], locator: Locator) -> datetime:
    return Validator(locator).value(merged.get("world", {}).get("clock"), req("time"),
                                    ["world", "clock"])


def as_of(merged: dict[str, Any], locator: Locator, at: datetime | None,
          check: Callable[[dict[str, Any]], Any]) -> tuple[dict[str, Any], Any]:
    """``merged`` with the steps due by ``at`` (else by its own clock) applied, and what
    ``check`` (the world's validation) makes of it; a value a step set that ``check`` refuses
    is reported at that step."""
    due = [step for step in steps(merged, locator)
           if step["at"] <= (at if at is not None else world_clock(merged, locator))]
    clock = at if at is not None else world_clock(merged, locator)
    world = _applied(merged, locator, due, clock)
    try:
        return world, check(world)
    except LocatedError as problem:
        if not due:
            raise
        # Find the step after which the world no longer holds, and say so there.
        for count in range(1, len(due) + 1):
            try:
                check(_applied(merged, locator, due[:count], clock))
            except LocatedError:
                step = due[count - 1]
                raise locator.error(["timeline", step["number"], "set"],
                                    f"the world it sets is not valid: {problem}") from None
        raise


def _applied(merged: dict[str, Any], locator: Locator, due: list[dict[str, Any]],
             clock: datetime) -> dict[str, Any]:
    world = _copy({key: value for key, value in merged.items() if key != "timeline"})
    for step in due:
        for path, value in step["set"].items():
            where = ["timeline", step["number"], "set", path]
            _set(world, path, _copy(value), lambda message, where=where: locator.error(
                where, message))
    world.setdefault("world", {})["clock"] = clock
    return world


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def parse_path(path: str) -> list[str | int]:
    """``jobs[0].status`` as ``["jobs", 0, "status"]``; ValueError for anything else."""
    segments: list[str | int] = []
    for part in path.split("."):
        match = _SEGMENT.fullmatch(part)
        if match is None:
            raise ValueError(f"{path!r} is not a path like jobs[0].status")
        segments.append(match.group(1))
        segments += [int(n) for n in re.findall(r"\d+", match.group(2))]
    return segments


def _set(world: dict[str, Any], path: str, value: Any, fail: Any) -> None:
    try:
        segments = parse_path(path)
    except ValueError as exc:
        raise fail(str(exc)) from None
    node: Any = world
    for depth, segment in enumerate(segments[:-1]):
        name = ".".join(str(s) for s in segments[:depth + 1])
        if isinstance(segment, int):
            if not isinstance(node, list) or segment >= len(node):
                raise fail(f"{name}: the world has no such entry")
            node = node[segment]
        else:
            if not isinstance(node, dict) or segment not in node:
                raise fail(f"{name}: the world has no such key")
            node = node[segment]
    last = segments[-1]
    if isinstance(last, int):
        if not isinstance(node, list) or last >= len(node):
            raise fail("the world has no such entry")
        node[last] = value
    elif isinstance(node, dict):
        node[last] = value
    else:
        raise fail("names a value inside something that is not a table")
