"""The board: what every view of a watch shows, from round records alone."""

from __future__ import annotations

from typing import Any

from labverify.watch.board import Board


def seen(tasks: dict[int, str], failing: list[str] = (), status: str = "graded",
         note: str = "") -> dict[str, Any]:
    return {"tasks": {str(t): k for t, k in tasks.items()}, "failing": list(failing),
            "status": status, "note": note, "score": 1.0, "max_score": 2.0}


def record(number: int, **students: dict[str, Any]) -> dict[str, Any]:
    return {"round": number, "at": f"2026-11-20T13:{number:02d}:00Z", "students": students}


def test_a_round_that_did_not_finish_keeps_the_last_grade_marked_stale() -> None:
    board = Board([1, 2])
    board.apply(record(1, ann=seen({1: "done", 2: "wrong"}, ["t2-user"])))
    board.apply(record(2, ann=seen({1: "unverified", 2: "unverified"}, status="incomplete",
                                   note="t1-exists: throttled")))
    ann = board.students["ann"]
    assert (ann.kind(1), ann.kind(2), ann.stale_since) == ("done", "wrong", 2)
    assert ann.stale_reason == "t1-exists: throttled" and board.changes == []
    board.apply(record(3, ann=seen({}, status="no_grade", note="no scenario ran")))
    assert ann.stale_since == 2  # stale since the first round that did not finish
    board.apply(record(4, ann=seen({1: "done", 2: "done"})))
    assert (ann.kind(2), ann.stale) == ("done", False)
    assert board.changes == [{"student": "ann", "task": 2, "from": "wrong", "to": "done"}]


def test_without_an_earlier_grade_an_unfinished_round_is_shown_as_it_is() -> None:
    board = Board([1])
    board.apply(record(1, bob=seen({1: "unverified"}, status="incomplete")))
    assert (board.students["bob"].kind(1), board.students["bob"].stale) == ("unverified", False)


def test_stuck_is_the_same_first_failing_check_round_after_round() -> None:
    board = Board([1, 2], stuck_after=3)
    for number in (1, 2):
        board.apply(record(number, cy=seen({1: "wrong"}, ["t1-region", "t1-sku"])))
    assert board.stuck() == []
    board.apply(record(3, cy=seen({1: "wrong"}, ["t1-region"])))
    assert [(s.name, s.stuck_check, s.stuck_rounds) for s in board.stuck()] == [
        ("cy", "t1-region", 3)]
    board.apply(record(4, cy=seen({1: "wrong"}, ["t1-sku"])))  # another check: not stuck
    assert board.stuck() == []


def test_counts_per_task_count_every_student_once() -> None:
    board = Board([1, 2])
    board.add_student("nobody-yet", "")
    board.apply(record(1, a=seen({1: "done", 2: "under_way"}), b=seen({1: "done", 2: "wrong"})))
    counts = board.counts()
    assert counts[1]["done"] == 2 and counts[1]["not_started"] == 1
    assert (counts[2]["under_way"], counts[2]["wrong"], counts[2]["not_started"]) == (1, 1, 1)
    assert all(sum(c.values()) == 3 for c in counts.values())
