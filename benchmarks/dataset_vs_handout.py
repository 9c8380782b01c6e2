"""Benchmark: ``labverify data`` against the handout's own task-6 code.

Generates a chat fine-tuning dataset in a temporary folder (``training_set.jsonl`` with
100,000 examples by default, ``validation_set.jsonl`` with 1% of that), then, in one run:

* times ``labverify data training_set.jsonl validation_set.jsonl --json OUT`` (the real
  command: argument parsing, config, streaming check in worker processes, JSON and the rich
  report) against the handout's code, whose cells are copied verbatim below and run like a
  notebook (one namespace, in the dataset folder): step 8, the token-counting cell, alone,
  and steps 6 + 8 (the loading cell, whose datasets a notebook keeps, then step 8). Runs
  alternate; the best wall time of each is kept, with the CPU time it used (workers
  included);
* measures the peak memory of each with tracemalloc, in separate runs (tracing slows Python
  down, so it is kept out of the timed runs); for labverify the peak of the calling process
  plus each worker process's peak;
* checks that labverify counts the same tokens as the handout's functions for every example
  of both files, and that the report's statistics equal the ones the handout computes.

Every side uses the tokenizer already loaded, so none pays for loading it, and all print to
a discarded stream. Usage::

    python benchmarks/dataset_vs_handout.py [--examples N] [--repeat R] [--executors]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from process_memory import measure_command  # noqa: E402

from labverify.cli import main as labverify_main  # noqa: E402
from labverify.config import load_config  # noqa: E402
from labverify.dataset import check_files, settings_from_config  # noqa: E402
from labverify.dataset.findings import FindingLog  # noqa: E402
from labverify.dataset.lines import process_lines  # noqa: E402
from labverify.dataset.pool import ChunkRunner, last_worker_peak_bytes  # noqa: E402
from labverify.dataset.reader import Chunk, iter_chunks, open_dataset  # noqa: E402
from labverify.tokenizers import SHIPPED_DIR, get_encoding  # noqa: E402

_WORDS = ("the of and to in is you that it he was for on are as with his they at be this "
          "have from or one had by word but not what all were we when your can said there use "
          "an each which she do how their if will up other about out many then them these so "
          "some her would make like him into time has look two more write go see number no way "
          "could people my than first water been call who oil its now find long down day did "
          "get come made may part ocean planet painter boiling Celsius Antarctica Jupiter "
          "über café naïve 東京 données résumé").split()
_SYSTEM = ("Clippy is a factual chatbot that is also sarcastic.",
           "You are a helpful assistant that answers briefly.",
           "The system is an AI teacher that helps people learn about AI")


def _sentence(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + rng.choice(".!?")


def generate(path: Path, examples: int, seed: int = 6) -> None:
    """Write ``examples`` chat examples the handout's code can read (role/content/name)."""
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for _ in range(examples):
            messages: list[dict[str, str]] = [{"role": "system", "content": rng.choice(_SYSTEM)}]
            for _turn in range(1 if rng.random() < 0.8 else 2):
                user: dict[str, str] = {"role": "user", "content": _sentence(rng, 4, 25)}
                if rng.random() < 0.1:
                    user["name"] = rng.choice(("alice", "bob", "student_21"))
                messages.append(user)
                messages.append({"role": "assistant", "content": _sentence(rng, 8, 60)})
            out.write(json.dumps({"messages": messages}, ensure_ascii=False) + "\n")


# The handout's task 6 cells, as printed in the handout (steps 6 and 8), run like a notebook:
# in one namespace, in the folder holding training_set.jsonl and validation_set.jsonl.
HANDOUT_STEP6 = """
import json

# Load the training set
with open('training_set.jsonl', 'r', encoding='utf-8') as f:
    training_dataset = [json.loads(line) for line in f]

# Training dataset stats
print("Number of examples in training set:", len(training_dataset))
print("First example in training set:")
for message in training_dataset[0]["messages"]:
    print(message)

# Load the validation set
with open('validation_set.jsonl', 'r', encoding='utf-8') as f:
    validation_dataset = [json.loads(line) for line in f]

# Validation dataset stats
print("\\nNumber of examples in validation set:", len(validation_dataset))
print("First example in validation set:")
for message in validation_dataset[0]["messages"]:
    print(message)
"""

