"""The verifier's own tests run small suites in-process; labverify itself loads by entry point."""

pytest_plugins = ["pytester"]
