"""pytest-bdd's plugin as a grading uses it: its hooks, its fixture and its settings.

``pytest_bdd.plugin`` imports its code generator, cucumber JSON writer and gherkin terminal
reporter at once; the generator alone brings mako and pygments' lexers for
``--generate-missing`` (0.04 s of every grading), and none of the three is used by a grading,
which reads verdicts from its own collector. A grading runs with plugin autoload off and loads
this module in pytest-bdd's place; a lab author's own pytest run loads pytest-bdd's plugin by its
entry point as usual. ``tests/test_bdd_plugin.py`` holds this module to pytest-bdd's: each of its
hooks and fixtures is here or named there as left out, and a grading grades the same with either.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pytest_bdd import hooks
from pytest_bdd.utils import CONFIG_STACK


def pytest_addhooks(pluginmanager: pytest.PytestPluginManager) -> None:
    pluginmanager.add_hookspecs(hooks)


@pytest.fixture
def _pytest_bdd_example() -> dict:
    """A scenario outline's example row; pytest-bdd parametrizes it, a plain scenario has none."""
    return {}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini("bdd_features_base_dir", "Base features directory.")


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    # pytest-bdd's scenarios() finds the running configuration on this stack.
    CONFIG_STACK.append(config)


def pytest_unconfigure(config: pytest.Config) -> None:
    if CONFIG_STACK:
        CONFIG_STACK.pop()


def pytest_bdd_apply_tag(tag: str, function: Callable[..., Any]) -> Callable[..., Any]:
    # A feature's tag as a pytest marker (``@task6`` marks its scenarios ``task6``).
    return getattr(pytest.mark, tag)(function)