HANDOUT_STEP8 = """
# Validate token counts

import json
import tiktoken
import numpy as np
from collections import defaultdict

encoding = tiktoken.get_encoding("o200k_base") # default encoding for gpt-4o models. This requires the latest version of tiktoken to be installed.

def num_tokens_from_messages(messages, tokens_per_message=3, tokens_per_name=1):
    num_tokens = 0
    for message in messages:
        num_tokens += tokens_per_message
        for key, value in message.items():
            num_tokens += len(encoding.encode(value))
            if key == "name":
                num_tokens += tokens_per_name
    num_tokens += 3
    return num_tokens

def num_assistant_tokens_from_messages(messages):
    num_tokens = 0
    for message in messages:
        if message["role"] == "assistant":
            num_tokens += len(encoding.encode(message["content"]))
    return num_tokens

def print_distribution(values, name):
    print(f"\\n#### Distribution of {name}:")
    print(f"min / max: {min(values)}, {max(values)}")
    print(f"mean / median: {np.mean(values)}, {np.median(values)}")
    print(f"p5 / p95: {np.quantile(values, 0.1)}, {np.quantile(values, 0.9)}")

files = ['training_set.jsonl', 'validation_set.jsonl']

for file in files:
    print(f"Processing file: {file}")
    with open(file, 'r', encoding='utf-8') as f:
        dataset = [json.loads(line) for line in f]

    total_tokens = []
    assistant_tokens = []

    for ex in dataset:
        messages = ex.get("messages", {})
        total_tokens.append(num_tokens_from_messages(messages))
        assistant_tokens.append(num_assistant_tokens_from_messages(messages))

    print_distribution(total_tokens, "total tokens")
    print_distribution(assistant_tokens, "assistant tokens")
    print('*' * 50)
"""  # noqa: E501 - the handout's line, kept as printed


def handout_token_cell() -> dict[str, Any]:
    """Step 8 alone, in a fresh namespace; returns the namespace."""
    namespace: dict[str, Any] = {}
    exec(HANDOUT_STEP8, namespace)
    return namespace


def handout_notebook() -> dict[str, Any]:
    """Steps 6 then 8 in one namespace, as a notebook session keeps them."""
    namespace: dict[str, Any] = {}
    exec(HANDOUT_STEP6, namespace)
    exec(HANDOUT_STEP8, namespace)
    return namespace


def handout_counts(namespace: dict[str, Any], path: Path) -> tuple[list[int], list[int]]:
    """Per-example counts of one file by the handout's own functions (from step 8)."""
    with open(path, encoding="utf-8") as f:
        dataset = [json.loads(line) for line in f]
    totals = [namespace["num_tokens_from_messages"](ex["messages"]) for ex in dataset]
    assistants = [namespace["num_assistant_tokens_from_messages"](ex["messages"])
                  for ex in dataset]
    return totals, assistants


def labverify_data(files: list[str], json_out: Path, workers: int | None) -> int:
    argv = [*files, "--json", str(json_out)]
    if workers is not None:
        argv += ["--workers", str(workers)]
    return labverify_main(["data", *argv])


def _quiet(fn: Callable[[], Any]) -> Any:
    with contextlib.redirect_stdout(io.StringIO()):
        return fn()


def _cpu_seconds() -> float:
    # Includes worker processes once they have exited (the pool is shut down per run).
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _timed_runs(fns: list[Callable[[], Any]], repeat: int) -> list[tuple[float, float, Any]]:
    """Best wall time, the CPU time of that run, and its result, for each function. The runs
    alternate, so that other load on the machine falls on all of them alike."""
    best: list[tuple[float, float, Any]] = [(float("inf"), 0.0, None)] * len(fns)
    for _ in range(repeat):
        for index, fn in enumerate(fns):
            cpu, start = _cpu_seconds(), time.perf_counter()
            result = _quiet(fn)
            wall = time.perf_counter() - start
            if wall < best[index][0]:
                best[index] = (wall, _cpu_seconds() - cpu, result)
    return best


