"""The options of one grading run, each defined once.

:class:`RunOptions` is what a run is told; :data:`OPTIONS` says, for each field, its pytest
option (``--lab-*``), its ``labverify grade`` flag if it has one, its type, default and help, and
whether it may be given for a whole class. The ``grade`` command's options and pytest's are both
generated from this table, and a grading started by labverify hands its ``RunOptions`` to pytest
as a plugin object (:class:`OptionsPlugin`), so nothing is turned into argv and parsed back.

This module imports neither pytest nor an SDK.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path
from typing import Any

from . import cli_args

MODES = ("replay", "live", "record")


@dataclass(frozen=True)
class RunOptions:
    """What one grading run is told (one student, one session or one live subscription)."""

    mode: str = "replay"
    session: Path | None = None
    world: Path | None = None
    subscription_id: str | None = None
    principal_id: str | None = None
    force: bool = False
    student_python: str | None = None
    labfiles: Path | None = None
    carry_out: bool = False
    wait_seconds: float = 0.0
    # The student works on another machine: tasks 4-6 rely on stated or recorded facts only.
    remote_student: bool = False
    tasks: str | None = None
    lab_config: Path | None = None
    # The student's language; None: LABVERIFY_LANG, else the system locale (labverify.language).
    lang: str | None = None
    # A world with a timeline is served as of this moment (labverify watch moves it on).
    world_at: datetime | None = None
    # The grading's budget for Azure reads, instead of the config's [grading] budget_seconds.
    budget_seconds: float | None = None
    # Pace ARM reads within the subscription's read limit, waiting out 429s (watching a class).
    pace_reads: bool = False

    def run_part(self) -> RunOptions:
        """Just the run's options, from an object that extends them (a GradeRequest)."""
        return RunOptions(**{f.name: getattr(self, f.name) for f in fields(RunOptions)})


@dataclass(frozen=True)
class Option:
    field: str
    pytest_flag: str
    help: str
    cli_flag: str | None = None  # on ``labverify grade``; None: pytest only
    type: Callable[[str], Any] | None = None
    flag: bool = False  # a switch (store_true)
    metavar: str | None = None
    choices: tuple[str, ...] | None = None
    class_wide: bool = False  # the same for every student of a class
    for_a_class: str = ""  # what to do instead, when it is given for a class
    cli_const: Any = None  # ``--wait`` alone means this

    @property
    def default(self) -> Any:
        return RunOptions.__dataclass_fields__[self.field].default


