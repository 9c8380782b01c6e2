"""Binds every English feature of the lab to the step definitions (test_lab_zh_tw.py: zh-TW)."""

from pytest_bdd import scenarios

from labverify.paths import FEATURES_DIR

scenarios(*sorted(str(p) for p in FEATURES_DIR.glob("*.feature")))
