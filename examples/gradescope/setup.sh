#!/usr/bin/env bash
# Gradescope runs this once, when it builds the autograder's image: it installs labverify from
# the wheel shipped beside it (see README.md here) and the locked dependencies.
set -euo pipefail
source_dir="$(cd "$(dirname "$0")" && pwd)"
root="${AUTOGRADER_ROOT:-/autograder}"
python3 -m venv "$root/venv"
"$root/venv/bin/python" -m pip install --quiet --upgrade pip
"$root/venv/bin/python" -m pip install --quiet -r "$source_dir/requirements.lock"
"$root/venv/bin/python" -m pip install --quiet --no-deps "$source_dir"/labverify-*.whl
