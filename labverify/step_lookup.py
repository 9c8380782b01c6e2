"""Matching each step against an index of step definitions made once per run.

pytest-bdd 9 finds the definitions that can parse a step by asking pytest, for every
registered fixture name, which definitions the scenario can see, and does it twice per step:
pytest has no API that lists step definitions alone. With the lab's sixty-odd fixture names
that lookup was most of a replay's time. Step definitions are fixtures of modules, classes,
directories and plugins, never of a test function, so scenarios with the same parent see the
same ones. This plugin lists them once per parent, in the order pytest-bdd visits them, and
matches each step against that list; the answer is the same list of definitions pytest-bdd
would find (``tests/test_step_lookup.py`` compares both on every step of the lab).

The index starts empty when collection is over (every definition is registered by then) and
is dropped whenever a plugin registers later. Outside a run that loads this plugin, pytest-bdd's
own lookup runs unchanged.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any

import pytest
from pytest_bdd.compat import get_fixture_names, getfixturedefs
from pytest_bdd.steps import step_function_context_registry

INDEX_KEY = pytest.StashKey[dict]()

# The package re-exports a function named ``scenario``, which hides the module as an attribute.
_scenario_module = importlib.import_module("pytest_bdd.scenario")
ORIGINAL = getattr(_scenario_module, "find_fixturedefs_for_step", None)


def visible_step_definitions(fixturemanager: Any, node: pytest.Item) -> list[tuple[Any, Any]]:
    """(fixturedef, step context) of every step definition ``node`` can see, in pytest-bdd's order."""
    found = []
    for name in get_fixture_names(fixturemanager=fixturemanager):
        for fixturedef in getfixturedefs(fixturemanager, name, node) or []:
            context = step_function_context_registry.get(fixturedef.func)
            if context is not None:
                found.append((fixturedef, context))
    return found


def find_fixturedefs_for_step(step: Any, fixturemanager: Any, node: pytest.Item) -> Iterator[Any]:
    index = fixturemanager.config.stash.get(INDEX_KEY, None)
    if index is None:  # a run without this plugin: pytest-bdd's own lookup
        yield from ORIGINAL(step=step, fixturemanager=fixturemanager, node=node)  # type: ignore[misc]
        return
    parent = node.parent if node.parent is not None else node
    definitions = index.get(parent)
    if definitions is None:
        definitions = index[parent] = visible_step_definitions(fixturemanager, node)
    for fixturedef, context in definitions:
        if context.type is not None and context.type != step.type:
            continue
        if context.parser.is_matching(step.name):
            yield fixturedef


# Patched once per process; the function falls back to the original for any run without an index.
if ORIGINAL is not None and getattr(ORIGINAL, "__module__", "") != __name__:
    _scenario_module.find_fixturedefs_for_step = find_fixturedefs_for_step


def scenario_title(function: Any) -> str | None:
    """The scenario title of a test function pytest-bdd made, as the feature file writes it.

    pytest-bdd keeps the template of each scenario function it makes; its ``__doc__`` joins the
    feature and scenario names with ": ", which a title holding ": " would make ambiguous.
    """
    from pytest_bdd.scenario import scenario_wrapper_template_registry

    template = scenario_wrapper_template_registry.get(function)
    return getattr(template, "name", None)


def pytest_collection_finish(session: pytest.Session) -> None:
    session.config.stash[INDEX_KEY] = {}


def pytest_plugin_registered(plugin: object, manager: pytest.PytestPluginManager) -> None:
    # A plugin registered mid-run may bring step definitions of its own.
    for config in _configs_of(manager):
        if INDEX_KEY in config.stash:
            config.stash[INDEX_KEY] = {}


def pytest_unconfigure(config: pytest.Config) -> None:
    if INDEX_KEY in config.stash:
        del config.stash[INDEX_KEY]


def _configs_of(manager: pytest.PytestPluginManager) -> list[pytest.Config]:
    config = manager.get_plugin("pytestconfig")
    return [config] if isinstance(config, pytest.Config) else []
