"""The lab's content: its steps, fixtures, features and bundled sessions.

A wheel carries them here (pyproject.toml maps the repository's top-level folders into this
package); in a checkout they stay at the repository's top level, which this package's path
then includes, so ``labverify.content.steps`` is the same module either way.
"""

from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent.parent
if (_CHECKOUT / "steps" / "__init__.py").is_file() and (_CHECKOUT / "features").is_dir():
    __path__.append(str(_CHECKOUT))  # type: ignore[name-defined]