OPTIONS: tuple[Option, ...] = (
    Option("mode", "--lab-mode", "replay a recorded session (default), check live Azure, or "
           "check live Azure and record a session", choices=MODES),
    Option("session", "--lab-session", "recorded session directory to replay or write "
           "(default for replay: the bundled session)", type=cli_args.session_path),
    Option("world", "--lab-world", "in live or record mode, talk to the local Azure double "
           "serving this world file (or bundled world, by name) instead of Azure",
           cli_flag="--world", type=cli_args.world_path,
           for_a_class="give each student's world in the roster's world column"),
    Option("subscription_id", "--lab-subscription", "the student's subscription id (live)",
           cli_flag="--subscription",
           for_a_class="give each student's in the roster's subscription_id column"),
    Option("principal_id", "--lab-principal", "object id of the student whose roles are checked "
           "(live; default: the signed-in identity)", cli_flag="--principal",
           for_a_class="give each student's in the roster's principal_id column"),
    Option("force", "--lab-force", "record mode: replace a session labverify wrote",
           cli_flag="--force", flag=True, for_a_class="it only applies with --record"),
    Option("student_python", "--student-python", "task 4: the student's Python (default: "
           "python on PATH)", cli_flag="--student-python", metavar="PATH",
           for_a_class="tasks 4-6 of a class are graded from each student's recorded session, "
                       "not this machine"),
    Option("labfiles", "--labfiles", "task 6: the lab folder (default: the config's, "
           "~/Labfiles off Windows)", cli_flag="--labfiles", type=Path, metavar="DIR",
           for_a_class="tasks 4-6 of a class are graded from each student's recorded session, "
                       "not this machine"),
    Option("carry_out", "--carry-out", "with live or record mode: carry tasks 7-10 out "
           "(upload, fine-tune, deploy, chat, delete) instead of grading; for lab authors",
           cli_flag="--carry-out", flag=True,
           for_a_class="carrying the lab out is done once, by a lab author"),
    Option("wait_seconds", "--lab-wait", "wait up to SECONDS for a fine-tuning job or "
           "deployment in progress", cli_flag="--wait", type=cli_args.seconds,
           metavar="SECONDS", class_wide=True, cli_const=3600.0),
    Option("remote_student", "--lab-remote-student", "live: the student works on another "
           "machine; tasks 4-6 use only what a world file states, never this machine", flag=True),
    Option("tasks", "--lab-tasks", "tasks to grade, e.g. 1,2,7-9 or all (default: the config's "
           "default_tasks)", cli_flag="--tasks", type=cli_args.task_spec, class_wide=True),
    Option("lab_config", "--lab-config", "lab configuration TOML (default: the one shipped "
           "with labverify)", cli_flag="--lab-config", type=Path, metavar="PATH",
           class_wide=True),
    Option("lang", "--lab-lang", "language of everything the student reads: en or zh-TW, "
           "whose features are graded (default: LABVERIFY_LANG, else the system locale, else "
           "en)", cli_flag="--lang", type=cli_args.language, metavar="LANG", class_wide=True),
    Option("world_at", "--lab-world-at", "with --lab-world: serve a world that has a timeline "
           "as of this time (RFC 3339, with its zone)", type=cli_args.moment, metavar="TIME"),
    Option("budget_seconds", "--lab-budget", "seconds the grading may spend on Azure reads "
           "(default: the config's [grading] budget_seconds)", type=cli_args.positive_seconds,
           metavar="SECONDS"),
    Option("pace_reads", "--lab-pace-reads", "live: pace ARM reads within the subscription's "
           "read limit and wait out throttling while the budget lasts", flag=True),
)
assert {o.field for o in OPTIONS} == set(RunOptions.__dataclass_fields__)


def add_pytest_options(group: Any) -> None:
    """pytest's ``--lab-*`` options, from the table."""
    for option in OPTIONS:
        extra: dict[str, Any] = {"help": option.help, "dest": f"lab_{option.field}"}
        if option.flag:
            group.addoption(option.pytest_flag, action="store_true", **extra)
            continue
        group.addoption(option.pytest_flag, default=option.default, type=option.type,
                        choices=option.choices, metavar=option.metavar, **extra)


def from_pytest(getoption: Callable[[str], Any]) -> RunOptions:
    """The options given on a pytest command line (``config.getoption``)."""
    return RunOptions(**{o.field: getoption(f"lab_{o.field}") for o in OPTIONS})


def add_grade_arguments(parser: argparse.ArgumentParser) -> None:
    """``labverify grade``'s flags for the run's options, from the table (dest: the field)."""
    for option in OPTIONS:
        if option.cli_flag is None:
            continue
        if option.flag:
            parser.add_argument(option.cli_flag, dest=option.field, action="store_true",
                                help=option.help)
        elif option.cli_const is not None:
            parser.add_argument(option.cli_flag, dest=option.field, type=option.type,
                                nargs="?", const=option.cli_const, default=option.default,
                                metavar=option.metavar, help=f"{option.help} (alone: "
                                f"{option.cli_const:g})")
        else:
            parser.add_argument(option.cli_flag, dest=option.field, type=option.type,
                                default=option.default, metavar=option.metavar,
                                help=option.help)


def single_student_options() -> list[Option]:
    """The run options of ``grade`` that describe one student, refused for a class."""
    return [o for o in OPTIONS if o.cli_flag is not None and not o.class_wide]


class OptionsPlugin:
    """Hands a run's options to pytest as an object: the plugin reads them from here."""

    def __init__(self, options: RunOptions) -> None:
        self.options = options.run_part()
