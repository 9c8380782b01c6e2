"""Where labverify's content is: the lab's features, steps, fixtures, hints and sessions.

The one place that knows. In a checkout they are the repository's top-level folders beside the
package; an installed wheel carries them inside the package (``labverify/content``). Nothing
else in labverify builds a content path by hand, and nothing depends on the current directory.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
LABS_DIR = PACKAGE_DIR / "labs"
DEFAULT_CONFIG = LABS_DIR / "azure-openai-finetune.toml"


def _content_root() -> Path:
    checkout = PACKAGE_DIR.parent
    if (checkout / "features").is_dir() and (checkout / "steps").is_dir():
        return checkout
    return PACKAGE_DIR / "content"


CONTENT_ROOT = _content_root()
IN_CHECKOUT = CONTENT_ROOT == PACKAGE_DIR.parent
# The lab's Python content imports by these names in a wheel and in an editable checkout alike
# (pyproject.toml maps the top-level folders into labverify.content).
STEPS_PACKAGE = "labverify.content.steps"
FIXTURES_PACKAGE = "labverify.content.fixtures"
# The pytest settings labverify's own gradings run with (no project's pyproject is read).
LAB_INI = PACKAGE_DIR / "lab.ini"
FEATURES_DIR = CONTENT_ROOT / "features"
CATALOGUE_DIR = FEATURES_DIR / "catalogue"
# The zh-TW features: the same checks, ids and order as the English ones, in the handout's words.
FEATURES_ZH_DIR = FEATURES_DIR / "zh-TW"
STEPS_DIR = CONTENT_ROOT / "steps"
FIXTURES_DIR = CONTENT_ROOT / "fixtures"
WORLDS_DIR = FIXTURES_DIR / "worlds"
# Bundled classes: a roster and its students' worlds (labverify watch --roster NAME).
CLASSES_DIR = FIXTURES_DIR / "classes"
LABFILES_DIR = FIXTURES_DIR / "labfiles"
SESSIONS_DIR = CONTENT_ROOT / "cassettes"
BUNDLED_SESSION = SESSIONS_DIR / "complete"
# The folder pytest is rooted at when labverify runs the lab's scenarios.
PROJECT_ROOT = CONTENT_ROOT


def step_modules() -> list[str]:
    """The lab's step definition modules, by import name (the scenario binder left out)."""
    return sorted(f"{STEPS_PACKAGE}.{p.stem}" for p in STEPS_DIR.glob("*.py")
                  if p.stem != "__init__" and not p.stem.startswith("test_"))
