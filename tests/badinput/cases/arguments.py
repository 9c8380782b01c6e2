"""Bad command-line arguments and output paths that would touch an input."""

from __future__ import annotations

import shutil
from pathlib import Path

from labverify.config import DEFAULT_CONFIG

from . import CASES, COMPLETE_WORLD, SESSIONS, TRAINING, WORLDS, Case, Setup, case, copy_session
from .class_inputs import _BOOK

# -- command-line arguments --------------------------------------------------------------------

def _argument_case(name: str, argv: list[str], named: str, words: str) -> None:
    def build(root: Path) -> Setup:
        resolved = [a.format(root=root, sessions=SESSIONS, worlds=WORLDS, training=TRAINING)
                    for a in argv]
        return Setup(resolved, named.format(root=root), words)

    CASES.append(Case(f"argument-{name}", "argument", build))


_S = "{sessions}/complete"
_W = "{worlds}/complete.toml"
ARGUMENTS = [
    ("tasks-empty", ["grade", "--tasks", ""], "argument --tasks", "give tasks such as"),
    ("tasks-zero", ["grade", "--tasks", "0"], "argument --tasks", "numbered from 1"),
    ("tasks-downward", ["grade", "--tasks", "3-1"], "argument --tasks", "a range goes up"),
    ("tasks-word", ["grade", "--tasks", "seven"], "argument --tasks", "not a task number"),
    ("tasks-unknown", ["grade", "--tasks", "11"], "--tasks", "there is no task 11"),
    ("tasks-trailing-comma", ["grade", "--tasks", "1,"], "argument --tasks", "not a task"),
    ("jobs-zero", ["grade", _S, "--jobs", "0"], "argument --jobs", "0 is not 1 or more"),
    ("jobs-negative", ["grade", _S, "--jobs", "-1"], "argument --jobs", "not 1 or more"),
    ("jobs-word", ["grade", _S, "--jobs", "many"], "argument --jobs", "not a whole number"),
    ("wait-negative", ["grade", "--wait", "-5"], "argument --wait", "0 or more"),
    ("wait-nan", ["grade", "--wait", "nan"], "argument --wait", "0 or more"),
    ("wait-infinite", ["grade", "--wait", "inf"], "argument --wait", "0 or more"),
    ("wait-word", ["grade", "--wait", "long"], "argument --wait", "not a number of seconds"),
    ("shard-zero", ["grade", _S, "--shard", "0/2"], "argument --shard", "is not i/N"),
    ("shard-beyond", ["grade", _S, "--shard", "3/2"], "argument --shard", "is not i/N"),
    ("shard-word", ["grade", _S, "--shard", "half"], "argument --shard", "is not i/N"),
    ("shard-empty-part", ["grade", _S, "--shard", "2/2", "--out", "{root}/g"], "--shard 2/2",
     "holds no student"),
    ("lang-unknown", ["grade", "--lang", "fr"], "argument --lang", "'fr' is not a language"),
    ("formats-unknown", ["grade", _S, "--formats", "pdf"], "--formats", "'pdf' is not one of"),
    ("as-of-word", ["grade", _S, "--as-of", "tomorrow", "--out", "{root}/g"], "--as-of",
     "is not a date"),
    ("option-unknown", ["grade", "--frob"], "labverify:", "unrecognized arguments: --frob"),
    ("command-unknown", ["frob"], "labverify", "invalid choice: 'frob'"),
    ("world-without-live", ["grade", "--world", _W], "--world", "needs --live or --record"),
    ("carry-out-replay-default", ["grade", "--carry-out"], "--carry-out", "needs --live"),
    ("force-without-record", ["grade", "--force"], "--force", "goes with --record"),
    ("student-python-replay", ["grade", _S, "--student-python", "/no/such/python"],
     "--student-python", "a recorded session holds what it saw"),
    ("labfiles-replay", ["grade", _S, "--labfiles", "{root}"], "--labfiles",
     "a recorded session holds what it saw"),
    ("machine-and-student-python", ["grade", "--live", "--world", _W, "--student-python",
                                    "/no/such/python"], "--student-python",
     "states the student's Python ([machine])"),
    ("machine-labfiles-and-labfiles", ["grade", "--live", "--world", _W, "--labfiles", "{root}"],
     "--labfiles", "states the student's lab folder"),
    ("session-and-live", ["grade", _S, "--live"], "a session directory is replayed",
     "do not combine"),
    ("roster-and-sessions", ["grade", _S, "--roster", "{root}/r.csv"], "--roster", "not both"),
    ("class-and-json", ["grade", _S, "{sessions}/t1-wrong-sku", "--json", "{root}/r.json"],
     "--json is for grading one student", "results.json per student"),
    ("class-and-live", ["grade", "--roster", "{root}/r.csv", "--live"], "--live",
     "for grading one student"),
    ("workers-zero", ["data", "{training}", "--workers", "0"], "argument --workers",
     "0 is not 1 or more"),
    ("workers-word", ["data", "{training}", "--workers", "all"], "argument --workers",
     "not a whole number"),
    ("synth-out-many-worlds", ["synth", _W, "{worlds}/t1-wrong-sku.toml", "--out", "{root}/o"],
     "--out", "exactly one world file"),
    ("merge-nothing", ["merge"], "labverify merge", "the following arguments are required"),
    ("compare-one-side", ["compare", "{root}"], "labverify compare",
     "the following arguments are required: b"),
]
for _name, _argv, _named, _words in ARGUMENTS:
    _argument_case(_name, _argv, _named, _words)


