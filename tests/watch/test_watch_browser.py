"""The watch's web page in a real browser: Debian's Chromium, driven by Playwright.

A small class from the afternoon is watched round by round while the page is open; after each
round the page, refreshing itself from state.json, must show every student's cells as the round
recorded them, and the instructor can open a student's report. A screenshot of each round is
saved (``LABVERIFY_ARTIFACTS``, else the test's folder). Without Playwright or Chromium the
test is skipped, unless ``LABVERIFY_BROWSER_REQUIRED`` is set (CI sets it: there it must run).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from labverify.batch import BatchSettings, read_roster
from labverify.config import load_config
from labverify.paths import CLASSES_DIR
from labverify.watch.classgen import START
from labverify.watch.rounds import WATCH_FORMATS, Rounds, RoundSettings
from labverify.watch.serve import FolderServer
from labverify.watch.watching import Plan, Watch

CLASS = ("Lin Wei", "Chang Shu-Fen", "Hsu Pei-Shan", "Tsai Ya-Wen")
TICK = timedelta(minutes=30)


def _chromium() -> str | None:
    return os.environ.get("LABVERIFY_CHROMIUM") or shutil.which("chromium") or shutil.which(
        "chromium-browser")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    required = bool(os.environ.get("LABVERIFY_BROWSER_REQUIRED"))
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if required:
            raise
        pytest.skip("Playwright is not installed (requirements-browser.lock)")
    executable = _chromium()
    if executable is None:
        if required:
            pytest.fail("no Chromium: apt-get install chromium")
        pytest.skip("no Chromium (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--disable-background-networking", "--no-first-run"])
        yield chromium
        chromium.close()


@pytest.fixture
def artifacts(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("LABVERIFY_ARTIFACTS") or tmp_path / "artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def watch_of(folder: Path, lang: str = "en") -> Watch:
    roster = folder / "roster.csv"
    worlds = CLASSES_DIR / "afternoon" / "worlds"
    lines = ["student,world"] + [
        f"{name},{(worlds / (name.lower().replace(' ', '-') + '.toml')).as_posix()}"
        for name in CLASS]
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = load_config(None)
    students = read_roster(roster, config.resource_group)
    out = folder / "out"
    settings = RoundSettings(BatchSettings(out_dir=out, formats=WATCH_FORMATS, lang=lang))
    plan = Plan(out, list(config.grading.default_tasks), clock=START, tick=TICK, lang=lang,
                page_refresh=0.2)
    return Watch(students, Rounds(students, settings), plan)


def cells(page: Any, student: str) -> dict[str, str]:
    row = page.locator(f'tr[data-student="{student}"] td.cell')
    return {row.nth(i).get_attribute("data-task"): row.nth(i).get_attribute("data-kind")
            for i in range(row.count())}


def test_the_page_follows_the_rounds_and_opens_a_report(browser: Any, tmp_path: Path,
                                                        artifacts: Path) -> None:
    watch = watch_of(tmp_path)
    # Rounds are driven one by one (not by Watch.run) so the page can be read between them.
    watch.start()
    with FolderServer(watch.plan.out_dir) as server:
        page = browser.new_page(viewport={"width": 1100, "height": 520})
        page.goto(server.url)
        assert page.locator("#meta").inner_text() == "Waiting for the first round."
        for number in (1, 2, 3):
            watch.round(number, watch.clock(number))
            page.wait_for_selector(f'body[data-round="{number}"]', timeout=10_000)
            state = json.loads((watch.plan.out_dir / "state.json").read_text("utf-8"))
            for student in state["students"]:
                assert cells(page, student["name"]) == student["tasks"], (number, student["name"])
            page.screenshot(path=str(artifacts / f"watch-round-{number}.png"), full_page=True)
            if number == 2:
                assert cells(page, "Chang Shu-Fen")["2"] == "wrong"
            if number == 3:
                # She assigned the missing role at 13:50: done in the next round.
                assert cells(page, "Chang Shu-Fen")["2"] == "done"
        assert cells(page, "Hsu Pei-Shan")["1"] == "not_started"
        assert "Chang Shu-Fen" in page.locator("#changes").inner_text()
        page.click("text=Lin Wei")
        page.wait_for_url("**/report.html")
        assert "Lin Wei" in page.content()
    watch.rounds.close()


def test_the_page_speaks_traditional_chinese(browser: Any, tmp_path: Path,
                                             artifacts: Path) -> None:
    watch = watch_of(tmp_path, "zh-TW")
    watch.round(1, watch.clock(4))
    with FolderServer(watch.plan.out_dir) as server:
        page = browser.new_page()
        page.goto(server.url)
        page.wait_for_selector('body[data-round="1"]')
        assert page.locator("#grid thead th").first.inner_text() == "學生"
        assert page.locator("h1").inner_text() == "班級進度"
        assert "完成" in page.locator("#legend").inner_text()
        page.screenshot(path=str(artifacts / "watch-zh-TW.png"), full_page=True)
    watch.rounds.close()


def test_opened_from_disk_the_page_shows_its_embedded_round(browser: Any,
                                                            tmp_path: Path) -> None:
    watch = watch_of(tmp_path)
    watch.round(1, watch.clock(1))
    page = browser.new_page()
    page.goto((watch.plan.out_dir / "index.html").as_uri())
    page.wait_for_selector('body[data-round="1"]')
    state = json.loads((watch.plan.out_dir / "state.json").read_text("utf-8"))
    assert cells(page, "Lin Wei") == next(s["tasks"] for s in state["students"]
                                          if s["name"] == "Lin Wei")
    page.wait_for_selector("#offline:not([hidden])")
    watch.rounds.close()
