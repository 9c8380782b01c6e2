"""A Markdown report a student can open or paste: escaped text, hints and evidence in code blocks.

Free text goes either through ``md_escape`` (punctuation backslash-escaped, ``<``, ``>`` and
``&`` as entities, so neither Markdown nor embedded HTML is interpreted) or into a fenced block
whose fence is longer than any run of backticks inside it.
"""

from __future__ import annotations

import json
import re

from ..catalogue import ui
from ..grade import Grade, format_points
from . import wording

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


def render_markdown(grade: Grade, title: str | None = None) -> str:
    lang = grade.lang
    heading = ui("report.heading", lang, title=title or ui("report.title", lang),
                 student=grade.student)
    lines = [f"# {md_escape(heading)}", "", f"**{md_escape(wording.score_line(grade))}**", ""]
    notice = wording.grade_notice(grade)
    if notice:
        lines += [f"> {md_escape(notice)}", ""]
    columns = [ui(f"column.{c}", lang) for c in ("task", "points", "policy", "state")]
    lines += ["| " + " | ".join(md_escape(c) for c in columns) + " |", "|---|---|---|---|"]
    for t in grade.tasks:
        lines.append(f"| {t.number}\\. {md_escape(wording.task_name(t, lang))} | "
                     f"{format_points(t.earned)} / {format_points(t.points)} | "
                     f"{md_escape(wording.policy(t.policy, lang))} | "
                     f"{md_escape(wording.task_state(t, lang))} |")
    extra = wording.notes(grade) + wording.costs(grade)
    if extra:
        lines += [""] + [f"- {md_escape(line)}" for line in extra]
    for t in grade.tasks:
        lines += ["", f"## {md_escape(wording.task_heading(t, lang))}", ""]
        for s in t.scenarios:
            verdict = wording.label(s.shown_verdict, lang)
            check = ui("report.check", lang, check=s.result.check_id)
            lines += [f"### {md_escape(s.result.name)}", "",
                      f"*{md_escape(verdict)}*, {md_escape(wording.points_text(s, lang))} "
                      f"({md_escape(check)})", "",
                      fenced(wording.scenario_output(s, lang)), ""]
            if s.result.evidence:
                evidence = json.dumps(s.result.evidence, indent=2, sort_keys=True,
                                      ensure_ascii=False)
                lines += [f"{md_escape(ui('report.evidence', lang))}:", "",
                          fenced(evidence, "json"), ""]
    if grade.provenance:
        lines += ["", f"## {md_escape(ui('report.provenance', lang))}", "", "| | |", "|---|---|"]
        lines += [f"| {md_escape(label)} | {md_escape(value)} |"
                  for label, value in wording.provenance(grade)]
    return "\n".join(lines).rstrip("\n") + "\n"
