"""Broken recorded sessions: their metadata, machine facts, cassettes and lab files."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

from . import CASES, Case, Setup, case, copy_session, line_of

# -- recorded sessions --------------------------------------------------------------------------

def _session_meta_case(name: str, edit: Callable[[dict], object], key: str, words: str,
                       locate: bool = True) -> None:
    def build(root: Path) -> Setup:
        session = copy_session(root)
        path = session / "session.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        edit(data)
        path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        line = line_of(path, f'"{key.split(".")[-1]}"') if locate else None
        named = f"{path}:{line}: {key}" if line else f"{path}: {key}"
        return Setup(["grade", str(session), "--tasks", "1"], named, words)

    CASES.append(Case(f"session-{name}", "session", build))


SESSION_EDITS = [
    ("extra-array", lambda d: d.update(extra=[]), "extra", "must be an object, not an array"),
    ("extra-carry-out-text", lambda d: d.update(extra={"carry_out": "yes"}), "extra.carry_out",
     "must be true or false"),
    ("extra-unknown", lambda d: d.update(extra={"mine": True}), "extra.mine",
     "labverify writes only carry_out"),
    ("taken-at-yesterday", lambda d: d.update(taken_at="yesterday"), "taken_at",
     "not an RFC 3339 time"),
    ("taken-at-date", lambda d: d.update(taken_at="2026-11-20"), "taken_at",
     "not an RFC 3339 time"),
    ("taken-at-no-zone", lambda d: d.update(taken_at="2026-11-20T10:00:00"), "taken_at",
     "not an RFC 3339 time"),
    ("taken-at-number", lambda d: d.update(taken_at=5), "taken_at",
     "must be a string, not an integer"),
    ("format-true", lambda d: d.update(format=True), "format",
     "must be an integer, not a boolean"),
    ("format-two", lambda d: d.update(format=2), "format", "session format 2 is not 1"),
    ("format-text", lambda d: d.update(format="1"), "format", "must be an integer, not a string"),
    ("origin-manual", lambda d: d.update(origin="manual"), "origin",
     "is not one of: live, synthesized"),
    ("subscription-not-guid", lambda d: d.update(subscription_id="abc"), "subscription_id",
     "is not a GUID"),
    ("principal-null", lambda d: d.update(principal_id=None), "principal_id",
     "must be a string, not null"),
    ("unknown-field", lambda d: d.update(student="ann"), "student", "unknown key"),
    ("digest-md5", lambda d: d.update(lab_config_digest="md5:abc"), "lab_config_digest",
     "not a digest"),
    ("resource-group-empty", lambda d: d.update(resource_group=""), "resource_group",
     "must not be empty"),
    ("description-number", lambda d: d.update(description=3), "description",
     "must be a string, not an integer"),
]
for _name, _edit, _key, _words in SESSION_EDITS:
    _session_meta_case(_name, _edit, _key, _words)


@case("session", "lab-id-missing")
def _(root: Path) -> Setup:
    session = copy_session(root)
    path = session / "session.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["lab_id"]
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return Setup(["grade", str(session)], f"{path}: lab_id", "missing key")


def _session_file_case(name: str, relative: str, content: bytes | None, words: str,
                       named_line: int | None = None) -> None:
    def build(root: Path) -> Setup:
        session = copy_session(root)
        path = session / relative
        if path.is_file():
            path.unlink()
        if content == b"<dir>":
            path.mkdir()
        elif content is not None:
            path.write_bytes(content)
        named = f"{path}:{named_line}" if named_line else str(path)
        return Setup(["grade", str(session), "--tasks", "1"], named, words)

    CASES.append(Case(f"session-{name}", "session", build))


for _relative, _label in (("session.json", "meta"), ("local/machine.json", "machine")):
    _session_file_case(f"{_label}-binary", _relative, b"\x89PNG\x00\x00", "not text")
    _session_file_case(f"{_label}-utf16-without-mark", _relative,
                       '{"origin": "live"}'.encode("utf-16-le"), "UTF-16 without")
    _session_file_case(f"{_label}-a-folder", _relative, b"<dir>", "is a directory")
    _session_file_case(f"{_label}-invalid-json", _relative, b'{"origin": "live",\n}', "invalid JSON",
                       named_line=2)
    _session_file_case(f"{_label}-array", _relative, b"[]", "must be an object, not an array")
    _session_file_case(f"{_label}-latin1", _relative, '{"description": "caf\xe9"}'.encode(
        "latin-1"), "not UTF-8 text")
_session_file_case("meta-missing", "session.json", None, "missing: a recorded session needs")


def _machine_case(name: str, edit: Callable[[dict], object], key: str, words: str) -> None:
    def build(root: Path) -> Setup:
        session = copy_session(root)
        path = session / "local" / "machine.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        edit(data)
        path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        return Setup(["grade", str(session), "--tasks", "4"], f"{path}:", f"{key}: {words}")

    CASES.append(Case(f"machine-{name}", "machine", build))


MACHINE_EDITS = [
    ("ran-text", lambda d: d["interpreter"].update(ran="yes"), "interpreter.ran",
     "must be true or false"),
    ("libraries-array", lambda d: d["interpreter"].update(libraries=[]), "interpreter.libraries",
     "must be an object, not an array"),
    ("version-number", lambda d: d["interpreter"]["libraries"]["openai"].update(version=28),
     "interpreter.libraries.openai.version", "must be a string, not an integer"),
    ("key-matches-key3", lambda d: d["environment"]["AZURE_OPENAI_API_KEY"].update(matches="key3"),
     "environment.AZURE_OPENAI_API_KEY.matches", "'key3' is not one of: key1, key2, neither"),
    ("variable-name", lambda d: d["environment"].update({"BAD VAR": {"set": True}}),
     "environment.BAD VAR", "not a valid key here"),
    ("set-missing", lambda d: d["environment"]["AZURE_OPENAI_ENDPOINT"].pop("set"),
     "environment.AZURE_OPENAI_ENDPOINT.set", "missing key"),
    ("unknown-fact", lambda d: d.update(gpu={}), "gpu", "unknown key"),
    ("interpreter-string", lambda d: d.update(interpreter="python"), "interpreter",
     "must be an object, not a string"),
]
for _name, _edit, _key, _words in MACHINE_EDITS:
    _machine_case(_name, _edit, _key, _words)


@case("session", "is-a-file")
def _(root: Path) -> Setup:
    path = root / "session"
    path.write_text("not a session", encoding="utf-8")
    return Setup(["grade", str(path)], str(path), "is a file, not a recorded session directory")


@case("session", "missing")
def _(root: Path) -> Setup:
    return Setup(["grade", str(root / "nowhere")], str(root / "nowhere"),
                 "recorded session directory not found")


# Damage inside a session's cassettes is graded: the reads it spoils are "could not verify"
# (exit 1), with a message naming the cassette, and every other check still runs.
def _cassette_case(name: str, relative: str, damage: Callable[[Path], None], words: str,
                   tasks: str = "1,7") -> None:
    def build(root: Path) -> Setup:
        session = copy_session(root)
        path = session / relative
        damage(path)
        results = root / "results.json"
        return Setup(["grade", str(session), "--tasks", tasks, "--json", str(results)],
                     str(path), words, code=1, outputs=[results], message_in=results)

    CASES.append(Case(f"cassette-{name}", "cassette", build))


def _body(text: str) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        at = next(i for i, line in enumerate(lines) if line.strip().startswith("string: '{"))
        lines[at] = lines[at][:lines[at].index("string:")] + f"string: '{text}'\n"
        path.write_text("".join(lines), encoding="utf-8")
    return damage


_cassette_case("body-html", "openai/files.yaml", _body("<html>proxy error</html>"),
               "cannot be read as Azure's")
_cassette_case("body-cut", "openai/files.yaml", _body('{"data": [{"id": "file-'),
               "cannot be read as Azure's")
_cassette_case("yaml-broken", "arm/accounts.yaml",
               lambda p: p.write_text("interactions: [\n  - {request: ", encoding="utf-8"),
               "corrupt or cut off")
_cassette_case("cut-in-half", "arm/accounts.yaml",
               lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]),
               "corrupt or cut off")
_cassette_case("missing", "arm/accounts.yaml", lambda p: p.unlink(),
               "the recorded session has no cassette")
_cassette_case("labfiles-missing", "local/labfiles",
               lambda p: shutil.rmtree(p), "is missing", tasks="6")
_cassette_case("labfiles-a-file", "local/labfiles",
               lambda p: (shutil.rmtree(p), p.write_text("x", encoding="utf-8")),
               "is a file, not a folder", tasks="6")


