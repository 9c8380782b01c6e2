"""Two doubles from one world answer the same requests with the same bytes (ports aside)."""

from __future__ import annotations

import re

from double_support import (
    ACCOUNT,
    API_VERSION,
    DEPLOYMENT,
    JOB,
    TRAINING_FILE,
    account_path,
    http_client,
)

from labverify.double.server import AzureDouble

BOUNDARY = "labverify-fixed-boundary"
UPLOAD = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nfine-tune\r\n"
          f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; "
          f"filename=\"training_set.jsonl\"\r\nContent-Type: application/octet-stream\r\n\r\n"
          '{"messages": []}\n\r\n'
          f"--{BOUNDARY}--\r\n").encode()


def _script(double: AzureDouble) -> list[tuple[int, list[tuple[bytes, bytes]], bytes]]:
    """A session touching every plane and every kind of state change."""
    world = double.world
    arm = {"Authorization": "Bearer t"}
    arm_q = {"api-version": "2025-09-01"}
    dp = {"api-key": "k"}
    dp_q = {"api-version": API_VERSION}
    base = f"{double.dataplane_url(ACCOUNT)}/openai"
    account = double.arm_url + account_path(world)
    answers = []
    with http_client(double) as http:
        def keep(answer) -> None:
            answers.append((answer.status_code, list(answer.headers.raw), answer.content))

        keep(http.get(account, params=arm_q, headers=arm))
        keep(http.post(f"{account}/listKeys", params=arm_q, headers=arm))
        keep(http.get(f"{account}/providers/Microsoft.Authorization/roleAssignments",
                      params={"api-version": "2022-04-01"}, headers=arm))
        created = http.put(f"{account}/deployments/second", params=arm_q, headers=arm,
                           json={"sku": {"name": "standard", "capacity": 1},
                                 "properties": {"model": {"format": "OpenAI", "name": "m"}}})
        keep(created)
        keep(http.get(created.headers["azure-asyncoperation"], headers=arm))
        keep(http.get(f"{account}/deployments", params=arm_q, headers=arm))
        keep(http.get(f"{base}/files", params=dp_q, headers=dp))
        uploaded = http.post(f"{base}/files", params=dp_q, content=UPLOAD,
                             headers={**dp, "Content-Type":
                                      f"multipart/form-data; boundary={BOUNDARY}"})
        keep(uploaded)
        keep(http.get(f"{base}/files/{uploaded.json()['id']}", params=dp_q, headers=dp))
        job = http.post(f"{base}/fine_tuning/jobs", params=dp_q, headers=dp,
                        json={"model": "gpt-4o-mini-2024-07-18", "training_file": TRAINING_FILE})
        keep(job)
        keep(http.post(f"{base}/fine_tuning/jobs/{job.json()['id']}/cancel", params=dp_q,
                       headers=dp))
        keep(http.get(f"{base}/fine_tuning/jobs/{JOB}/events", params=dp_q, headers=dp))
        for _ in range(2):
            keep(http.post(f"{base}/deployments/{DEPLOYMENT}/chat/completions", params=dp_q,
                           headers=dp, json={"messages": [{"role": "user", "content": "Hi"}]}))
        keep(http.get(f"{base}/models", params=dp_q, headers=dp))
        deleted = http.delete(account, params=arm_q, headers=arm)
        keep(deleted)
        keep(http.get(deleted.headers["azure-asyncoperation"], headers=arm))
        keep(http.get(f"{double.arm_url}/subscriptions/{world.subscription_id}/providers/"
                      "Microsoft.CognitiveServices/deletedAccounts", params=arm_q, headers=arm))
    return answers


def _without_ports(answers: list, double: AzureDouble) -> list:
    ports = [netloc.split(":")[1] for netloc in double.host_map]
    pattern = re.compile(rb"127\.0\.0\.1:(" + b"|".join(p.encode() for p in ports) + rb")")

    def normalise(data: bytes) -> bytes:
        return pattern.sub(b"127.0.0.1:PORT", data)

    return [(status, [(name, normalise(value)) for name, value in headers], normalise(body))
            for status, headers, body in answers]


def test_two_doubles_answer_byte_for_byte_alike(complete_world) -> None:
    with AzureDouble(complete_world) as first, AzureDouble(complete_world) as second:
        assert first.arm_url != second.arm_url
        one = _without_ports(_script(first), first)
        two = _without_ports(_script(second), second)
    assert len(one) == 18
    assert one == two


def test_headers_are_azure_like_and_stable(double: AzureDouble) -> None:
    answers = _script(double)
    request_ids = []
    for _status, headers, body in answers:
        names = [name.lower() for name, _ in headers]
        assert b"set-cookie" not in names
        values = dict(headers)
        assert values[b"Date"] == b"Fri, 20 Nov 2026 10:00:00 GMT"
        if body:
            assert values[b"Content-Type"] == b"application/json; charset=utf-8"
        request_ids.append(values[b"x-ms-request-id"])
    # Every request gets its own id, even identical ones (the two chat calls).
    assert len(set(request_ids)) == len(request_ids)
    assert answers[12][2] != answers[13][2]  # the two chats differ only in their id


def test_the_callers_world_is_not_changed(complete_world) -> None:
    with AzureDouble(complete_world) as running:
        _script(running)
    assert [d.name for d in complete_world.deployments] == [DEPLOYMENT]
    assert complete_world.accounts[0].deleted is False
