"""Bad rosters, waivers, gradebooks, results files and datasets."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from labverify.config import DEFAULT_CONFIG

from . import CASES, SESSIONS, TRAINING, Case, Setup, case

# -- rosters, waivers, gradebooks, results files -----------------------------------------------

def _roster_case(name: str, text: str, named: str, words: str, code: int = 2) -> None:
    def build(root: Path) -> Setup:
        path = root / "roster.csv"
        path.write_text(text, encoding="utf-8")
        shutil.copytree(SESSIONS / "complete", root / "s1")
        out = root / "grades"
        return Setup(["grade", "--roster", str(path), "--out", str(out)],
                     named.format(path=path), words, code=code,
                     outputs=[out] if code != 2 else [])

    CASES.append(Case(f"roster-{name}", "roster", build))


_roster_case("header-only", "student,session\n", "{path}", "no students")
_roster_case("empty", "", "{path}:1", "needs a student column")
_roster_case("unknown-column", "student,sesion\nann,s1\n", "{path}:1: sesion", "unknown column")
_roster_case("column-twice", "student,session,session\nann,s1,s1\n", "{path}:1: session",
             "column appears twice")
_roster_case("every-row-refused", "student,subscription_id\nann,nope\nbob,\n",
             "{path}:2: subscription_id", "every row of")
_roster_case("bad-session-only-row", "student,session\nann,nowhere\n", "{path}:2: session",
             "every row of")
_roster_case("too-many-cells", "student,session\nann,s1,extra\n", "{path}:2", "every row of")
_roster_case("student-twice", "student,session\nann,s1\nann,s1\n", "{path}:3: student",
             "already on line 2", code=1)


def _waiver_case(name: str, filename: str, text: str, named: str, words: str) -> None:
    def build(root: Path) -> Setup:
        path = root / filename
        path.write_text(text, encoding="utf-8")
        return Setup(["grade", str(SESSIONS / "complete"), str(SESSIONS / "t1-wrong-sku"),
                      "--waivers", str(path), "--out", str(root / "grades")],
                     named.format(path=path), words)

    CASES.append(Case(f"waivers-{name}", "waivers", build))


_GOOD_WAIVER = ('[[waiver]]\nstudent = "ann"\ncheck = "t1-sku"\njustification = "quota"\n'
                "expires = 2026-12-31\n")
_waiver_case("toml-syntax", "w.toml", _GOOD_WAIVER.replace("expires = ", "expires "),
             "{path}:5", "invalid TOML")
_waiver_case("unknown-table", "w.toml", "[waivers]\nx = 1\n", "{path}: waivers", "unknown table")
_waiver_case("no-justification", "w.toml", _GOOD_WAIVER.replace('justification = "quota"\n', ""),
             "{path}:1: justification", "missing or empty")
_waiver_case("unknown-check", "w.toml", _GOOD_WAIVER.replace("t1-sku", "t1-nope"),
             "{path}:1: check", "no scenario has the check id")
_waiver_case("expires-soon", "w.toml", _GOOD_WAIVER.replace("2026-12-31", '"soon"'),
             "{path}:1: expires", "is not a date")
_waiver_case("expires-with-time", "w.toml", _GOOD_WAIVER.replace("2026-12-31",
                                                                 "2026-12-31T10:00:00Z"),
             "{path}:1: expires", "a date without a time")
_waiver_case("waiver-string", "w.toml", 'waiver = "all"\n', "{path}: waiver",
             "must be [[waiver]] entries")
_waiver_case("csv-missing-column", "w.csv", "student,check,justification\nann,t1-sku,quota\n",
             "{path}:1", "missing column 'expires'")
_waiver_case("csv-extra-cells", "w.csv", "student,check,justification,expires\n"
             "ann,t1-sku,quota,2026-12-31,more\n", "{path}:2", "more cells than columns")


def _gradebook_case(name: str, texts: list[str], named: str, words: str,
                    out: bool = False) -> None:
    def build(root: Path) -> Setup:
        paths = []
        for n, text in enumerate(texts, start=1):
            path = root / f"g{n}.csv"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
        argv = ["merge", *map(str, paths)]
        if out:
            argv += ["--out", str(paths[0])]
        return Setup(argv, named.format(*paths), words)

    CASES.append(Case(f"gradebook-{name}", "gradebook", build))


_BOOK = "student,task1,total,max_score,status,note\nann,20,20,20,graded,\n"
_gradebook_case("not-a-gradebook", ["name,score\nann,1\n"], "{0}:1",
                "not a labverify gradebook")
_gradebook_case("columns-differ", [_BOOK, _BOOK.replace("task1", "task2").replace("ann", "bob")],
                "{1}:1", "columns differ")
_gradebook_case("student-twice", [_BOOK, _BOOK], "{1}:2: student", "already in")
_gradebook_case("cell-count", ["student,task1,total\nann,20\n"], "{0}:2", "2 cells, the header "
                "has 3")
_gradebook_case("out-is-input", [_BOOK, _BOOK.replace("ann", "bob")], "{0}",
                "is the gradebook", out=True)


def _results_case(name: str, data: object, named: str, words: str) -> None:
    def build(root: Path) -> Setup:
        path = root / "results.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        return Setup(["compare", str(path), str(path)], named.format(path=path), words)

    CASES.append(Case(f"results-{name}", "results", build))


_TEST = {"name": "t", "extra_data": {"check": "t1-sku", "task": 1, "verdict": "pass"}}
_results_case("no-tests", {"score": 1}, "{path}", "no \"tests\" list")
_results_case("a-list", [1, 2], "{path}", "no \"tests\" list")
_results_case("tests-not-objects", {"tests": [1, 2]}, "{path}: tests[0]",
              "must be an object, not an integer")
_results_case("test-without-check", {"tests": [{"name": "t"}]}, "{path}: tests[0]",
              "lacks its check id")
_results_case("task-boolean", {"tests": [{**_TEST, "extra_data": {**_TEST["extra_data"],
                                                                  "task": True}}]},
              "{path}: tests[0]", "lacks its check id")


@case("results", "invalid-json")
def _(root: Path) -> Setup:
    path = root / "results.json"
    path.write_text('{"tests": [\n  {"name": }\n]}', encoding="utf-8")
    return Setup(["compare", str(path), str(path)], f"{path}:2", "invalid JSON")


@case("results", "folder-without-results")
def _(root: Path) -> Setup:
    folder = root / "student"
    folder.mkdir()
    return Setup(["compare", str(folder), str(folder)], str(folder / "results.json"),
                 "not found")


# -- datasets -----------------------------------------------------------------------------------

@case("data", "json-is-the-dataset")
def _(root: Path) -> Setup:
    path = root / "train.jsonl"
    shutil.copyfile(TRAINING, path)
    return Setup(["data", str(path), "--json", str(path)], str(path), "is the dataset file")


@case("data", "json-is-the-config")
def _(root: Path) -> Setup:
    path = root / "train.jsonl"
    shutil.copyfile(TRAINING, path)
    config = root / "lab.toml"
    shutil.copyfile(DEFAULT_CONFIG, config)
    return Setup(["data", str(path), "--lab-config", str(config), "--json", str(config)],
                 str(config), "is the lab config")


@case("data", "json-is-a-folder")
def _(root: Path) -> Setup:
    return Setup(["data", str(TRAINING), "--json", str(root)], str(root), "is a folder")


@case("data", "unknown-model")
def _(root: Path) -> Setup:
    return Setup(["data", str(TRAINING), "--model", "gpt-9"], str(DEFAULT_CONFIG),
                 "model 'gpt-9' is not in the lab config")


@case("data", "missing-file")
def _(root: Path) -> Setup:
    # A dataset file that is not there is a finding about the dataset (exit 1), named.
    missing = root / "training_set.jsonl"
    return Setup(["data", str(missing)], "training_set.jsonl", "file_missing", code=1)


