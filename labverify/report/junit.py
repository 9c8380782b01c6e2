"""JUnit XML for CI dashboards: one testsuite per task, one testcase per scenario.

Written from the graded results rather than by pytest's ``--junitxml``: pytest's file carries
the time of the run and each test's duration, so the same session would never give the same
file twice, and it knows nothing of points, policies or waivers.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

from ..catalogue import ui
from ..grade import Grade, format_points
from . import wording

# XML 1.0 cannot carry these characters at all, escaped or not.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _x(text: object) -> str:
    return _NOT_XML.sub("\ufffd", str(text))


def render_junit(grade: Grade) -> str:
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    root = ET.Element("testsuites", name=_x(f"labverify: {grade.student}"))
    for t in grade.tasks:
        suite = ET.SubElement(root, "testsuite", name=_x(wording.task_heading(t, grade.lang)))
        tallies = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        if grade.provenance:
            suite_props = ET.SubElement(suite, "properties")
            for label, value in wording.provenance(grade):
                ET.SubElement(suite_props, "property", name=_x(label), value=_x(value))
        for s in t.scenarios:
            case = ET.SubElement(suite, "testcase", classname=f"task{t.number}",
                                 name=_x(s.result.name))
            props = ET.SubElement(case, "properties")
            for name, value in (("check", s.result.check_id), ("verdict", s.shown_verdict),
                                ("points", f"{format_points(s.earned)}/{format_points(s.points)}"
                                 if s.counted else ui("points.not_counted", grade.lang))):
                ET.SubElement(props, "property", name=name, value=_x(value))
            if s.waiver is not None:
                ET.SubElement(props, "property", name="waiver", value=_x(wording.waiver_text(s, grade.lang)))
            verdict = s.shown_verdict
            message = s.result.localized_message(grade.lang)
            output = wording.scenario_output(s, grade.lang)
            tallies["tests"] += 1
            if verdict in ("fail", "in_progress"):
                tallies["failures"] += 1
                ET.SubElement(case, "failure", type=verdict,
                              message=_x(message)).text = _x(output)
            elif verdict == "error":
                tallies["errors"] += 1
                ET.SubElement(case, "error", type="could_not_verify",
                              message=_x(message)).text = _x(output)
            elif verdict == "skipped":
                tallies["skipped"] += 1
                ET.SubElement(case, "skipped", message=_x(message))
            if s.result.evidence:
                ET.SubElement(case, "system-out").text = _x(
                    json.dumps(s.result.evidence, indent=2, sort_keys=True, ensure_ascii=False))
        for key, value in tallies.items():
            suite.set(key, str(value))
            counts[key] += value
    for key, value in counts.items():
        root.set(key, str(value))
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
