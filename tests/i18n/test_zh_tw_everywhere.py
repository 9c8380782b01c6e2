"""A zh-TW grading reads in Traditional Chinese: every bundled session, every output.

Each bundled session is graded with ``lang = zh-TW`` (so the zh-TW features run), and every
student-facing line of the scorecard, of results.json's ``output``s and test names, of
report.html, report.md and junit.xml is checked: once the values of the grading are taken out
(evidence, the values interpolated into messages and hints, names, ids, digests, paths) along
with identifiers, commands and the portal labels the handout shows in English, no run of
English words is left.
"""

from __future__ import annotations

import html
import io
import json
import re
import tomllib
import xml.etree.ElementTree as ET
from dataclasses import replace
from difflib import SequenceMatcher
from functools import cache
from typing import Any

import pytest
from rich.console import Console

from labverify.catalogue import PER_LANGUAGE
from labverify.config import load_config
from labverify.grade import Grade, grade
from labverify.grading import GradeRequest, run_scenarios
from labverify.paths import CATALOGUE_DIR
from labverify.report.html import render_html
from labverify.report.junit import render_junit
from labverify.report.markdown import render_markdown
from labverify.report.results import results_document
from labverify.report.scorecard import print_scorecard
from labverify.run import session_options

from ..sessions import SESSIONS, bundled_sessions

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
GLOSSARY = tomllib.loads((CATALOGUE_DIR / "glossary.toml").read_text(encoding="utf-8"))
# What may stay as it is in a Chinese sentence: names of products, commands, formats.
NAMES = {"Azure", "OpenAI", "AI", "Foundry", "labverify", "Python", "JSON", "JSONL", "UTC",
         "API", "ARM", "PUT", "GET", "IAM", "Jupyter", "Notebook", "Chat", "playground",
         "Standard", "KEY", "Windows", "PATH", "pip", "az", "login", "setx", "SKU", "Labfiles",
         "Cognitive", "Services", "Contributor", "User", "Reader", "Owner", "README",
         "Command", "Prompt", "North", "Central", "US", "Endpoint", "Keys", "and"}
IDENTIFIER = re.compile(r"[\w.-]*[_\d./\\:@$=<>|{}\[\]#][\w.-]*|--?[a-z][\w-]*|https?://\S+")
ENGLISH_RUN = re.compile(r"[A-Za-z]{2,}(?:[\s,;'()+\-]+[A-Za-z]{2,}){2,}")


def values_of(grade: Grade) -> set[str]:
    """Every value a grading interpolates or shows as data: these stay as they are."""
    found: set[str] = {grade.student}

    def walk(value: Any) -> None:
        if isinstance(value, dict) and PER_LANGUAGE in value:
            # A phrase of the catalogue: only what both languages show alike (the values inside
            # it) is a value; an untranslated phrase (the same in both) is checked as a sentence.
            en, zh = value[PER_LANGUAGE]["en"], value[PER_LANGUAGE]["zh-TW"]
            if en != zh:
                blocks = SequenceMatcher(None, en, zh, autojunk=False).get_matching_blocks()
                found.update(en[b.a:b.a + b.size].strip() for b in blocks if b.size >= 4)
            return
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, (list, tuple)):
            for v in value:
                walk(v)
        elif value is not None and not isinstance(value, bool):
            text = str(value)
            if text.strip():
                found.add(text)

    for s in grade.scenarios:
        r = s.result
        walk([r.evidence, r.hint_params, r.message_params, r.check_id])
    walk(grade.provenance)
    walk([c.to_dict() for c in grade.costs])
    walk([getattr(n, "params", {}) for n in grade.notes])
    return found


