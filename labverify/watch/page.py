"""The watch's web page: ``index.html``, one self-contained file (no internet, no script from
elsewhere) that draws the board from ``state.json`` and reads it again every few seconds.

The state of the round it was written after is embedded too, so the page also works opened
from disk, where a browser may refuse to read ``state.json``. Its words come from the
catalogue in the watch's language. Student names are set as text, never as markup.
"""

from __future__ import annotations

import json
from typing import Any

from ..catalogue import ui
from .sighting import KINDS
from .terminal import GLYPHS

WORDS = ("watch.title", "watch.round", "watch.updated", "watch.waiting", "watch.column.student",
         "watch.column.score", "watch.column.note", "watch.task", "watch.stale", "watch.stuck",
         "watch.changes", "watch.no_changes", "watch.change", "watch.stuck_heading",
         "watch.counts", "watch.report", "watch.legend", "watch.offline", "watch.colon")
REFRESH_SECONDS = 5


def words(lang: str) -> dict[str, str]:
    """The page's sentences with their {names} left for the script to fill."""
    texts = {key: ui(key, lang, **_placeholders(key)) for key in WORDS}
    texts.update({f"kind.{kind}": ui(f"watch.kind.{kind}", lang) for kind in KINDS})
    return texts


def _placeholders(key: str) -> dict[str, str]:
    names = ("round", "at", "started", "seconds", "number", "check", "rounds", "student",
             "task", "before", "after")
    return {name: "{" + name + "}" for name in names}


def _embed(data: Any) -> str:
    # Inside <script>: "</" would end the element early.
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


def render_page(state: dict[str, Any], lang: str, refresh_seconds: float = REFRESH_SECONDS) -> str:
    html_lang = "zh-Hant-TW" if lang == "zh-TW" else "en"
    return (_TEMPLATE
            .replace("__LANG__", html_lang)
            .replace("__TITLE__", ui("watch.title", lang))
            .replace("__WORDS__", _embed(words(lang)))
            .replace("__GLYPHS__", _embed(GLYPHS))
            .replace("__STATE__", _embed(state))
            .replace("__REFRESH__", str(int(refresh_seconds * 1000))))


