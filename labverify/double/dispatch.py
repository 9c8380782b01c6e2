"""From a request to a response: route, authenticate, inject faults, run the handler, stamp
the headers every Azure response carries."""

from __future__ import annotations

from . import arm, dataplane, inference, rbac
from .errorbodies import (
    arm_error,
    arm_missing_api_version,
    arm_not_found_path,
    arm_status_error,
    arm_unauthenticated,
    dataplane_error,
    dataplane_status_error,
)
from .routes import ARM_ROUTER, DATAPLANE_ROUTER
from .state import Handler, State
from .throttle import REMAINING
from .wire import JSON_TYPE, Request, Response, digest_guid, http_date

ARM_HANDLERS: dict[str, Handler] = {**arm.HANDLERS, **rbac.HANDLERS}
DATAPLANE_HANDLERS: dict[str, Handler] = {**dataplane.HANDLERS, **inference.HANDLERS}

# A body no JSON parser accepts, as a proxy in front of Azure sometimes answers.
MALFORMED_BODY = b"<html><body><h1>Service temporarily unavailable</h1></body></html>"


class Dispatcher:
    """Answers requests for ARM (``account`` None) or for one account's data plane."""

    def __init__(self, state: State) -> None:
        self.state = state

    def handle(self, request: Request, account: str | None) -> tuple[str | None, Response]:
        operation, response = self._answer(request, account)
        if not response.reset:
            self._stamp(request, account, response)
        return operation, response

    def _answer(self, request: Request, account: str | None) -> tuple[str | None, Response]:
        state = self.state
        is_arm = account is None
        router = ARM_ROUTER if is_arm else DATAPLANE_ROUTER
        match = router.match(request.method, request.path)
        if match is None:
            if is_arm:
                return None, arm_not_found_path(request.path)
            return None, dataplane_error(404, "notFound", "Resource not found.")
        operation, params = match.operation, dict(match.params)

        refused = self._authenticate(request, is_arm)
        if refused is not None:
            return operation, refused
        if request.param("api-version", ignore_case=is_arm) is None:
            if is_arm:
                return operation, arm_missing_api_version()
            return operation, dataplane_error(404, "notFound", "Resource not found.")
        if not is_arm:
            assert account is not None
            # A deleted account, or one whose group is gone, has no data plane left.
            if state.live_account(account) is None or not state.world.resource_group.exists:
                return operation, dataplane_error(404, "notFound", "Resource not found.")
            params["account"] = account

        remaining = None
        if is_arm and request.method == "GET" and state.bucket is not None:
            granted, remaining, wait = state.bucket.take()
            if not granted:
                return operation, arm_status_error(
                    429, operation, state.world.principal_id, request.path,
                    [("Retry-After", str(wait)), (REMAINING, "0")])
        fault = state.take_fault(operation)
        delay = 0.0
        if fault is not None:
            if fault.kind == "reset":
                return operation, Response(0, reset=True)
            if fault.kind == "malformed":
                return operation, Response(200, MALFORMED_BODY, [("Content-Type", JSON_TYPE)])
            if fault.kind == "status":
                assert fault.status is not None
                headers = ([("Retry-After", str(fault.retry_after))]
                           if fault.retry_after is not None else [])
                if is_arm:
                    scope = request.path.removesuffix("/listKeys")
                    return operation, arm_status_error(fault.status, operation,
                                                       state.world.principal_id, scope, headers)
                return operation, dataplane_status_error(fault.status, headers)
            delay = fault.seconds

        handlers = ARM_HANDLERS if is_arm else DATAPLANE_HANDLERS
        try:
            with state.lock:
                response = handlers[operation](state, request, params)
        except Exception as exc:
            # A world value JSON cannot carry (a TOML date in a free table, say) must still
            # give the client an answer rather than a dropped connection.
            message = f"The Azure double could not answer {operation}: {exc!r}"
            response = (arm_error(500, "InternalServerError", message) if is_arm
                        else dataplane_error(500, "internalFailure", message))
        response.delay = delay
        if remaining is not None:
            response.headers.append((REMAINING, str(remaining)))
        return operation, response

    def _authenticate(self, request: Request, is_arm: bool) -> Response | None:
        bearer = request.headers.get("authorization", "").lower().startswith("bearer ")
        if is_arm:
            return None if bearer else arm_unauthenticated(self.state.world.tenant_id)
        if bearer or request.headers.get("api-key"):
            return None
        return dataplane_status_error(401)

    def _stamp(self, request: Request, account: str | None, response: Response) -> None:
        state = self.state
        query = "&".join(f"{key}={value}" for key in sorted(request.query)
                         for value in request.query[key])
        key = f"{account or 'arm'} {request.method} {request.path.lower()}?{query}"
        with state.lock:
            state.counters[f"request {key}"] += 1
            nth = state.counters[f"request {key}"]
        response.headers.append(("Date", http_date(state.world.clock)))
        response.headers.append(("x-ms-request-id", digest_guid(state.world.digest, key, nth)))
