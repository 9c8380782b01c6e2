"""Binds every zh-TW feature of the lab (``--lang zh-TW``) to the same step definitions."""

from pytest_bdd import scenarios

from labverify.paths import FEATURES_ZH_DIR

scenarios(*sorted(str(p) for p in FEATURES_ZH_DIR.glob("*.feature")))
