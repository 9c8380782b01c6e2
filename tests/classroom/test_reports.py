"""The HTML, Markdown, JUnit and Cucumber reports: self-contained, escaped, well-formed."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from labverify.config import LabConfig
from labverify.grade import Grade, grade
from labverify.report.html import render_html
from labverify.report.junit import render_junit
from labverify.report.markdown import fenced, render_markdown
from labverify.report.waivers import WAIVED, WaiverDecision
from labverify.verdicts import ScenarioResult, Verdict

from .conftest import grade_class, result

HOSTILE = '<img src=x onerror=alert(1)> **bold** [link](http://evil.example) `tick` ``` |pipe|'


@pytest.fixture
def hostile_grade(lab_config: LabConfig, five_verdicts: list[ScenarioResult]) -> Grade:
    planted = [*five_verdicts,
               result("t2-contributor", 2, Verdict.FAIL, name=HOSTILE, message=HOSTILE,
                      hint=HOSTILE, evidence={"seen": HOSTILE})]
    waiver = WaiverDecision("t1-region", WAIVED, "capacity <b>gone</b>", "2026-12-31", "w:1")
    return grade(HOSTILE, planted, lab_config, waivers={"t1-region": waiver},
                 provenance={"mode": "replay", "session": "s", "session_digest": "sha256:ab"})


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.style = ""
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)
        self._in_style = tag == "style"

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style += data


def test_html_is_self_contained_and_escapes_every_text(hostile_grade: Grade) -> None:
    page = render_html(hostile_grade)
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    parsed = Tags()
    parsed.feed(page)
    # Nothing is fetched or run: no script, external stylesheet, image, frame, or handler.
    assert not parsed.tags & {"script", "link", "img", "iframe", "object", "embed", "base"}
    assert not {a for a in parsed.attributes if a in ("src", "href") or a.startswith("on")}
    assert "url(" not in parsed.style and "@import" not in parsed.style
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "capacity &lt;b&gt;gone&lt;/b&gt;" in page
    assert "Session digest" in page and "sha256:ab" in page


def test_markdown_escapes_text_and_fences_blocks_longer_than_their_content(
        hostile_grade: Grade) -> None:
    text = render_markdown(hostile_grade)
    outside_blocks = re.sub(r"(?ms)^(`{3,})[a-z]*\n.*?^\1$", "", text)
    assert "<img" not in outside_blocks and "<b>" not in outside_blocks
    assert "[link](" not in outside_blocks and "**bold**" not in outside_blocks
    assert "&lt;img src=x onerror=alert(1)&gt; \\*\\*bold\\*\\* \\[link\\]" in outside_blocks
    assert "````text\n" in text  # the hint holds ``` so its block needs four backticks
    assert fenced("a ```` b").startswith("`````text\n")


def test_junit_is_well_formed_and_counts_each_verdict(hostile_grade: Grade) -> None:
    root = ET.fromstring(render_junit(hostile_grade).encode("utf-8"))
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors"), root.get("skipped")) == \
        ("8", "3", "1", "1")  # fail x2 + in_progress; error; skipped; the waived one passes
    cases = {c.find("properties/property[@name='check']").get("value"): c
             for c in root.iter("testcase")}
    region = cases["t1-region"]
    assert region.find("failure") is None
    assert region.find("properties/property[@name='waiver']") is not None
    assert cases["t7-job-succeeded"].find("error") is not None
    assert cases["t7-job-inputs"].find("failure").get("type") == "in_progress"
    assert cases["t2-contributor"].get("name") == HOSTILE
    suite = root.find("testsuite")
    assert suite.find("properties/property[@name='Session digest']").get("value") == "sha256:ab"


def test_junit_survives_control_characters(lab_config: LabConfig) -> None:
    bad = grade("ann", [result("t1-exists", 1, Verdict.FAIL, message="bell\x07 nul\x00")],
                lab_config)
    root = ET.fromstring(render_junit(bad).encode("utf-8"))
    assert root.find(".//failure").get("message") == "bell\ufffd nul\ufffd"


def test_the_class_s_cucumber_json_carries_no_durations(graded_class: Path) -> None:
    path = graded_class / "students" / "t1-wrong-region" / "cucumber.json"
    text = path.read_text(encoding="utf-8")
    assert '"duration"' not in text
    features = json.loads(text)
    steps = [s for f in features for e in f["elements"] for s in e["steps"]]
    failed = [s for s in steps if s["result"]["status"] == "failed"]
    assert failed and "eastus" in failed[0]["result"]["error_message"]


def test_every_student_gets_every_report(graded_class: Path) -> None:
    for folder in (graded_class / "students").iterdir():
        assert sorted(p.name for p in folder.iterdir()) == [
            "cucumber.json", "junit.xml", "report.html", "report.md", "results.json"]
        ET.parse(folder / "junit.xml")


def test_hints_follow_the_chosen_language(tmp_path: Path) -> None:
    out = tmp_path / "grades"
    assert grade_class(out, "--tasks", "1", "--jobs", "1", "--lang", "zh-TW",
                       sessions=("t1-wrong-region",)) == 0
    folder = out / "students" / "t1-wrong-region"
    data = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    region = next(t for t in data["tests"] if t["extra_data"]["check"] == "t1-region")
    assert "該怎麼做：" in region["output"] and "What to do:" not in region["output"]
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert '<html lang="zh-TW">' in page and "該怎麼做：" in page
    for name in ("report.md", "junit.xml"):
        assert "該怎麼做：" in (folder / name).read_text(encoding="utf-8")
