"""One grading run: the mode, the session, the target and the shared reads."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import __version__, secrets
from .azure.clients import Target
from .azure.credentials import StaticCredential, live_credential, signed_in_identity
from .azure.pacing import ReadLimit
from .azure.reads import AzureReads, ReadBudget
from .catalogue import Hint, Text, hint
from .config import LabConfig
from .costs import CostLine, billable
from .errors import LabverifyError
from .language import choose
from .local.facts import MACHINE_FILE, MachineFacts, default_labfiles, load_machine
from .local.stated import stated_facts
from .options import RunOptions
from .outputs import FolderWrite, Place, check_folder, guard
from .paths import BUNDLED_SESSION, PROJECT_ROOT, WORLDS_DIR
from .recording import netblock
from .recording.recorder import Recorder
from .recording.sanitize import Sanitizer
from .recording.session import SessionMeta, cassette_path, read_meta, write_meta


def resolved(options: RunOptions) -> RunOptions:
    """The options a run really uses: a replay replays its session as it was recorded.

    The one place that decides that a session of carried-out actions replays as carry-out,
    and the one that settles the language when none was given (labverify.language).
    """
    if options.lang is None:
        options = replace(options, lang=choose(None).lang)
    if options.mode != "replay":
        return options
    session = options.session or BUNDLED_SESSION
    meta = read_meta(session)
    return replace(options, session=session, carry_out=bool(meta.extra.get("carry_out")))


def session_options(session: Path) -> RunOptions:
    """How a recorded session replays."""
    return resolved(RunOptions(mode="replay", session=session))


def rerecord_hint(session: Path | None, meta: SessionMeta | None, *,
                  missing: bool = False) -> Hint:
    """What to do about a session that lacks or spoils a recording: make it again."""
    if meta is not None and meta.origin == "synthesized" and meta.world:
        world = Path(meta.world)
        bundled = (PROJECT_ROOT / world).resolve().parent == WORLDS_DIR.resolve()
        return hint("error.resynth_missing" if missing else "error.resynth",
                    world=world.stem if bundled else meta.world)
    where = str(session if session is not None else "DIR")
    return hint("error.rerecord_missing" if missing else "error.rerecord", where=where)


def check_session(session: Path) -> SessionMeta:
    """A recorded session's metadata, its files checked before anything replays it."""
    meta = read_meta(session)
    load_machine(session / MACHINE_FILE)
    return meta


def run_inputs(config: LabConfig, options: RunOptions) -> list[Place]:
    """What a run reads from files: no output of it may touch them."""
    places = [Place(config.path, "lab config")]
    if options.session is not None and options.mode == "replay":
        places.append(Place(options.session, "session"))
    if options.world is not None:
        from .double.world import load_world

        world = load_world(options.world)
        places += [Place(path, "world file") for path in world.chain]
        folder = (world.machine or {}).get("labfiles")
        if folder:
            places.append(Place(Path(os.path.normpath(world.source.parent / folder)),
                                "lab folder"))
    if options.labfiles is not None:
        places.append(Place(options.labfiles, "lab folder"))
    if options.student_python:
        places.append(Place(Path(options.student_python), "student's Python"))
    return places


def check_sources(options: RunOptions, world: Any) -> None:
    """Refuse two sources for one fact: a world's [machine] and the options for this machine."""
    if world is None or world.machine is None:
        return
    # [machine] always states the Python (its defaults included); the lab folder only when
    # it names one, and --labfiles may then give it.
    stated = ((options.student_python, "--student-python", "Python", True),
              (options.labfiles, "--labfiles", "lab folder", bool(world.machine.get("labfiles"))))
    for value, flag, what, conflicts in stated:
        if value and conflicts:
            raise LabverifyError(f"{flag}: the world file {world.source} states the student's "
                                 f"{what} ([machine]); drop {flag}, or that part of [machine]")


def check_recording(config: LabConfig, options: RunOptions) -> None:
    """Refuse a record-mode session folder that would touch an input or what is not ours."""
    assert options.session is not None
    guard([(Place(options.session, "session folder"), True)], run_inputs(config, options))
    check_folder(options.session, "session", force=options.force, what="session folder")


