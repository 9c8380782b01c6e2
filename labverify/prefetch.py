"""A live grading's reads, fetched along their dependencies instead of one after another.

A student checking their own work live waits on Azure, read after read. Most reads depend only
on the account: once the accounts of the resource group are listed, the role assignments, the
keys, the deployments and the soft-deleted accounts can all be asked for at once; the files
and the jobs once the keys are known; the chat once the job and its deployment are. This runs
that graph on a few threads for the tasks being graded, each read still made once: the
scenarios ask for the same reads (``AzureReads`` memoises them, and a scenario asking for a read
under way waits for it), so what the scenarios decide is unchanged.

Only live grading prefetches: replay waits on nothing, recording keeps one cassette open at a
time, and carrying the lab out changes what the reads would answer.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from .azure.reads import AzureReads
from .checks import chat, deployment, finetune
from .checks.resource import lab_account
from .config import LabConfig

# Each read (by cassette name) and the reads it needs first: the graph the prefetch follows.
DEPENDS: dict[str, tuple[str, ...]] = {
    "arm/accounts": (),
    "arm/role-assignments": ("arm/accounts",), "arm/list-keys": ("arm/accounts",),
    "arm/deployments": ("arm/accounts",), "arm/deleted-accounts": ("arm/accounts",),
    "openai/files": ("arm/list-keys",), "openai/fine-tuning-jobs": ("arm/list-keys",),
    "openai/fine-tuning-events": ("openai/files", "openai/fine-tuning-jobs"),
    "openai/chat": ("openai/files", "openai/fine-tuning-jobs", "arm/deployments"),
}


def critical_path(timings: dict[str, tuple[float, float]]) -> float:
    """The longest chain of reads, each waiting for those it needs: the least a grading waits."""
    longest: dict[str, float] = {}

    def chain(name: str) -> float:
        if name not in longest:
            start, end = timings[name]
            before = [chain(p) for p in DEPENDS.get(name, ()) if p in timings]
            longest[name] = (end - start) + max(before, default=0.0)
        return longest[name]

    return max((chain(name) for name in timings), default=0.0)


# What each task reads, beyond the accounts every task starts from.
NEEDS: dict[int, set[str]] = {
    2: {"roles"}, 3: {"keys"}, 5: {"keys"}, 7: {"files", "jobs", "events"},
    8: {"files", "jobs", "deployments"}, 9: {"files", "jobs", "deployments", "chat"},
    10: {"deleted"},
}


class Prefetch:
    """Starts the reads the given tasks need, each as soon as what it depends on is known."""

    def __init__(self, reads: AzureReads, config: LabConfig, tasks: set[int],
                 workers: int = 4) -> None:
        self.reads = reads
        self.config = config
        self.wanted = set().union(*(NEEDS.get(t, set()) for t in tasks)) if tasks else set()
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="labverify-read")
        self._futures: list[Future[Any]] = []
        self._submit(self._accounts)

    def _submit(self, work: Callable[..., Any], *args: Any) -> None:
        self._futures.append(self._pool.submit(self._quietly, work, *args))

    @staticmethod
    def _quietly(work: Callable[..., Any], *args: Any) -> None:
        # Whatever a read answers, failures included, is memoised for the scenarios to see.
        try:
            work(*args)
        except Exception:
            pass

    def _accounts(self) -> None:
        account = lab_account(self.reads.accounts, self.config)
        if "roles" in self.wanted:
            self._submit(self.reads.role_assignments, account.id)
        if "deleted" in self.wanted:
            self._submit(self.reads.deleted_accounts)
        if "deployments" in self.wanted:
            self._submit(self.reads.deployments, account.name)
        if self.wanted & {"keys", "files", "jobs", "events", "chat"}:
            self._submit(self._keys, account)

    def _keys(self, account: Any) -> None:
        try:
            self.reads.keys(account.name)
        finally:  # without the keys the data plane still answers to the grader's token
            if self.wanted & {"files", "jobs", "events", "chat"}:
                self._submit(self.reads.files, account)
                self._submit(self._jobs, account)

    def _jobs(self, account: Any) -> None:
        jobs = self.reads.jobs(account)
        files = self.reads.files(account)
        job, _ = finetune.job_for_files(jobs, files, self.config.dataset)
        if job is None:
            return
        status = (job.status or "").lower()
        if "events" in self.wanted and status != "succeeded":
            self._submit(self.reads.job_events, account, job.id)
        if "chat" in self.wanted:
            deployment.require_model(job)
            found = deployment.find_deployment(self.reads.deployments(account.name),
                                               job.fine_tuned_model)
            chat.require_ready(found)
            self.reads.chat(account, found.name, chat.lab_messages(self.config),
                            self.config.chat.max_tokens)

    def close(self) -> None:
        """Wait for reads under way (each bounded by its timeout) and start no more."""
        self._pool.shutdown(wait=True, cancel_futures=True)
