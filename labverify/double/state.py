"""The mutable copy of a world that one running double serves and changes."""

from __future__ import annotations

import copy
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .throttle import TokenBucket, bucket_for
from .wire import Request, Response, digest_hex
from .world import Account, Deployment, Fault, World


@dataclass
class Operation:
    """An ARM long-running operation: its effect lands when it has been polled enough."""

    id: str
    kind: str  # deployment.create | deployment.delete | account.delete
    account: str
    location: str
    deployment: str | None = None
    polls: int = 0
    done: bool = False


@dataclass
class State:
    world: World
    lock: threading.RLock = field(default_factory=threading.RLock)
    counters: Counter[str] = field(default_factory=Counter)
    operations: dict[str, Operation] = field(default_factory=dict)
    fresh_uploads: set[str] = field(default_factory=set)  # file ids still pending
    job_retrieves: Counter[str] = field(default_factory=Counter)
    deployment_gets: Counter[str] = field(default_factory=Counter)
    fault_uses: Counter[int] = field(default_factory=Counter)
    bucket: TokenBucket | None = None  # ARM's read limit, when the world sets [throttle]

    @classmethod
    def from_world(cls, world: World) -> State:
        # Each double gets its own copy: PUT/POST/DELETE never leak into the caller's World.
        state = cls(copy.deepcopy(world))
        if world.throttle:
            state.bucket = bucket_for(world.subscription_id, world.throttle["reads_per_second"],
                                      world.throttle["burst"])
        return state

    def next_id(self, kind: str, *parts: Any, length: int = 32) -> str:
        """A new id, the same in every double built from the same world and fed the same calls."""
        self.counters[kind] += 1
        return digest_hex(self.world.digest, kind, self.counters[kind], *parts, length=length)

    # -- lookups ------------------------------------------------------------------------------

    def live_account(self, name: str) -> Account | None:
        return next((a for a in self.world.accounts
                     if a.name.lower() == name.lower() and not a.deleted), None)

    def deleted_account(self, name: str) -> Account | None:
        return next((a for a in self.world.accounts
                     if a.name.lower() == name.lower() and a.deleted), None)

    def deployments_of(self, account: str) -> list[Deployment]:
        return [d for d in self.world.deployments if d.account.lower() == account.lower()]

    def deployment(self, account: str, name: str) -> Deployment | None:
        return next((d for d in self.deployments_of(account) if d.name.lower() == name.lower()),
                    None)

    def account_id(self, account: Account) -> str:
        world = self.world
        return (f"/subscriptions/{world.subscription_id}/resourceGroups/"
                f"{world.resource_group.name}/providers/Microsoft.CognitiveServices/accounts/"
                f"{account.name}")

    # -- faults -------------------------------------------------------------------------------

    def take_fault(self, operation: str) -> Fault | None:
        """The first fault for this operation that has uses left; counts the use."""
        with self.lock:
            for index, fault in enumerate(self.world.faults):
                if fault.operation not in ("*", operation):
                    continue
                if fault.times is not None and self.fault_uses[index] >= fault.times:
                    continue
                self.fault_uses[index] += 1
                return fault
        return None

    # -- long-running operations --------------------------------------------------------------

    def start_operation(self, kind: str, account: Account, deployment: str | None = None,
                        ) -> Operation:
        op_id = self.next_id("operation", kind, account.name.lower(), deployment or "")
        op_id = f"{op_id[:8]}-{op_id[8:12]}-{op_id[12:16]}-{op_id[16:20]}-{op_id[20:32]}"
        operation = Operation(op_id, kind, account.name, account.location, deployment)
        self.operations[op_id] = operation
        return operation

    def poll(self, operation: Operation) -> None:
        operation.polls += 1
        if not operation.done and operation.polls >= self.world.lro_polls:
            operation.done = True
            self._complete(operation)

    def _complete(self, operation: Operation) -> None:
        world = self.world
        if operation.kind == "deployment.create":
            found = self.deployment(operation.account, operation.deployment or "")
            if found is not None:
                found.provisioning_state = "Succeeded"
        elif operation.kind == "deployment.delete":
            world.deployments = [
                d for d in world.deployments
                if not (d.account.lower() == operation.account.lower()
                        and d.name.lower() == (operation.deployment or "").lower())]
        elif operation.kind == "account.delete":
            account = self.live_account(operation.account)
            if account is not None:
                self.soft_delete(account)

    def soft_delete(self, account: Account) -> None:
        """What deleting an Azure OpenAI account does: it moves to deletedAccounts for 48 h and
        takes its deployments and the role assignments on it along."""
        world = self.world
        scope = self.account_id(account).lower()
        account.deleted = True
        account.deleted_at = world.clock
        account.provisioning_state = "Succeeded"
        world.deployments = [d for d in world.deployments
                             if d.account.lower() != account.name.lower()]
        world.role_assignments = [
            r for r in world.role_assignments
            if r.scope.lower() != scope and not r.scope.lower().startswith(scope + "/")]


Handler = Callable[[State, Request, dict[str, str]], Response]