class LabRun:
    """Everything a scenario needs to reach Azure (or its recording) for one run."""

    def __init__(self, config: LabConfig, options: RunOptions) -> None:
        self.config = config
        self.options = options
        self.mode = options.mode
        self.meta: SessionMeta | None = None
        self.double: Any = None
        self.output: FolderWrite | None = None
        # Where this run chose one source over another, said in the output and the results.
        self._notes: list[Text] = []
        self._machine_note: Text | None = None
        self._prefetch: Any = None
        self._owns_block = False
        self.session_dir = options.session
        if self.mode == "replay":
            self._start_replay()
        elif self.mode == "record":
            self._start_record()
        elif self.mode == "live":
            self._start_live()
        else:
            raise LabverifyError(f"unknown mode {self.mode!r}: use replay, live or record")
        self.carry_out = options.carry_out
        self.target.read_only = not options.carry_out
        self.budget = ReadBudget((options.budget_seconds or config.grading.budget_seconds)
                                 + options.wait_seconds)
        if options.pace_reads and self.mode != "replay":
            self.target.read_limit = ReadLimit(lambda: self.budget.started + self.budget.seconds)
        self.machine = self._machine_facts()
        grading = config.grading
        self.recorder = Recorder(self.mode, self.session_dir, self.sanitizer,
                                 rerecord_hint(self.session_dir, self.meta),
                                 rerecord_hint(self.session_dir, self.meta, missing=True))
        self.reads = AzureReads(
            target=self.target, recorder=self.recorder, subscription_id=self.subscription_id,
            resource_group=self.resource_group, principal_id=self.principal_id,
            api_versions=config.api_versions, retries=grading.retries,
            timeout=grading.timeout_seconds,
            budget=self.budget)

    # -- modes -------------------------------------------------------------------------------
    def _start_replay(self) -> None:
        self.session_dir = self.options.session or BUNDLED_SESSION
        self.meta = read_meta(self.session_dir)
        if self.meta.origin == "live":
            self._notes.append(Text("ui", "note.recorded_live", {}))
        if not netblock.is_installed():
            netblock.install()
            self._owns_block = True
        self.target = Target(arm_url=self.config.azure.arm_endpoint,
                             credential=StaticCredential(), sleep_between_retries=False,
                             trust_nothing=True)
        self.subscription_id = self.meta.subscription_id
        self.resource_group = self.meta.resource_group
        self.principal_id = self.meta.principal_id
        self.sanitizer = Sanitizer()
        secrets.watch(self.sanitizer)

    def _start_record(self) -> None:
        if self.options.session is None:
            raise LabverifyError("record mode needs a session directory (--lab-session DIR)")
        check_recording(self.config, self.options)
        # Recorded aside and moved into place when the run ends well: an interrupted or
        # failed recording leaves an older session as it was.
        self.output = FolderWrite(self.options.session, "session", force=self.options.force,
                                  what="session folder")
        self.session_dir = self.output.staging
        self._start_target()
        self.sanitizer = Sanitizer(known=self._known_identifiers(),
                                   host_map=self.target.host_map)
        secrets.watch(self.sanitizer)

    def _start_live(self) -> None:
        self.session_dir = None
        self._start_target()
        self.sanitizer = Sanitizer(known=self._known_identifiers())
        secrets.watch(self.sanitizer)

    def _start_target(self) -> None:
        azure = self.config.azure
        self.resource_group = azure.resource_group
        if self.options.world is not None:
            self._start_double(self.options.world)
            return
        self.target = Target(arm_url=azure.arm_endpoint,
                             credential=secrets.RememberingCredential(live_credential()),
                             real_time=True)
        self.subscription_id = (self.options.subscription_id
                                or os.environ.get(azure.subscription_env, ""))
        if not self.subscription_id:
            raise LabverifyError(
                f"no subscription: pass --subscription or set {azure.subscription_env}")
        self.principal_id = (self.options.principal_id
                             or os.environ.get(azure.principal_env, ""))
        self.tenant_id = ""
        if not self.principal_id:
            # Students checking their own work: the signed-in identity is the student.
            try:
                oid, tid = signed_in_identity(self.target.credential)
            except Exception as exc:  # azure-identity raises several kinds when signed out
                first = (str(exc).splitlines() or [type(exc).__name__])[0]
                raise LabverifyError(
                    f"cannot sign in to Azure to learn whose work to check ({first}): sign in "
                    f"with az login, or pass --principal / set {azure.principal_env}") from None
            if not oid:
                raise LabverifyError("cannot tell whose role assignments to check: pass "
                                     f"--principal or set {azure.principal_env}")
            self.principal_id, self.tenant_id = oid, tid or ""

    def _start_double(self, world_path: Path) -> None:
        from .double.server import AzureDouble
        from .double.world import load_world

        world = load_world(world_path, self.options.world_at)
        check_sources(self.options, world)
        self.world = world
        self.double = AzureDouble(world).__enter__()
        self.target = Target(
            arm_url=self.double.arm_url, credential=StaticCredential("double-token"),
            verify=str(self.double.ca_pem),
            dataplane_overrides={real: f"https://{local}"
                                 for local, real in self.double.host_map.items()
                                 if real != "management.azure.com"},
            host_map=dict(self.double.host_map))
        self.subscription_id = world.subscription_id
        self.principal_id = world.principal_id
        self.tenant_id = world.tenant_id

    def inputs(self) -> list[Place]:
        return run_inputs(self.config, self.options)

    def _machine_facts(self) -> MachineFacts:
        world = getattr(self, "world", None)
        stated = None
        names = self.config.environment
        if world is not None and world.machine is not None:
            stated = stated_facts(world.machine, world.source,
                                  api_key_var=names.api_key_var,
                                  endpoint_var=names.endpoint_var,
                                  account_endpoint=world.accounts[0].endpoint
                                  if world.accounts else None)
        labfiles = self.options.labfiles
        if stated is not None:
            # The world states the student's machine: nothing of this one stands in for it.
            labfiles = Path(stated["labfiles"]) if stated.get("labfiles") else labfiles
            self._machine_note = Text(
                "ui", "note.machine_stated" if labfiles else "note.machine_stated_no_labfiles",
                {"source": str(world.source), "api_key_var": names.api_key_var,
                 "endpoint_var": names.endpoint_var, "labfiles": str(labfiles or "")})
        elif self.options.remote_student:
            labfiles = None
        elif labfiles is None:
            labfiles = default_labfiles(self.config.dataset.folder)
        return MachineFacts(self.mode, self.session_dir, labfiles=labfiles,
                            student_python=self.options.student_python, stated=stated,
                            remote=self.options.remote_student,
                            source=self._machine_source(world))

    def _machine_source(self, world: Any) -> str:
        if self.mode == "replay":
            return f"recorded in the session {self.session_dir.name if self.session_dir else ''}"
        if world is not None and world.machine is not None:
            return f"stated by {world.source.name} [machine]"
        if self.options.remote_student:
            return "none: the student works on another machine"
        return "this machine"

    def wait_seconds(self, read: str, what: str) -> float:
        """How long ``grade --wait`` may wait on ``read`` (``what``: "job" or "deployment");
        in replay, only a recorded wait.

        A session recorded without waiting holds no polls to replay: its recorded state is
        graded, and the run says so rather than failing on the missing recording.
        """
        wanted = self.options.wait_seconds
        if not wanted or self.mode != "replay" or self.session_dir is None:
            return wanted
        if cassette_path(self.session_dir, read).is_file():
            return wanted
        note = Text("ui", f"note.wait.{what}", {"session": str(self.session_dir)})
        if note not in self._notes:
            self._notes.append(note)
        return 0.0

    def prefetch(self, tasks: set[int]) -> None:
        """Live grading: start the reads ``tasks`` need along their dependencies (prefetch.py)."""
        if self.mode == "live" and not self.carry_out and tasks:
            from .prefetch import Prefetch

            self._prefetch = Prefetch(self.reads, self.config, tasks)

    def cost_lines(self) -> list[CostLine]:
        """Deployments that bill by the hour, from the deployments this run read (no new read)."""
        deployments = self.reads.memoised("arm/deployments")
        if deployments is None:
            return []
        world = getattr(self, "world", None)
        if self.meta is not None:
            now = datetime.fromisoformat(self.meta.taken_at.replace("Z", "+00:00"))
        else:  # the double's clock is its world's; Azure's is now
            now = world.clock if world is not None else datetime.now(UTC)
        return billable(deployments, self.config, now)

    @property
    def lang(self) -> str:
        """The language the student reads (resolved() has settled it)."""
        return self.options.lang or "en"

    @property
    def notes(self) -> list[Text]:
        """Where this run chose one source over another, for the output and the results."""
        machine = [self._machine_note] if self._machine_note and self.machine.used else []
        return machine + self._notes

    def _known_identifiers(self) -> dict[str, str]:
        known = {self.subscription_id: "subscription", self.principal_id: "principal"}
        if getattr(self, "tenant_id", ""):
            known[self.tenant_id] = "tenant"
        return known

    # -- end ---------------------------------------------------------------------------------
    def finish(self, *, complete: bool = True) -> None:
        """End the run; a recording is kept only when it ran to its end (``complete``)."""
        prefetch, self._prefetch = self._prefetch, None
        if prefetch is not None:
            prefetch.close()  # before the double (if any) stops answering
        output, self.output = self.output, None
        if output is not None:
            if complete:
                self.machine.save()
                write_meta(self.session_dir, self.recorded_meta())
                output.commit()
                self.session_dir = output.target
            else:
                output.abandon()
        if self.double is not None:
            self.double.__exit__(None, None, None)
            self.double = None
        if self._owns_block:
            netblock.uninstall()
            self._owns_block = False

    def recorded_meta(self) -> SessionMeta:
        world = getattr(self, "world", None)
        synthesized = world is not None
        when = world.clock if synthesized else datetime.now(UTC)
        taken_at = when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        world_ref = ""
        if synthesized and self.options.world is not None:
            world_ref = _relative(self.options.world)
        return SessionMeta(
            origin="synthesized" if synthesized else "live",
            taken_at=taken_at, labverify_version=__version__,
            lab_id=self.config.lab_id, lab_config_digest=self.config.digest,
            subscription_id=self.sanitizer.identifier(self.subscription_id, "subscription"),
            resource_group=self.resource_group,
            principal_id=self.sanitizer.identifier(self.principal_id, "principal"),
            description=getattr(world, "description", "") if synthesized else "",
            world=world_ref, extra={"carry_out": True} if self.carry_out else {})

    @property
    def sleep(self) -> Any:
        """What polling sleeps with: real time against Azure, nothing otherwise."""
        import time

        return time.sleep if self.target.real_time else None

    @property
    def poll_interval(self) -> float:
        return 10.0 if self.target.real_time else 0.0


def _relative(path: Path) -> str:
    try:
        return path.resolve().relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        return path.as_posix()
