"""pytest-bdd's plugin as a grading uses it: all of it but the step code generator.

``pytest_bdd.plugin`` imports its code generator for ``--generate-missing``, and with it mako
and pygments' lexers (0.04 s of every grading); a grading never generates code. A grading runs
with plugin autoload off and loads this module in pytest-bdd's place: the same hooks, fixture,
settings, cucumber JSON report (class gradings write it) and gherkin reporter, by pytest-bdd's
own functions. A lab author's own pytest run loads pytest-bdd's plugin by its entry point as
usual. ``tests/test_bdd_plugin.py`` holds this module to pytest-bdd's: each of its hooks and
fixtures is here or named there as left out, and a grading grades the same with either.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Any

import pytest
from pytest_bdd import cucumber_json, gherkin_terminal_reporter, hooks, reporting
from pytest_bdd.utils import CONFIG_STACK


def pytest_addhooks(pluginmanager: pytest.PytestPluginManager) -> None:
    pluginmanager.add_hookspecs(hooks)


@pytest.fixture
def _pytest_bdd_example() -> dict:
    """A scenario outline's example row; pytest-bdd parametrizes it, a plain scenario has none."""
    return {}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini("bdd_features_base_dir", "Base features directory.")
    cucumber_json.add_options(parser)
    gherkin_terminal_reporter.add_options(parser)


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    # pytest-bdd's scenarios() finds the running configuration on this stack.
    CONFIG_STACK.append(config)
    cucumber_json.configure(config)
    gherkin_terminal_reporter.configure(config)


def pytest_unconfigure(config: pytest.Config) -> None:
    if CONFIG_STACK:
        CONFIG_STACK.pop()
    cucumber_json.unconfigure(config)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Generator[None]:
    outcome = yield
    reporting.runtest_makereport(item, call, outcome.get_result())


@pytest.hookimpl(tryfirst=True)
def pytest_bdd_before_scenario(request: Any, feature: Any, scenario: Any) -> None:
    reporting.before_scenario(request, feature, scenario)


@pytest.hookimpl(tryfirst=True)
def pytest_bdd_step_error(request: Any, feature: Any, scenario: Any, step: Any,
                          step_func: Callable[..., object], step_func_args: dict[str, object],
                          exception: Exception) -> None:
    reporting.step_error(request, feature, scenario, step, step_func, step_func_args, exception)


@pytest.hookimpl(tryfirst=True)
def pytest_bdd_before_step(request: Any, feature: Any, scenario: Any, step: Any,
                           step_func: Callable[..., object]) -> None:
    reporting.before_step(request, feature, scenario, step, step_func)


@pytest.hookimpl(tryfirst=True)
def pytest_bdd_after_step(request: Any, feature: Any, scenario: Any, step: Any,
                          step_func: Callable[..., object],
                          step_func_args: dict[str, object]) -> None:
    reporting.after_step(request, feature, scenario, step, step_func, step_func_args)


def pytest_bdd_apply_tag(tag: str, function: Callable[..., Any]) -> Callable[..., Any]:
    # A feature's tag as a pytest marker (``@task6`` marks its scenarios ``task6``).
    return getattr(pytest.mark, tag)(function)
