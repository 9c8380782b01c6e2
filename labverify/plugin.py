"""labverify's pytest plugin, loaded by its ``pytest11`` entry point.

It brings labverify's hooks, its fixtures and the lab's step definitions into any pytest run in
an environment where labverify is installed, so ``pytest --lab-mode replay --lab-session DIR``
grades a session from a lab author's own project. It stays inert in a run that does not grade
the lab (no ``--lab-*`` option, no ``lab = true`` setting): nothing is blocked, read or added.
"""

from __future__ import annotations

from .paths import FIXTURES_PACKAGE, step_modules

pytest_plugins = [
    "labverify.secrets_guard",
    "labverify.step_lookup",  # before the plugin, which imports it
    "labverify.pytest_plugin",
    f"{FIXTURES_PACKAGE}.lab",
    *step_modules(),
]
