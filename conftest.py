"""The verifier's own tests run small suites in-process; labverify itself loads by entry point."""

import os

pytest_plugins = ["pytester"]

# The project's own tests read the same whatever the developer's locale; the tests of the
# language choice give their own environment.
os.environ["LABVERIFY_LANG"] = "en"
