"""Waiver files (TOML and CSV), their located errors, expiry, and what reports show."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from labverify.errors import LabverifyError, LocatedError
from labverify.report.waivers import EXPIRED, WAIVED, Waiver, decide, load_waivers, parse_as_of

from .conftest import AS_OF

KNOWN = {"t1-region", "t7-job-succeeded"}


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_toml_and_csv_waivers_read_the_same(tmp_path: Path) -> None:
    toml = write(tmp_path, "w.toml", '# excuses\n\n[[waiver]]\nstudent = "ann"\n'
                 'check = "t1-region"\njustification = "capacity"\nexpires = 2026-12-31\n')
    csv = write(tmp_path, "w.csv", "student,check,justification,expires\n"
                "ann,t1-region,capacity,2026-12-31\n")
    (from_toml,), (from_csv,) = load_waivers(toml, KNOWN), load_waivers(csv, KNOWN)
    assert (from_toml.student, from_toml.check, from_toml.justification, from_toml.expires) == \
        (from_csv.student, from_csv.check, from_csv.justification, from_csv.expires) == \
        ("ann", "t1-region", "capacity", dt.date(2026, 12, 31))
    assert from_toml.source == "w.toml:3" and from_csv.source == "w.csv:2"


@pytest.mark.parametrize("name, text, words", [
    ("w.toml", '[[waiver]]\nstudent = "a"\ncheck = "t1-regoin"\njustification = "x"\n'
               'expires = 2026-12-31\n', "w.toml:1: check: no scenario has the check id 't1-regoin'"),
    ("w.toml", '[[waiver]]\nstudent = "a"\ncheck = "t1-region"\njustification = "x"\n'
               'expires = 2026-12-31\n\n[[waiver]]\nstudent = "b"\ncheck = "t1-region"\n'
               'justification = "x"\nexpires = "soon"\n', "w.toml:7: expires: 'soon' is not a date"),
    ("w.toml", '[[waiver]]\nstudent = "a"\ncheck = "t1-region"\nexpires = 2026-12-31\n',
     "w.toml:1: justification: missing or empty"),
    ("w.toml", '[[waiver]]\nstudent = "a"\ncheck = "t1-region"\njustification = "x"\n'
               'expires = 2026-12-31T10:00:00\n', "expires: a date without a time"),
    ("w.toml", '[[waiver]]\nstudent = "a"\ncheck = "t1-region"\njustification = "x"\n'
               'expires = 2026-12-31\nreason = "y"\n', "w.toml:1: reason: unknown key"),
    ("w.csv", "student,check,why,expires\n", "w.csv:1: missing column 'justification'"),
    ("w.csv", "student,check,justification,expires\na,t1-region,x,31/12/2026\n",
     "w.csv:2: expires: '31/12/2026' is not a date"),
    ("w.csv", "student,check,justification,expires\na,t1-region,x,2026-12-31,extra\n",
     "w.csv:2: more cells than columns"),
])
def test_a_bad_waiver_is_a_located_error(tmp_path: Path, name: str, text: str,
                                         words: str) -> None:
    path = write(tmp_path, name, text)
    with pytest.raises(LocatedError) as caught:
        load_waivers(path, KNOWN)
    assert str(caught.value).startswith(str(tmp_path)) and words in str(caught.value)


def waiver(student: str, expires: str, why: str = "why") -> Waiver:
    return Waiver(student, "t1-region", why, dt.date.fromisoformat(expires), "w.toml:1")


def test_a_waiver_applies_through_its_expiry_date_then_is_reported_expired() -> None:
    waivers = [waiver("ann", "2026-11-20")]
    on_the_day = decide(waivers, "ann", ["t1-region"], dt.date(2026, 11, 20))
    assert on_the_day["t1-region"].state == WAIVED
    day_after = decide(waivers, "ann", ["t1-region"], dt.date(2026, 11, 21))
    assert day_after["t1-region"].state == EXPIRED
    assert "expired on 2026-11-20" in day_after["t1-region"].describe()
    assert decide(waivers, "bob", ["t1-region"], dt.date(2026, 11, 1)) == {}
    assert decide(waivers, "ann", ["t1-kind"], dt.date(2026, 11, 1)) == {}


def test_the_student_s_own_waiver_beats_a_wildcard_and_a_live_one_beats_an_expired_one() -> None:
    today = dt.date(2026, 11, 20)
    own_and_star = [waiver("*", "2026-12-31", "everyone"), waiver("ann", "2026-12-01", "ann")]
    assert decide(own_and_star, "ann", ["t1-region"], today)["t1-region"].justification == "ann"
    assert decide(own_and_star, "bob", ["t1-region"], today)["t1-region"].justification == \
        "everyone"
    expired_own = [waiver("ann", "2026-01-01", "old"), waiver("*", "2026-12-31", "everyone")]
    chosen = decide(expired_own, "ann", ["t1-region"], today)["t1-region"]
    assert (chosen.state, chosen.justification) == (WAIVED, "everyone")


def test_as_of_defaults_to_today_and_rejects_a_non_date() -> None:
    assert parse_as_of(None) == dt.date.today()
    assert parse_as_of(AS_OF) == dt.date(2026, 11, 20)
    with pytest.raises(LabverifyError, match="--as-of"):
        parse_as_of("tomorrow")


def test_reports_show_a_waived_scenario_as_passed_with_its_justification(
        graded_class: Path) -> None:
    folder = graded_class / "students" / "t1-wrong-region"
    data = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    region = next(t for t in data["tests"] if t["extra_data"]["check"] == "t1-region")
    assert region["status"] == "passed" and region["score"] == region["max_score"] > 0
    assert region["extra_data"]["verdict"] == "fail" and region["extra_data"]["shown"] == "waived"
    assert region["output"].startswith("Waived until 2026-12-31: North Central US had no capacity")
    assert "eastus" in region["output"]  # what was observed is still shown
    assert region["extra_data"]["waiver"]["state"] == "waived"
    assert data["score"] == data["max_score"]
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert "waived" in html and "North Central US had no capacity" in html
    assert "North Central US had no capacity" in (folder / "report.md").read_text(encoding="utf-8")


def test_reports_show_an_expired_waiver_without_giving_its_points(graded_class: Path) -> None:
    data = json.loads((graded_class / "students" / "t7-job-running" / "results.json")
                      .read_text(encoding="utf-8"))
    job = next(t for t in data["tests"] if t["extra_data"]["check"] == "t7-job-succeeded")
    assert job["status"] == "failed" and job["score"] == 0
    assert job["extra_data"]["waiver"]["state"] == "expired"
    assert "A waiver expired on 2026-11-01 and was not applied" in job["output"]
    # The wildcard waiver reached every student, but the passing one keeps a plain pass.
    complete = json.loads((graded_class / "students" / "complete" / "results.json")
                          .read_text(encoding="utf-8"))
    job = next(t for t in complete["tests"] if t["extra_data"]["check"] == "t7-job-succeeded")
    assert job["extra_data"]["shown"] == "pass" and job["status"] == "passed"
