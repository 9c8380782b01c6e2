"""The terminal view redraws in place within the screen; ``--serve`` serves the folder on
127.0.0.1; Ctrl+C ends a watch with the files of its last whole round."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from rich.console import Console

from labverify.commands.watch import _drawer
from labverify.watch.board import Board

from .test_board import record, seen

WATCH = [sys.executable, "-m", "labverify.cli", "watch", "--roster", "afternoon", "--tasks", "1",
         "--clock", "2026-11-20T13:00:00Z", "--tick", "30m", "--jobs", "1"]


def test_the_terminal_view_redraws_in_place_and_never_grows_past_the_screen() -> None:
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=100, height=12)
    board = Board([1, 2, 3])
    with contextlib.ExitStack() as stack:
        draw = _drawer(stack, console, "en", board)
        for number in (1, 2, 3):
            board.apply(record(number, **{f"student-{i:02d}": seen({1: "done", 2: "wrong"},
                                                                  ["t2-user"])
                                          for i in range(30)}))
            draw(board)
        text = out.getvalue()  # while the watch runs (at its end the last frame stays whole)
    frames = text.count("\x1b[2K")  # each redraw erases the lines it drew before
    assert frames > 0 and "\x1b[1A" in text  # cursor up: drawn over, not below
    visible = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text.split("\x1b[1A")[-1])
    assert len(visible.splitlines()) <= 12 + 1


def test_in_a_log_each_round_is_one_line() -> None:
    out = io.StringIO()
    console = Console(file=out, force_terminal=False, width=100)
    board = Board([1])
    with contextlib.ExitStack() as stack:
        draw = _drawer(stack, console, "zh-TW", board)
        for number in (1, 2):
            board.apply(record(number, ann=seen({1: "done"})))
            draw(board)
    assert out.getvalue().splitlines() == [
        "第 1 輪（2026-11-20T13:01:00Z）：1 項任務中完成 1 項，0 項變化，0 位未更新，0 位停滯",
        "第 2 輪（2026-11-20T13:02:00Z）：1 項任務中完成 1 項，0 項變化，0 位未更新，0 位停滯"]


def _wait_for(predicate, seconds: float = 120, step: float = 0.2) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(step)


def test_serve_answers_on_127_0_0_1_with_the_watch_s_state(tmp_path: Path) -> None:
    out = tmp_path / "watched"
    watch = subprocess.Popen([*WATCH, "--rounds", "2", "--every", "3", "--out", str(out),
                              "--serve", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, encoding="utf-8")
    try:
        line = watch.stdout.readline()
        found = re.search(r"on (http://127\.0\.0\.1:\d+/)", line)
        assert found, line
        url = found.group(1)
        _wait_for(lambda: (out / "rounds.jsonl").is_file())
        with urllib.request.urlopen(url + "state.json", timeout=10) as answer:
            state = json.loads(answer.read())
            assert answer.headers["Cache-Control"] == "no-store"
        assert state["round"] == 1 and len(state["students"]) == 30
        with urllib.request.urlopen(url, timeout=10) as answer:
            assert b'<script id="state"' in answer.read()
    finally:
        watch.wait(timeout=300)
    assert watch.returncode == 0, watch.stderr.read()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process is POSIX's")
def test_ctrl_c_ends_the_watch_with_its_last_whole_round(tmp_path: Path) -> None:
    out = tmp_path / "watched"
    watch = subprocess.Popen([*WATCH, "--every", "60", "--out", str(out)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             encoding="utf-8")
    # The moment the round's history is written, while its other files may still be: Ctrl+C
    # must wait for them.
    _wait_for(lambda: (out / "rounds.jsonl").is_file(), step=0.002)
    os.kill(watch.pid, signal.SIGINT)
    watch.wait(timeout=60)
    assert "Traceback" not in watch.stderr.read()
    rounds = (out / "rounds.jsonl").read_text("utf-8").splitlines()
    assert len(rounds) == 1
    assert json.loads((out / "state.json").read_text("utf-8"))["round"] == 1
    assert (out / "gradebook.csv").read_text("utf-8").count("\n") == 31
    assert not list(out.rglob("*.tmp*"))