def _peak(fn: Callable[[], Any]) -> int:
    tracemalloc.start()
    try:
        _quiet(fn)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def compare_executors(path: Path, workers: int) -> None:
    """Time the per-line work serially, on threads and on processes (the real runner)."""
    settings = settings_from_config(load_config(None))
    log = FindingLog(50)

    def chunks() -> list[Chunk]:
        opened, _ = open_dataset(path, settings.max_file_bytes, log)
        assert opened is not None
        with opened.handle:
            return list(iter_chunks(opened, log))

    data = chunks()
    timings = {}
    start = time.perf_counter()
    for chunk in data:
        process_lines(chunk.line, chunk.data, settings)
    timings["serial"] = time.perf_counter() - start
    start = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(lambda c: process_lines(c.line, c.data, settings), data))
    timings[f"{workers} threads"] = time.perf_counter() - start
    start = time.perf_counter()
    with ChunkRunner(settings, workers) as runner:
        list(runner.run(iter(data), parallel=True, path=path))
    timings[f"{workers} processes"] = time.perf_counter() - start
    print("Per-line work on the same chunks: " + ", ".join(
        f"{name} {seconds:.2f} s" for name, seconds in timings.items()))


def _same_stats(entry: dict[str, Any], values: list[int]) -> bool:
    """The report's figures equal what the handout computes (its "p5/p95" are p10/p90)."""
    expected = {"min": min(values), "max": max(values), "mean": float(np.mean(values)),
                "median": float(np.median(values)), "p10": float(np.quantile(values, 0.1)),
                "p90": float(np.quantile(values, 0.9))}
    return all(entry[key] == value for key, value in expected.items())


