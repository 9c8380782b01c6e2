"""A self-contained HTML report a student can open: inline style, no scripts, nothing fetched.

Every piece of text is escaped, so a hint or an evidence value quoting markup is shown, never
interpreted.
"""

from __future__ import annotations

import json
from html import escape

from ..catalogue import ui
from ..grade import Grade, ScenarioGrade, format_points
from . import wording

_STYLE = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;max-width:60em;
color:#1d1d1f;padding:0 1em}
h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.3em .5em;
vertical-align:top;border-bottom:1px solid #eee}
.v{font-weight:600;white-space:nowrap}.pass,.waived{color:#12703a}.fail{color:#b3261e}
.in_progress{color:#8a5a00}.error{color:#7b1fa2}.skipped{color:#666}
pre{background:#f6f6f6;padding:.5em;white-space:pre-wrap;word-break:break-word;margin:.3em 0}
.score{font-size:1.3em;font-weight:600}.muted{color:#666}
.notice{background:#fff4e5;border-left:4px solid #8a5a00;padding:.5em .8em}
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _scenario(s: ScenarioGrade, lang: str) -> str:
    verdict = s.shown_verdict
    rows = [f'<tr><td class="v {_e(verdict)}">{_e(wording.label(verdict, lang))}</td>',
            f"<td><strong>{_e(s.result.name)}</strong> "
            f'<span class="muted">({_e(s.result.check_id)})</span>',
            f"<pre>{_e(wording.scenario_output(s, lang))}</pre>"]
    if s.result.evidence:
        evidence = json.dumps(s.result.evidence, indent=2, sort_keys=True, ensure_ascii=False)
        rows.append(f"<details><summary>{_e(ui('report.evidence', lang))}</summary>"
                    f"<pre>{_e(evidence)}</pre></details>")
    points = f"{format_points(s.earned)} / {format_points(s.points)}" if s.counted else "-"
    rows.append(f"</td><td>{points}</td></tr>")
    return "".join(rows)


def render_html(grade: Grade, title: str | None = None) -> str:
    lang = grade.lang
    heading = ui("report.heading", lang, title=title or ui("report.title", lang),
                 student=grade.student)
    parts = ["<!DOCTYPE html>", f'<html lang="{_e(lang)}"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{_e(heading)}</title><style>{_STYLE}</style></head><body>",
             f"<h1>{_e(heading)}</h1>",
             f'<p class="score">{_e(wording.score_line(grade))}</p>']
    notice = wording.grade_notice(grade)
    if notice:
        parts.append(f'<p class="notice">{_e(notice)}</p>')
    parts.append("<table><tr>" + "".join(f"<th>{_e(ui(f'column.{c}', lang))}</th>" for c in
                                         ("task", "points", "policy", "state")) + "</tr>")
    for t in grade.tasks:
        parts.append(f"<tr><td>{t.number}. {_e(wording.task_name(t, lang))}</td>"
                     f"<td>{format_points(t.earned)} / {format_points(t.points)}</td>"
                     f"<td>{_e(wording.policy(t.policy, lang))}</td>"
                     f"<td>{_e(wording.task_state(t, lang))}</td></tr>")
    parts.append("</table>")
    parts += [f"<p>{_e(line)}</p>" for line in wording.notes(grade) + wording.costs(grade)]
    for t in grade.tasks:
        parts.append(f"<h2>{_e(wording.task_heading(t, lang))}</h2><table>")
        parts += [_scenario(s, lang) for s in t.scenarios]
        parts.append("</table>")
    if grade.provenance:
        parts.append(f"<h2>{_e(ui('report.provenance', lang))}</h2><table>")
        parts += [f"<tr><th>{_e(label)}</th><td>{_e(value)}</td></tr>"
                  for label, value in wording.provenance(grade)]
        parts.append("</table>")
    parts.append("</body></html>\n")
    return "\n".join(parts)