# -- output paths -------------------------------------------------------------------------------

@case("output", "json-is-session-metadata")
def _(root: Path) -> Setup:
    session = copy_session(root)
    return Setup(["grade", str(session), "--json", str(session / "session.json")],
                 str(session / "session.json"), f"lies inside the session {session}")


@case("output", "json-inside-session")
def _(root: Path) -> Setup:
    session = copy_session(root)
    target = session / "arm" / "results.json"
    return Setup(["grade", str(session), "--json", str(target)], str(target), "lies inside")


@case("output", "json-is-the-config")
def _(root: Path) -> Setup:
    config = root / "lab.toml"
    shutil.copyfile(DEFAULT_CONFIG, config)
    return Setup(["grade", "--lab-config", str(config), "--json", str(config)], str(config),
                 "is the lab config")


@case("output", "json-is-a-folder")
def _(root: Path) -> Setup:
    return Setup(["grade", "--json", str(root)], f"argument --json: {root}", "is a folder")


@case("output", "json-under-a-file")
def _(root: Path) -> Setup:
    blocker = root / "file.txt"
    blocker.write_text("x", encoding="utf-8")
    return Setup(["grade", "--json", str(blocker / "r.json")], str(blocker), "is a file")


@case("output", "json-is-the-world")
def _(root: Path) -> Setup:
    world = root / "world.toml"
    world.write_text(f'base = "{COMPLETE_WORLD.as_posix()}"\n', encoding="utf-8")
    return Setup(["grade", "--live", "--world", str(world), "--json", str(world)], str(world),
                 "is the world file")


@case("output", "record-into-world-folder")
def _(root: Path) -> Setup:
    world = root / "worlds" / "w.toml"
    world.parent.mkdir()
    world.write_text(f'base = "{COMPLETE_WORLD.as_posix()}"\n', encoding="utf-8")
    return Setup(["grade", "--world", str(world), "--record", str(world.parent)],
                 str(world.parent), "holds the world file")


@case("output", "record-foreign-folder-forced")
def _(root: Path) -> Setup:
    target = root / "mine"
    target.mkdir()
    (target / "notes.txt").write_text("keep me", encoding="utf-8")
    return Setup(["grade", "--world", str(COMPLETE_WORLD), "--record", str(target),
                  "--force"], str(target), "holds files labverify did not write (notes.txt)")


