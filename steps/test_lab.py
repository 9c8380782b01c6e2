"""Binds every feature of the lab to the step definitions."""

from pytest_bdd import scenarios

from labverify.paths import FEATURES_DIR

scenarios(str(FEATURES_DIR))
