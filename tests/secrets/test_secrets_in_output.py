"""No secret of any kind in pytest's failure output, log lines, cassettes or results files.

The record runs plant a canary for every secret kind (API keys, bearer token, client secret,
SAS signature, subscription, tenant and principal ids), make scenarios fail with full
tracebacks and local variables, and log at DEBUG. The unguarded run shows that this really
exposes the canaries; the guarded runs show that ``labverify.secrets_guard`` stops all of them.
"""

from __future__ import annotations

import json

from .conftest import KEY1, KEY2, PRINCIPAL, SAS_SIGNATURE, SUBSCRIPTION, TOKEN, Run, leaks


def test_without_the_guard_pytest_shows_the_secrets(unguarded_run: Run) -> None:
    # The control: the same run without the plugin prints the data-plane key (openai's
    # request options), the bearer token (urllib3's headers) and the subscription id, and
    # logs both keys (vcrpy's recorded listKeys answer), the principal id and the SAS.
    output = unguarded_run.output
    assert "injected failure below the data-plane client" in output
    for canary in (KEY1, TOKEN, SUBSCRIPTION):
        assert canary in output, canary
    assert unguarded_run.log is not None
    log = unguarded_run.log.read_text(encoding="utf-8")
    for canary in (KEY2, PRINCIPAL, SAS_SIGNATURE):
        assert canary in log, canary


def test_pytest_failure_output_shows_no_secret(guarded_run: Run) -> None:
    output = guarded_run.output
    # The failures really were printed with their locals and rewritten assertions.
    assert "injected failure below the ARM client" in output
    assert "injected failure below the data-plane client" in output
    assert "options    = FinalRequestOptions(" in output  # --showlocals
    assert "AssertionError: assert '[redacted]" in output  # the rewritten keys assert
    assert "Captured log call" in output
    assert leaks({"pytest output": output}) == []


def test_log_lines_show_no_secret(guarded_run: Run) -> None:
    assert guarded_run.log is not None
    log = guarded_run.log.read_text(encoding="utf-8")
    # DEBUG logging of every library was on: azure-core's and urllib3's request lines,
    # vcrpy's recorded listKeys answer (keys and all), openai's requests.
    assert "roleAssignments" in log and "urllib3.connectionpool" in log
    assert "Appending request <Request (POST)" in log and "listKeys" in log
    assert "openai._base_client" in log and "&sig=" in log
    assert leaks({"log file": log}) == []


def test_recorded_cassettes_hold_no_secret(guarded_run: Run, unguarded_run: Run,
                                           cli_run: Run) -> None:
    for run in (guarded_run, unguarded_run, cli_run):
        texts = run.session_texts()
        assert any(name.endswith("list-keys.yaml") for name in texts), sorted(texts)
        assert leaks(texts) == []


def test_results_file_and_grade_output_hold_no_secret(cli_run: Run) -> None:
    assert cli_run.results is not None and cli_run.results.is_file(), cli_run.output
    data = json.loads(cli_run.results.read_text(encoding="utf-8"))
    verdicts = {t["extra_data"]["check"]: t["extra_data"]["verdict"] for t in data["tests"]}
    assert verdicts["t3-keys"] == "pass"  # the keys were really read and compared
    assert verdicts["t2-openai-user"] == "error"  # the injected failure reached the report
    assert leaks({"results": cli_run.results.read_text(encoding="utf-8"),
                  "grade output": cli_run.output}) == []