@case("output", "record-over-a-session-unforced")
def _(root: Path) -> Setup:
    session = copy_session(root)
    return Setup(["grade", "--world", str(COMPLETE_WORLD), "--record", str(session)],
                 str(session), "pass --force to replace it")


@case("output", "record-is-a-file")
def _(root: Path) -> Setup:
    target = root / "existing.txt"
    target.write_text("x", encoding="utf-8")
    return Setup(["grade", "--world", str(COMPLETE_WORLD), "--record", str(target)],
                 f"argument --record: {target}", "is a file")


@case("output", "record-inside-lab-folder")
def _(root: Path) -> Setup:
    labfiles = root / "Labfiles"
    shutil.copytree(TRAINING.parent, labfiles)
    world = root / "w.toml"
    world.write_text(f'base = "{COMPLETE_WORLD.as_posix()}"\n[machine]\nlabfiles = "Labfiles"\n',
                     encoding="utf-8")
    return Setup(["grade", "--world", str(world), "--record", str(labfiles / "rec")],
                 str(labfiles / "rec"), "lies inside the lab folder")


@case("output", "synth-foreign-folder")
def _(root: Path) -> Setup:
    target = root / "dir"
    target.mkdir()
    (target / "thesis.docx").write_bytes(b"mine")
    return Setup(["synth", str(COMPLETE_WORLD), "--out", str(target), "--force"], str(target),
                 "holds files labverify did not write (thesis.docx)")


@case("output", "synth-existing-file")
def _(root: Path) -> Setup:
    target = root / "existing.txt"
    target.write_text("x", encoding="utf-8")
    return Setup(["synth", str(COMPLETE_WORLD), "--out", str(target)],
                 f"argument --out: {target}", "is a file")


@case("output", "synth-into-its-world")
def _(root: Path) -> Setup:
    world = root / "w.toml"
    world.write_text(f'base = "{COMPLETE_WORLD.as_posix()}"\n', encoding="utf-8")
    return Setup(["synth", str(world), "--out", str(root)], str(root), "holds the world file")


@case("output", "class-out-is-a-session")
def _(root: Path) -> Setup:
    session = copy_session(root)
    (root / "s2").mkdir()
    shutil.copytree(SESSIONS / "t1-wrong-sku", root / "s2" / "t1-wrong-sku")
    return Setup(["grade", str(session), str(root / "s2" / "t1-wrong-sku"), "--out",
                  str(session)], str(session), "holds files labverify did not write")


@case("output", "class-out-foreign")
def _(root: Path) -> Setup:
    out = root / "grades"
    out.mkdir()
    (out / "marks.xlsx").write_bytes(b"mine")
    return Setup(["grade", str(SESSIONS / "complete"), str(SESSIONS / "t1-wrong-sku"), "--out",
                  str(out)], str(out), "holds files labverify did not write")


@case("output", "class-reports-over-inputs")
def _(root: Path) -> Setup:
    out = root / "class"
    students = out / "students"
    students.mkdir(parents=True)
    shutil.copytree(SESSIONS / "complete", students / "complete")
    shutil.copytree(SESSIONS / "t1-wrong-sku", students / "t1-wrong-sku")
    return Setup(["grade", str(students / "complete"), str(students / "t1-wrong-sku"), "--out",
                  str(out)], str(out), "holds files labverify did not write")


@case("output", "class-out-is-a-file")
def _(root: Path) -> Setup:
    target = root / "grades.csv"
    target.write_text("x", encoding="utf-8")
    return Setup(["grade", str(SESSIONS / "complete"), str(SESSIONS / "t1-wrong-sku"), "--out",
                  str(target)], f"argument --out: {target}", "is a file")


@case("output", "merge-out-is-a-folder")
def _(root: Path) -> Setup:
    book = root / "g.csv"
    book.write_text(_BOOK, encoding="utf-8")
    return Setup(["merge", str(book), "--out", str(root)], f"argument --out: {root}",
                 "is a folder")
