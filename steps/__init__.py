"""Step definitions: each reads like its feature line and delegates to labverify.checks."""
