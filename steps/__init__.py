"""Step definitions: each reads like its feature line and delegates to labverify.checks.

Every definition carries its English and its zh-TW text, two decorators on one function, so a
scenario runs the same code whichever language's feature file it comes from.
"""