def english_left(line: str, values: set[str]) -> str | None:
    """The English words left in ``line`` once values, identifiers and labels are out."""
    text = html.unescape(line)
    for value in sorted(values, key=len, reverse=True):
        if len(value) > 1:
            text = text.replace(value, " ")
    for label in sorted(GLOSSARY["labels"], key=len, reverse=True):
        text = text.replace(label, " ")
    text = IDENTIFIER.sub(" ", text)
    for segment in CJK.split(text):
        words = [w for w in re.findall(r"[A-Za-z]+", segment) if w not in NAMES]
        run = ENGLISH_RUN.search(" ".join(words))
        if run or (not CJK.search(line) and len(words) >= 2):
            return " ".join(words)
    return None


def test_the_detector_finds_english_and_lets_values_through() -> None:
    values = {"AzureOpenAI-Finetune21", "eastus", "northcentralus"}
    assert english_left("AzureOpenAI-Finetune21 is in region 'eastus', not 'northcentralus'",
                        values)
    assert english_left("任務 1：Could not verify the resource group", values)
    assert english_left("AzureOpenAI-Finetune21 位於區域「eastus」，不是「northcentralus」",
                        values) is None
    assert english_left("請執行：labverify data training_set.jsonl validation_set.jsonl",
                        values) is None
    assert english_left("分數：92.14 / 95.00", values) is None


@cache
def zh_grade(session: str) -> Grade:
    options = replace(session_options(SESSIONS / session), lang="zh-TW", tasks="all")
    outcome = run_scenarios(GradeRequest(**vars(options)))
    assert outcome.results, outcome.output
    return grade(session, outcome.results, load_config(None), lang="zh-TW",
                 notes=outcome.notes, costs=outcome.costs,
                 provenance={"session": session})


def student_lines(graded: Grade) -> list[tuple[str, str]]:
    lines: list[tuple[str, str]] = []
    console = Console(file=io.StringIO(), width=400, color_system=None)
    print_scorecard(console, graded, graded.student)
    lines += [("scorecard", line) for line in console.file.getvalue().splitlines()]
    document = results_document(graded)
    lines += [("results output", line) for line in document["output"].splitlines()]
    for test in document["tests"]:
        lines.append(("results name", test["name"]))
        lines += [("results test output", line) for line in test["output"].splitlines()]
    page = re.sub(r"<style>.*?</style>|<details>.*?</details>", " ", render_html(graded),
                  flags=re.S)
    lines += [("report.html", line) for line in re.sub(r"<[^>]+>", "\n", page).splitlines()]
    markdown = re.sub(r"```json\n.*?\n```", " ", render_markdown(graded), flags=re.S)
    lines += [("report.md", re.sub(r"\\(.)", r"\1", line)) for line in markdown.splitlines()]
    for element in ET.fromstring(render_junit(graded)).iter():
        if element.tag in ("failure", "error", "skipped"):
            lines.append(("junit.xml message", element.get("message", "")))
            lines += [("junit.xml text", t) for t in (element.text or "").splitlines()]
        if element.tag in ("testsuite", "testcase"):
            lines.append(("junit.xml name", element.get("name", "")))
    return [(where, line) for where, line in lines if line.strip()]


@pytest.mark.parametrize("session", bundled_sessions())
def test_a_zh_tw_grading_reads_in_traditional_chinese(session: str) -> None:
    graded = zh_grade(session)
    values = values_of(graded)
    english = [(where, line, left) for where, line in student_lines(graded)
               if (left := english_left(line, values))]
    assert not english, "\n".join(f"{w}: {line!r} leaves {left!r}" for w, line, left in english)


@pytest.mark.parametrize("session", ["t1-wrong-region", "throttled-throughout", "t7-job-running"])
def test_the_sessions_the_issue_names_grade_with_the_zh_tw_features(session: str) -> None:
    graded = zh_grade(session)
    assert all(CJK.search(s.result.name) for s in graded.scenarios)
    assert graded.lang == "zh-TW"
    document = results_document(graded)
    assert document["extra_data"]["lang"] == "zh-TW"
    assert json.dumps(document, ensure_ascii=False).count("尚未完成") + \
        json.dumps(document, ensure_ascii=False).count("無法驗證") + \
        json.dumps(document, ensure_ascii=False).count("進行中") > 0