_TEMPLATE = """<!DOCTYPE html>
<html lang="__LANG__">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>__TITLE__</title>
<style>
body { font-family: system-ui, "Microsoft JhengHei", "Noto Sans CJK TC", sans-serif;
       margin: 1.5rem; color: #1b1b1b; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
#meta, #offline { color: #555; margin: 0 0 1rem; }
#offline { color: #8a4b00; }
table { border-collapse: collapse; }
th, td { padding: .25rem .5rem; border-bottom: 1px solid #ddd; text-align: center; }
th.name, td.name, td.note { text-align: left; }
td.cell { font-size: 1.1rem; min-width: 2rem; }
.done { background: #e3f4e3; color: #1a6b1a; }
.wrong { background: #fbe3e3; color: #a11; font-weight: bold; }
.under_way { background: #fff5d6; color: #8a6500; }
.unverified { background: #f1e6f7; color: #6b2a8a; }
.not_started, .not_graded { color: #999; }
tr.stale td.name { color: #999; font-style: italic; }
tfoot td { color: #555; font-size: .9rem; }
#changes, #stuck, #legend { margin-top: 1rem; }
#stuck { color: #a11; }
</style>
</head>
<body>
<h1 id="title"></h1>
<p id="meta"></p>
<p id="offline" hidden></p>
<table id="grid"><thead></thead><tbody></tbody><tfoot></tfoot></table>
<div id="changes"></div>
<div id="stuck"></div>
<div id="legend"></div>
<script id="words" type="application/json">__WORDS__</script>
<script id="glyphs" type="application/json">__GLYPHS__</script>
<script id="state" type="application/json">__STATE__</script>
<script>
"use strict";
const WORDS = JSON.parse(document.getElementById("words").textContent);
const GLYPHS = JSON.parse(document.getElementById("glyphs").textContent);
const KINDS = Object.keys(GLYPHS);
function say(key, values) {
  return WORDS[key].replace(/\\{(\\w+)\\}/g, (m, name) =>
    values && name in values ? String(values[name]) : m);
}
function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  if (cls) node.className = cls;
  return node;
}
function points(v) { return Number.isInteger(v) ? String(v) : String(Math.round(v * 100) / 100); }
function draw(state) {
  document.getElementById("title").textContent = WORDS["watch.title"];
  document.getElementById("meta").textContent = state.round
    ? say("watch.round", state) + " · " + say("watch.updated", state)
    : WORDS["watch.waiting"];
  const head = document.querySelector("#grid thead");
  const body = document.querySelector("#grid tbody");
  const foot = document.querySelector("#grid tfoot");
  head.replaceChildren(); body.replaceChildren(); foot.replaceChildren();
  const top = el("tr");
  top.append(el("th", WORDS["watch.column.student"], "name"));
  for (const t of state.tasks) {
    const th = el("th", String(t.number));
    th.title = say("watch.task", t) + WORDS["watch.colon"] + t.title;
    top.append(th);
  }
  top.append(el("th", WORDS["watch.column.score"]), el("th", WORDS["watch.column.note"], "name"));
  head.append(top);
  for (const s of state.students) {
    const row = el("tr", null, s.stale_since ? "stale" : "");
    row.dataset.student = s.name;
    const name = el("td", null, "name");
    if (s.report) {
      const link = el("a", s.name);
      link.href = s.report;
      link.title = WORDS["watch.report"];
      name.append(link);
    } else {
      name.textContent = s.name;
    }
    row.append(name);
    for (const t of state.tasks) {
      const kind = s.tasks[String(t.number)];
      const cell = el("td", GLYPHS[kind], "cell " + kind);
      cell.dataset.task = String(t.number);
      cell.dataset.kind = kind;
      cell.title = say("watch.task", t) + WORDS["watch.colon"] + WORDS["kind." + kind];
      row.append(cell);
    }
    row.append(el("td", s.score === null || s.max_score === null ? ""
      : points(s.score) + "/" + points(s.max_score)));
    const notes = [];
    if (s.stale_since) notes.push(say("watch.stale", {round: s.stale_since}));
    if (s.stuck) notes.push(say("watch.stuck", s.stuck));
    row.append(el("td", notes.join("; "), "note"));
    body.append(row);
  }
  for (const kind of KINDS.slice(0, -1)) {
    const row = el("tr");
    row.append(el("td", GLYPHS[kind] + " " + WORDS["kind." + kind], "name"));
    for (const t of state.tasks) {
      const n = state.counts[String(t.number)][kind];
      row.append(el("td", n ? String(n) : "", "count"));
    }
    row.append(el("td"), el("td"));
    foot.append(row);
  }
  const changes = document.getElementById("changes");
  changes.replaceChildren();
  if (state.round) {
    changes.append(el("h2", state.changes.length ? WORDS["watch.changes"]
                                                 : WORDS["watch.no_changes"]));
    const list = el("ul");
    for (const c of state.changes) {
      list.append(el("li", say("watch.change", {student: c.student, task: c.task,
        before: c.from ? WORDS["kind." + c.from] : "-", after: c.to ? WORDS["kind." + c.to] : "-"})));
    }
    changes.append(list);
  }
  const stuck = document.getElementById("stuck");
  stuck.replaceChildren();
  const stuckOnes = state.students.filter(s => s.stuck);
  if (stuckOnes.length) {
    stuck.append(el("h2", WORDS["watch.stuck_heading"]));
    const list = el("ul");
    for (const s of stuckOnes) {
      list.append(el("li", s.name + WORDS["watch.colon"] + say("watch.stuck", s.stuck)));
    }
    stuck.append(list);
  }
  const legend = document.getElementById("legend");
  legend.replaceChildren(el("span", WORDS["watch.legend"] + WORDS["watch.colon"]));
  for (const kind of KINDS.slice(0, -1)) {
    legend.append(el("span", GLYPHS[kind] + " " + WORDS["kind." + kind] + "  ", kind));
  }
  document.body.dataset.round = String(state.round);
}
let shown = JSON.parse(document.getElementById("state").textContent);
draw(shown);
async function refresh() {
  try {
    const answer = await fetch("state.json", {cache: "no-store"});
    if (!answer.ok) throw new Error(String(answer.status));
    const state = await answer.json();
    document.getElementById("offline").hidden = true;
    if (state.round !== shown.round || state.started !== shown.started) {
      shown = state;
      draw(state);
    }
  } catch (e) {
    const note = document.getElementById("offline");
    note.textContent = WORDS["watch.offline"];
    note.hidden = false;
  }
}
setInterval(refresh, __REFRESH__);
refresh();
</script>
</body>
</html>
"""
