"""The entry-point plugin registers labverify's modules itself, in order, honouring ``-p no:``."""

from __future__ import annotations

import pytest

from labverify.paths import FIXTURES_PACKAGE, STEPS_PACKAGE
from labverify.plugin import plugin_modules

CONFTEST = '''
import json

def pytest_configure(config):
    names = [name for name, plugin in config.pluginmanager.list_name_plugin() if plugin]
    with open("registered.json", "w", encoding="utf-8") as out:
        json.dump(names, out)
'''


def _registered(pytester: pytest.Pytester, *args: str) -> list[str]:
    import json

    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_nothing="def test_nothing():\n    pass\n")
    result = pytester.runpytest_inprocess(*args)  # the plugin loads by its entry point
    assert result.ret == 0, result.stdout.str()
    return json.loads((pytester.path / "registered.json").read_text(encoding="utf-8"))


def test_every_module_is_registered_once_in_the_plugins_order(pytester: pytest.Pytester) -> None:
    names = _registered(pytester)
    mine = [name for name in names if name in plugin_modules()]
    assert mine == plugin_modules()
    assert f"{STEPS_PACKAGE}.task6_dataset" in mine and f"{FIXTURES_PACKAGE}.lab" in mine


def test_a_module_blocked_on_the_command_line_stays_out(pytester: pytest.Pytester) -> None:
    names = _registered(pytester, "-p", f"no:{STEPS_PACKAGE}.task10_cleanup")
    assert f"{STEPS_PACKAGE}.task10_cleanup" not in names
    assert f"{STEPS_PACKAGE}.task9_chat" in names
