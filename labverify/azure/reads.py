"""The Azure reads the checks share, each made once per run and kept in its own cassette.

Every read is memoised by name, failures included: a throttled or forbidden read is not
retried by each scenario that needs it, and in live grading each distinct read is one call.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from .. import secrets
from ..catalogue import hint, message
from ..config import ApiVersions
from ..recording.recorder import Recorder
from ..verdicts import CouldNotVerify
from .clients import Target, authorization_client, cognitive_client, openai_client
from .errors import classify
from .paging import every_arm_item, every_item

T = TypeVar("T")



FINAL_JOB_STATES = frozenset({"succeeded", "failed", "cancelled"})


@dataclass
class ReadBudget:
    """The time within which a grading may start Azure reads.

    Each read is bounded on its own (retries times the per-call timeout); this bounds their
    sum, so that a class graded while Azure throttles every call still ends in minutes.
    """

    seconds: float
    clock: Callable[[], float] = time.monotonic
    started: float = field(init=False)

    def __post_init__(self) -> None:
        self.started = self.clock()

    def spent(self) -> bool:
        return self.clock() - self.started > self.seconds

    def refusal(self, what: str) -> CouldNotVerify:
        return CouldNotVerify(
            message("azure.budget_spent", what=what, seconds=f"{self.seconds:g}"),
            hint=hint("error.budget"), evidence={"budget_seconds": self.seconds})


class AzureReads:
    def __init__(self, *, target: Target, recorder: Recorder, subscription_id: str,
                 resource_group: str, principal_id: str, api_versions: ApiVersions,
                 retries: int, timeout: float, budget: ReadBudget | None = None) -> None:
        self.target = target
        self.recorder = recorder
        self.subscription_id = subscription_id
        self.resource_group = resource_group
        self.principal_id = principal_id
        self.api_versions = api_versions
        self.retries = retries
        self.timeout = timeout
        # Only grading is bounded: carrying the lab out waits on Azure as long as it takes.
        self.budget = budget
        self._memo: dict[str, tuple[bool, Any]] = {}
        self._inflight: dict[str, threading.Event] = {}
        # When each read started and ended (time.monotonic), for the reads' critical path.
        self.timings: dict[str, tuple[float, float]] = {}
        self._lock = threading.RLock()
        self._clients: dict[str, Any] = {}
        self._generation: dict[str, int] = {}
        self.calls: list[str] = []

    # -- plumbing ----------------------------------------------------------------------------
    def read(self, name: str, what: str, fetch: Callable[[], T]) -> T:
        """Run ``fetch`` once inside cassette ``name``; later calls get the same answer.

        ``what`` names the read in the sentence of a failure: a catalogue phrase (``read.*``)
        is shown in the grade's language, a plain str as it is.

        Reads may run on several threads (a live grading fetches reads that do not depend on
        each other at once): a caller asking for a read already under way waits for it rather
        than making it again.
        """
        owner = False
        with self._lock:
            if name not in self._memo and name not in self._inflight and self._over_budget():
                refusal = self.budget.refusal(what)  # type: ignore[union-attr]
                self._memo[name] = (False, (refusal, None))
            entry = self._memo.get(name)
            if entry is None:
                done = self._inflight.get(name)
                if done is None:
                    done = self._inflight[name] = threading.Event()
                    owner = True
                    self.calls.append(name)
        if owner:
            started = time.monotonic()
            try:
                with self.recorder.cassette(self._cassette(name)):
                    entry = (True, fetch())
            except Exception as exc:  # every failure is classified, then remembered
                failure = classify(exc, what, replayed=self.recorder.replayed(
                    self._cassette(name)), rerecord_hint=self.recorder.rerecord_hint)
                # Kept with the traceback of the failure itself: each raise below starts
                # from it again, instead of adding every scenario's frames to one object.
                entry = (False, (failure, failure.__traceback__))
            with self._lock:
                self._memo[name] = entry
                self.timings[name] = (started, time.monotonic())
                del self._inflight[name]
            done.set()
        elif entry is None:
            done.wait()
            with self._lock:
                entry = self._memo[name]
        ok, value = entry
        if ok:
            return value
        failure, traceback = value
        raise failure.with_traceback(traceback)

    def settle(self, known: dict[str, Any]) -> None:
        """Answers an earlier grading of the same student read and found final (``final()``):
        this run takes them as read, without asking Azure again."""
        with self._lock:
            for name, value in known.items():
                self._memo.setdefault(name, (True, value))

    def final(self) -> dict[str, Any]:
        """The answers of this run that cannot change any more: a fine-tuning job that
        succeeded, failed or was cancelled stays so, so a jobs list whose every job has ended
        answers the same until the student starts another job (a later full read sees it)."""
        jobs = self.memoised("openai/fine-tuning-jobs")
        if jobs and all(getattr(job, "status", None) in FINAL_JOB_STATES for job in jobs):
            return {"openai/fine-tuning-jobs": jobs}
        return {}

    def memoised(self, name: str) -> Any:
        """What read ``name`` answered, if this run made it and it succeeded; else None."""
        with self._lock:
            ok, value = self._memo.get(name, (False, None))
        return value if ok else None

    def _over_budget(self) -> bool:
        return self.budget is not None and self.target.read_only and self.budget.spent()

    def _cassette(self, name: str) -> str:
        generation = self._generation.get(name, 1)
        return name if generation == 1 else f"{name}-{generation}"

    def forget(self, *names: str) -> None:
        """After a lab action changed Azure: the next read is fresh, in a cassette of its own.

        A new cassette rather than the same one, because replay plays a cassette from its
        start: the same name would hand back the state from before the action.
        """
        with self._lock:
            for name in names:
                if self._memo.pop(name, None) is not None:
                    self._generation[name] = self._generation.get(name, 1) + 1

    def act(self, name: str, what: str, perform: Callable[[], T]) -> T:
        """Carry a lab action out (never memoised); its traffic goes to cassette ``name``."""
        with self._lock:
            self.calls.append(name)
            try:
                with self.recorder.cassette(name):
                    return perform()
            except Exception as exc:
                raise classify(exc, what) from None

    @cached_property
    def cognitive(self) -> Any:
        return cognitive_client(self.target, self.subscription_id,
                                api_version=self.api_versions.cognitiveservices,
                                retries=self.retries, timeout=self.timeout)

    @cached_property
    def authorization(self) -> Any:
        return authorization_client(self.target, self.subscription_id,
                                    api_version=self.api_versions.authorization,
                                    retries=self.retries, timeout=self.timeout)

    def dataplane(self, endpoint: str, api_key: str | None) -> Any:
        def token() -> str:
            value = self.target.credential.get_token(
                "https://cognitiveservices.azure.com/.default").token
            secrets.remember(value)
            return value
        return openai_client(self.target, endpoint, api_key=api_key, token_provider=token,
                             api_version=self.api_versions.openai,
                             retries=self.retries, timeout=self.timeout)

    # -- ARM reads ---------------------------------------------------------------------------
    def accounts(self) -> list[Any]:
        """Every Cognitive Services account in the lab's resource group."""
        return self.read(
            "arm/accounts", message("read.accounts", rg=self.resource_group),
            lambda: every_arm_item(
                self.cognitive.accounts.list_by_resource_group(self.resource_group),
                message("listing.accounts")))

    def keys(self, account_name: str) -> Any:
        def fetch() -> Any:
            keys = self.cognitive.accounts.list_keys(self.resource_group, account_name)
            # Known before anything can print them: pytest's output and logs are scrubbed.
            secrets.remember(keys.key1)
            secrets.remember(keys.key2)
            return keys

        return self.read("arm/list-keys", message("read.keys", account=account_name), fetch)

    def role_assignments(self, account_id: str) -> list[Any]:
        """The student's role assignments that apply at the account, inherited ones included."""
        query = f"principalId eq '{self.principal_id}'"
        return self.read(
            "arm/role-assignments", message("read.role_assignments"),
            lambda: every_arm_item(self.authorization.role_assignments.list_for_scope(
                account_id, filter=query), message("listing.role_assignments")))

    def deployments(self, account_name: str) -> list[Any]:
        return self.read(
            "arm/deployments", message("read.deployments", account=account_name),
            lambda: every_arm_item(
                self.cognitive.deployments.list(self.resource_group, account_name),
                message("listing.deployments")))

    def deleted_accounts(self) -> list[Any]:
        return self.read(
            "arm/deleted-accounts", message("read.deleted_accounts"),
            lambda: every_arm_item(self.cognitive.deleted_accounts.list(),
                                   message("listing.deleted_accounts")))

    # -- data-plane reads ----------------------------------------------------------------------
    def dataplane_for(self, account: Any) -> Any:
        """A data-plane client for the account, authenticated with its key (or Entra ID)."""
        try:
            api_key = self.keys(account.name).key1
        except Exception:
            api_key = None  # no listKeys permission: fall back to the grader's token
        with self._lock:
            if "dataplane" not in self._clients:
                self._clients["dataplane"] = self.dataplane(account.properties.endpoint, api_key)
            return self._clients["dataplane"]

    def files(self, account: Any) -> list[Any]:
        client = self.dataplane_for(account)  # outside the cassette: it may read the keys
        what = message("read.files")
        return self.read("openai/files", what, lambda: every_item(client.files.list(), what))

    def jobs(self, account: Any) -> list[Any]:
        client = self.dataplane_for(account)
        what = message("read.jobs")
        return self.read("openai/fine-tuning-jobs", what,
                         lambda: every_item(client.fine_tuning.jobs.list(), what))

    def job_events(self, account: Any, job_id: str) -> list[Any]:
        client = self.dataplane_for(account)
        return self.read("openai/fine-tuning-events", message("read.events", job=job_id),
                         lambda: list(client.fine_tuning.jobs.list_events(job_id, limit=50).data))

    def chat(self, account: Any, deployment: str, messages: list[dict[str, str]],
             max_tokens: int) -> Any:
        """Task 9's one chat call: the only data-plane write grading makes, and allowed."""
        client = self.dataplane_for(account)
        return self.read("openai/chat", message("read.chat", deployment=deployment),
                         lambda: client.chat.completions.create(
                             model=deployment, messages=messages, max_tokens=max_tokens))
