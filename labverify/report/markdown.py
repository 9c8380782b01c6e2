"""A Markdown report a student can open or paste: escaped text, hints and evidence in code blocks.

Free text goes either through ``md_escape`` (punctuation backslash-escaped, ``<``, ``>`` and
``&`` as entities, so neither Markdown nor embedded HTML is interpreted) or into a fenced block
whose fence is longer than any run of backticks inside it.
"""

from __future__ import annotations

import json
import re

from ..grade import Grade, format_points
from .provenance import provenance_rows
from .results import student_output
from .wording import LABEL, grade_notice

# Inline text only ever starts after a fixed prefix ("# ", "| ", "### "), so line-start
# markers (#, -, +, "1.") cannot trigger; these are the characters that act mid-line.
_SPECIAL = re.compile(r"([\\`*_{}\[\]|~])")


def md_escape(text: object) -> str:
    value = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = _SPECIAL.sub(r"\\\1", value)
    return " ".join(value.split())  # a newline would end a list item or a table row


def fenced(text: str, info: str = "text") -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{info}\n{text}\n{fence}"


def render_markdown(grade: Grade, title: str = "Lab grading report") -> str:
    lines = [f"# {md_escape(title)}: {md_escape(grade.student)}", "",
             f"**Score: {format_points(grade.score)} / {format_points(grade.max_score)}**", ""]
    notice = grade_notice(grade)
    if notice:
        lines += [f"> {md_escape(notice)}", ""]
    lines += ["| Task | Points | Policy | State |", "|---|---|---|---|"]
    for t in grade.tasks:
        lines.append(f"| {t.number}\\. {md_escape(t.name)} | {format_points(t.earned)} / "
                     f"{format_points(t.points)} | {t.policy} | {t.state.replace('_', ' ')} |")
    for t in grade.tasks:
        lines += ["", f"## Task {t.number}: {md_escape(t.name)}", ""]
        for s in t.scenarios:
            verdict = LABEL.get(s.shown_verdict, s.shown_verdict)
            points = (f"{format_points(s.earned)} / {format_points(s.points)} points" if s.counted
                      else "not counted")
            lines += [f"### {md_escape(s.result.name)}", "",
                      f"*{md_escape(verdict)}*, {points} (check {md_escape(s.result.check_id)})", "",
                      fenced(student_output(s, grade.lang)), ""]
            if s.result.evidence:
                evidence = json.dumps(s.result.evidence, indent=2, sort_keys=True,
                                      ensure_ascii=False)
                lines += ["Evidence:", "", fenced(evidence, "json"), ""]
    if grade.provenance:
        lines += ["", "## Provenance", "", "| | |", "|---|---|"]
        lines += [f"| {md_escape(label)} | {md_escape(value)} |"
                  for label, value in provenance_rows(grade.provenance)]
    return "\n".join(lines).rstrip("\n") + "\n"
