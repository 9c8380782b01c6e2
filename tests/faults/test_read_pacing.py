"""A grading that paces its reads within ARM's read limit slows down instead of failing.

The double enforces the limit as ARM does ([throttle]: a token bucket, the remaining-reads
header, 429 with Retry-After); ``pace_reads`` waits it out while the read budget lasts.
"""

from __future__ import annotations

from pathlib import Path

from labverify.double.throttle import REMAINING
from labverify.grading import GradeRequest, run_scenarios

from .matrix import FAST_ARGS, LABFILES, WORLDS, fast_config_text

TASKS = "1,2,3,8,10"


def throttled_world(folder: Path, rate: float = 2, burst: int = 2) -> Path:
    path = folder / "throttled.toml"
    path.write_text(f'base = "{(WORLDS / "complete.toml").as_posix()}"\n[machine]\n'
                    f'labfiles = "{LABFILES.as_posix()}"\n'
                    f"[throttle]\nreads_per_second = {rate}\nburst = {burst}\n",
                    encoding="utf-8")
    return path


def config(folder: Path, budget: float) -> Path:
    path = folder / f"config-{budget}.toml"
    # Each read has 5 s to answer (the matrix's 0.5 s lost a read now and then on a loaded
    # machine): these tests are about the read limit, not about slow answers.
    path.write_text(fast_config_text(retries=0, timeout=5.0, budget=budget), encoding="utf-8")
    return path


def run(world: Path, lab_config: Path, **options: object) -> object:
    return run_scenarios(GradeRequest(mode="live", world=world, tasks=TASKS, lab_config=lab_config,
                                      extra_args=list(FAST_ARGS), **options))


def test_paced_reads_wait_out_the_limit_and_verify_everything(tmp_path: Path) -> None:
    outcome = run(throttled_world(tmp_path), config(tmp_path, 60), pace_reads=True)
    verdicts = {r.check_id: r.verdict.value for r in outcome.results}
    # Paused before the bucket ran dry, rather than sent into 429s.
    assert outcome.paced_seconds >= 1, verdicts
    assert "error" not in verdicts.values(), verdicts
    plain = run(throttled_world(tmp_path, rate=1000, burst=1000), config(tmp_path, 60))
    assert verdicts == {r.check_id: r.verdict.value for r in plain.results}


def test_without_pacing_a_retry_less_grading_cannot_verify_the_throttled_reads(
        tmp_path: Path) -> None:
    # The control: the same limit, no pacing and no retries: the throttled reads are lost.
    outcome = run(throttled_world(tmp_path), config(tmp_path, 60))
    verdicts = {r.check_id: r.verdict.value for r in outcome.results}
    assert outcome.throttled == 0 and "error" in verdicts.values(), verdicts


def test_throttled_past_the_budget_is_could_not_verify_never_fail(tmp_path: Path) -> None:
    plain = run(throttled_world(tmp_path, rate=1000, burst=1000), config(tmp_path, 60))
    outcome = run(throttled_world(tmp_path, rate=0.05, burst=2), config(tmp_path, 0.5),
                  pace_reads=True)
    verdicts = {r.check_id: r.verdict.value for r in outcome.results}
    assert "error" in verdicts.values(), verdicts
    expected = {r.check_id: r.verdict.value for r in plain.results}
    assert all(v == expected[c] or v == "error" for c, v in verdicts.items()), verdicts


def test_a_job_list_whose_jobs_ended_is_carried_to_the_next_grading(tmp_path: Path) -> None:
    lab_config = config(tmp_path, 60)
    world = tmp_path / "done.toml"
    world.write_text(f'base = "{(WORLDS / "complete.toml").as_posix()}"\n', encoding="utf-8")
    first = run_scenarios(GradeRequest(mode="live", world=world, tasks="7,8,9",
                                       lab_config=lab_config, extra_args=list(FAST_ARGS)))
    assert set(first.final_reads) == {"openai/fine-tuning-jobs"}
    again = run_scenarios(GradeRequest(mode="live", world=world, tasks="7,8,9",
                                       lab_config=lab_config, extra_args=list(FAST_ARGS),
                                       known_reads=first.final_reads))
    assert "openai/fine-tuning-jobs" in first.reads
    assert "openai/fine-tuning-jobs" not in again.reads
    assert ([(r.check_id, r.verdict) for r in again.results]
            == [(r.check_id, r.verdict) for r in first.results])


def test_a_job_still_training_is_read_again(tmp_path: Path) -> None:
    world = tmp_path / "running.toml"
    world.write_text(f'base = "{(WORLDS / "t7-job-running.toml").as_posix()}"\n',
                     encoding="utf-8")
    outcome = run_scenarios(GradeRequest(mode="live", world=world, tasks="7",
                                         lab_config=config(tmp_path, 60),
                                         extra_args=list(FAST_ARGS)))
    assert outcome.final_reads == {}


class _Answer:
    def __init__(self, status: int, headers: dict[str, str]) -> None:
        self.http_response = self
        self.status_code, self.headers = status, headers


class _Next:
    """The rest of a pipeline: hands back the answers given, one per request."""

    def __init__(self, *answers: _Answer) -> None:
        self.answers, self.sent = list(answers), 0

    def send(self, request: object) -> _Answer:
        self.sent += 1
        return self.answers.pop(0)


def _pacer(next_policy: _Next, budget: float = 60.0):
    from labverify.azure.pacing import ReadLimit, ReadPacer

    slept: list[float] = []
    now = [0.0]

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    limit = ReadLimit(lambda: budget, sleep=sleep, clock=lambda: now[0])
    pacer = ReadPacer(limit)
    pacer.next = next_policy
    return pacer, limit, slept


def test_a_429_is_waited_out_for_its_retry_after_and_sent_again() -> None:
    pacer, limit, slept = _pacer(_Next(_Answer(429, {"Retry-After": "3"}),
                                       _Answer(200, {REMAINING: "40"})))
    assert pacer.send(object()).status_code == 200
    assert (slept, limit.throttled, limit.remaining) == ([3.0], 1, 40)


def test_with_few_reads_left_the_next_read_waits_first() -> None:
    pacer, limit, slept = _pacer(_Next(_Answer(200, {REMAINING: "2"}),
                                       _Answer(200, {REMAINING: "30"})))
    pacer.send(object())
    assert slept == []
    pacer.send(object())
    assert slept == [1.0] and limit.remaining == 30


def test_past_the_budget_a_429_goes_back_to_the_retry_policy_unwaited() -> None:
    pacer, limit, slept = _pacer(_Next(_Answer(429, {"Retry-After": "100"})), budget=5)
    assert pacer.send(object()).status_code == 429
    assert (slept, limit.throttled) == ([], 0)
