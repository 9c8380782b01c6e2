"""labverify's pytest plugin, loaded by its ``pytest11`` entry point.

It brings labverify's hooks, its fixtures and the lab's step definitions into any pytest run in
an environment where labverify is installed, so ``pytest --lab-mode replay --lab-session DIR``
grades a session from a lab author's own project. It stays inert in a run that does not grade
the lab (no ``--lab-*`` option, no ``lab = true`` setting): nothing is blocked, read or added.
"""

from __future__ import annotations

import importlib
from typing import Any

from .paths import FIXTURES_PACKAGE, step_modules


def plugin_modules() -> list[str]:
    """The modules this plugin brings, in the order they register (pluggy calls later first)."""
    return ["labverify.secrets_guard",
            "labverify.step_lookup",  # before the plugin, which imports it
            "labverify.pytest_plugin",
            f"{FIXTURES_PACKAGE}.lab",
            *step_modules()]


def pytest_addhooks(pluginmanager: Any) -> None:
    # Registered as modules rather than named in ``pytest_plugins``: pytest looks each such name
    # up among every installed distribution's entry points first, a scan of all their metadata
    # per name (16 scans, 0.04 s of every grading). A name blocked with ``-p no:NAME`` is neither
    # imported nor registered, as from ``pytest_plugins``. The step modules judge with verdicts,
    # not asserts: none needs pytest's assertion rewriting.
    for name in plugin_modules():
        if not pluginmanager.is_blocked(name) and pluginmanager.get_plugin(name) is None:
            pluginmanager.register(importlib.import_module(name), name)
