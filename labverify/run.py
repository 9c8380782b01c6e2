"""One grading run: the mode, the session, the target and the shared reads."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import __version__, secrets_guard
from .azure.clients import Target
from .azure.credentials import StaticCredential, live_credential, signed_in_identity
from .azure.reads import AzureReads, ReadBudget
from .config import LabConfig
from .errors import LabverifyError
from .local.facts import MachineFacts, default_labfiles
from .local.stated import stated_facts
from .recording import netblock
from .recording.recorder import Recorder
from .recording.sanitize import Sanitizer
from .recording.session import SessionMeta, read_meta, write_meta

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_SESSION = PROJECT_ROOT / "cassettes" / "complete"


@dataclass
class RunOptions:
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


def rerecord_hint(session: Path | None, meta: SessionMeta | None) -> str:
    if meta is not None and meta.origin == "synthesized" and meta.world:
        return f"Regenerate it with: labverify synth {meta.world}"
    where = session if session is not None else "DIR"
    return f"Re-record it with: labverify grade --record {where} --force"


class LabRun:
    """Everything a scenario needs to reach Azure (or its recording) for one run."""

    def __init__(self, config: LabConfig, options: RunOptions) -> None:
        self.config = config
        self.options = options
        self.mode = options.mode
        self.meta: SessionMeta | None = None
        self.double: Any = None
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
        self.machine = self._machine_facts()
        grading = config.grading
        self.recorder = Recorder(self.mode, self.session_dir, self.sanitizer,
                                 rerecord_hint(self.session_dir, self.meta))
        self.reads = AzureReads(
            target=self.target, recorder=self.recorder, subscription_id=self.subscription_id,
            resource_group=self.resource_group, principal_id=self.principal_id,
            api_versions=config.api_versions, retries=grading["retries"],
            timeout=float(grading["timeout_seconds"]),
            budget=ReadBudget(float(grading["budget_seconds"]) + options.wait_seconds))

    # -- modes -------------------------------------------------------------------------------
    def _start_replay(self) -> None:
        self.session_dir = self.options.session or BUNDLED_SESSION
        self.meta = read_meta(self.session_dir)
        if not netblock.is_installed():
            netblock.install()
            self._owns_block = True
        self.target = Target(arm_url=self.config.section("azure")["arm_endpoint"],
                             credential=StaticCredential(), sleep_between_retries=False)
        self.subscription_id = self.meta.subscription_id
        self.resource_group = self.meta.resource_group
        self.principal_id = self.meta.principal_id
        self.sanitizer = Sanitizer()
        secrets_guard.watch(self.sanitizer)

    def _start_record(self) -> None:
        if self.options.session is None:
            raise LabverifyError("record mode needs a session directory (--lab-session DIR)")
        self.session_dir = self.options.session
        if self.session_dir.exists() and any(self.session_dir.iterdir()):
            if not self.options.force:
                raise LabverifyError(f"{self.session_dir} already holds a recorded session; "
                                     "pass --force to replace it")
            shutil.rmtree(self.session_dir)
        self._start_target()
        self.sanitizer = Sanitizer(known=self._known_identifiers(),
                                   host_map=self.target.host_map)
        secrets_guard.watch(self.sanitizer)

    def _start_live(self) -> None:
        self.session_dir = None
        self._start_target()
        self.sanitizer = Sanitizer(known=self._known_identifiers())
        secrets_guard.watch(self.sanitizer)

    def _start_target(self) -> None:
        azure = self.config.section("azure")
        self.resource_group = azure["resource_group"]
        if self.options.world is not None:
            self._start_double(self.options.world)
            return
        self.target = Target(arm_url=azure["arm_endpoint"],
                             credential=secrets_guard.RememberingCredential(live_credential()),
                             real_time=True)
        self.subscription_id = (self.options.subscription_id
                                or os.environ.get(azure["subscription_env"], ""))
        if not self.subscription_id:
            raise LabverifyError(
                f"no subscription: pass --subscription or set {azure['subscription_env']}")
        self.principal_id = (self.options.principal_id
                             or os.environ.get(azure["principal_env"], ""))
        self.tenant_id = ""
        if not self.principal_id:
            # Students checking their own work: the signed-in identity is the student.
            try:
                oid, tid = signed_in_identity(self.target.credential)
            except Exception as exc:  # azure-identity raises several kinds when signed out
                first = (str(exc).splitlines() or [type(exc).__name__])[0]
                raise LabverifyError(
                    f"cannot sign in to Azure to learn whose work to check ({first}): sign in "
                    f"with az login, or pass --principal / set {azure['principal_env']}") from None
            if not oid:
                raise LabverifyError("cannot tell whose role assignments to check: pass "
                                     f"--principal or set {azure['principal_env']}")
            self.principal_id, self.tenant_id = oid, tid or ""

    def _start_double(self, world_path: Path) -> None:
        from .double.server import AzureDouble
        from .double.world import load_world

        world = load_world(world_path)
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

    def _machine_facts(self) -> MachineFacts:
        world = getattr(self, "world", None)
        stated = None
        if world is not None:
            names = self.config.section("environment")
            stated = stated_facts(getattr(world, "machine", None), world.source,
                                  api_key_var=names["api_key_var"],
                                  endpoint_var=names["endpoint_var"],
                                  account_endpoint=world.accounts[0].endpoint
                                  if world.accounts else None)
        labfiles = self.options.labfiles
        if stated is not None and stated.get("labfiles"):
            labfiles = Path(stated["labfiles"])
        elif self.options.remote_student:
            labfiles = None
        elif labfiles is None:
            labfiles = default_labfiles(self.config.section("dataset")["folder"])
        return MachineFacts(self.mode, self.session_dir, labfiles=labfiles,
                            student_python=self.options.student_python, stated=stated,
                            remote=self.options.remote_student)

    def _known_identifiers(self) -> dict[str, str]:
        known = {self.subscription_id: "subscription", self.principal_id: "principal"}
        if getattr(self, "tenant_id", ""):
            known[self.tenant_id] = "tenant"
        return known

    # -- end ---------------------------------------------------------------------------------
    def finish(self) -> None:
        if self.mode == "record" and self.session_dir is not None:
            self.session_dir.mkdir(parents=True, exist_ok=True)
            self.machine.save()
            write_meta(self.session_dir, self.recorded_meta())
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
            lab_id=self.config.raw["lab"]["id"], lab_config_digest=self.config.digest,
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