def as_commands(folder: Path, repeat: int) -> tuple[tuple[float, int, float],
                                                   tuple[float, int, float]]:
    """``labverify data`` and the handout's step 8 as a script, each a fresh process: the best
    and the median wall time of runs nobody watches, the peak memory from other runs (walking
    /proc every 10 ms keeps a core busy, which costs the two-core side more than the one-core
    side)."""
    script = folder / "handout_step8.py"
    script.write_text(HANDOUT_STEP8, encoding="utf-8")
    env = {**os.environ, "TIKTOKEN_CACHE_DIR": str(SHIPPED_DIR)}  # no download for either
    labverify = [str(Path(sys.executable).with_name("labverify")), "data", "training_set.jsonl",
                 "validation_set.jsonl", "--json", str(folder / "command.json")]
    handout = [sys.executable, str(script)]
    sides = {"ours": labverify, "handout": handout}
    walls: dict[str, list[float]] = {"ours": [], "handout": []}
    for _ in range(repeat):
        for side, command in sides.items():
            walls[side].append(measure_command(command, folder, env, False)[0])
    peaks = {side: measure_command(command, folder, env, True)[1]
             for side, command in sides.items()}
    ours, handout = ((min(walls[side]), peaks[side], float(np.median(walls[side])))
                     for side in ("ours", "handout"))
    return ours, handout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=100_000,
                        help="training examples (the validation file gets 1%%, at least 10)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs; the best is kept")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--executors", action="store_true",
                        help="also time serial, thread and process execution of the work")
    args = parser.parse_args()

    # Every side finds the tokenizer loaded: labverify's, and tiktoken's (the handout's cells).
    get_encoding("o200k_base")
    os.environ["TIKTOKEN_CACHE_DIR"] = str(SHIPPED_DIR)
    __import__("tiktoken").get_encoding("o200k_base")
    with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(tmp):
        paths = [Path(tmp) / "training_set.jsonl", Path(tmp) / "validation_set.jsonl"]
        generate(paths[0], args.examples, seed=6)
        generate(paths[1], max(10, args.examples // 100), seed=7)
        files = [str(p) for p in paths]
        json_out = Path(tmp) / "report.json"
        sizes = [sum(1 for _ in open(p, "rb")) for p in paths]
        print(f"Dataset: training_set.jsonl {sizes[0]:,} examples "
              f"({paths[0].stat().st_size / 1e6:.1f} MB), validation_set.jsonl {sizes[1]:,}; "
              f"{os.cpu_count()} CPUs")

        def ours() -> int:
            return labverify_data(files, json_out, args.workers)

        sides = {"labverify data": ours, "handout step 8": handout_token_cell,
                 "handout steps 6 + 8": handout_notebook}
        timed = dict(zip(sides, _timed_runs(list(sides.values()), args.repeat), strict=True))
        peaks = {name: _peak(fn) for name, fn in sides.items() if name != "labverify data"}
        main_peak = _peak(ours)
        workers_peak = last_worker_peak_bytes()
        peaks["labverify data"] = main_peak + workers_peak

        status = timed["labverify data"][2]
        namespace = timed["handout step 8"][2]
        reports = json.loads(json_out.read_text(encoding="utf-8"))["files"]
        checked = check_files(files, settings_from_config(load_config(None)),
                              workers=args.workers)
        same_counts = same_stats = True
        for path, report, entry in zip(paths, checked, reports, strict=True):
            totals, assistants = handout_counts(namespace, path)
            same_counts &= (np.array_equal(report.total_tokens, np.array(totals))
                            and np.array_equal(report.assistant_tokens, np.array(assistants)))
            same_stats &= (_same_stats(entry["total_tokens"], totals)
                           and _same_stats(entry["assistant_tokens"], assistants))

        print(f"{'':22}{'wall':>8}{'CPU':>8}{'peak memory':>14}")
        for name, (wall, cpu, _) in timed.items():
            extra = ""
            if name == "labverify data":
                extra = (f"  (main {main_peak / 2**20:.1f} + workers "
                         f"{workers_peak / 2**20:.1f}), exit status {status}")
            print(f"{name:22}{wall:7.2f}s{cpu:7.2f}s{peaks[name] / 2**20:10.1f} MiB{extra}")
        ours_wall, ours_peak = timed["labverify data"][0], peaks["labverify data"]
        for name in ("handout step 8", "handout steps 6 + 8"):
            print(f"labverify data against {name}: {timed[name][0] / ours_wall:.1f}x faster, "
                  f"{ours_peak / peaks[name]:.3f} of the memory "
                  f"(1/{peaks[name] / ours_peak:.0f})")
        print(f"Per-example counts identical in both files: {same_counts}; "
              f"report statistics equal the handout's: {same_stats} "
              f"(training min/max {reports[0]['total_tokens']['min']}/"
              f"{reports[0]['total_tokens']['max']})")
        ours_cmd, handout_cmd = as_commands(Path(tmp), args.repeat)
        print(f"As commands (a fresh process each, peak memory of all its processes, PSS): "
              f"labverify data {ours_cmd[0]:.2f}s {ours_cmd[1] / 2**20:.0f} MiB; the handout's "
              f"step 8 as a script {handout_cmd[0]:.2f}s {handout_cmd[1] / 2**20:.0f} MiB: "
              f"{handout_cmd[0] / ours_cmd[0]:.2f}x faster (target 3x: "
              f"{'met' if handout_cmd[0] / ours_cmd[0] >= 3 else 'NOT MET'}), "
              f"{ours_cmd[1] / handout_cmd[1]:.2f} of the memory; medians "
              f"{ours_cmd[2]:.2f}s and {handout_cmd[2]:.2f}s: "
              f"{handout_cmd[2] / ours_cmd[2]:.2f}x")
        if args.executors:
            compare_executors(paths[0], args.workers or 2)
        return 0 if same_counts and same_stats and status == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
