"""Azure OpenAI data plane through the real openai SDK (AzureOpenAI, api-version 2024-10-21)."""

from __future__ import annotations

import itertools

import openai
import pytest
from double_support import (
    ACCOUNT,
    API_VERSION,
    DEPLOYMENT,
    GROUP,
    JOB,
    TRAINING_FILE,
    VALIDATION_FILE,
    cognitive,
    http_client,
    openai_client,
)

from labverify.azure.paging import every_item
from labverify.double.server import AzureDouble

FINE_TUNED = "gpt-4o-mini-2024-07-18.ft-5b2c8e4f9a1d4c7e8b3f6a0d2e9c1b74"
RESULTS_FILE = "file-9e8d7c6b5a4f4e3d2c1b0a9f8e7d6c5b"
LAB_MESSAGES = [
    {"role": "system", "content": "The system is an AI teacher that helps people learn about AI"},
    {"role": "user", "content": "What are the different types of artificial intelligence?"},
    {"role": "assistant", "content": "There are three main types of artificial intelligence."},
    {"role": "user", "content": "What is artificial intelligence?"},
]


def test_files_list(double: AzureDouble) -> None:
    files = openai_client(double).files.list().data
    assert [f.filename for f in files] == ["training_set.jsonl", "validation_set.jsonl",
                                           "results.csv"]
    first = files[0]
    assert (first.id, first.status, first.purpose, first.bytes, first.created_at) == (
        TRAINING_FILE, "processed", "fine-tune", 2696, 1795162800)
    assert double.requests[0].path == "/openai/files"
    assert double.requests[0].query == {"api-version": API_VERSION}


def test_files_list_is_one_page_without_has_more_as_azure_specifies(double: AzureDouble) -> None:
    # Files_List (2024-10-21) takes only `purpose`: no cursor, no limit, no has_more.
    client = openai_client(double)
    page = client.files.list(limit=1, after=TRAINING_FILE)
    assert len(page.data) == 3 and page.has_more is None
    assert [f.purpose for f in client.files.list(purpose="fine-tune-results").data] == [
        "fine-tune-results"]
    # The SDK's own iteration keeps asking with after=<last id>: the same page every time.
    pages = itertools.islice(client.files.list().iter_pages(), 3)
    assert [len(p.data) for p in pages] == [3, 3, 3]
    # labverify's listing stops at the page that does not say has_more.
    before = len(double.requests)
    assert len(every_item(client.files.list(), "the uploaded files")) == 3
    assert len(double.requests) == before + 1


def test_files_retrieve_and_missing(double: AzureDouble) -> None:
    client = openai_client(double)
    assert client.files.retrieve(VALIDATION_FILE).filename == "validation_set.jsonl"
    with pytest.raises(openai.NotFoundError) as caught:
        client.files.retrieve("file-00000000000000000000000000000000")
    assert caught.value.body["code"] == "notFound"


def test_upload_is_pending_then_processed(double: AzureDouble) -> None:
    client = openai_client(double)
    created = client.files.create(file=("training_set.jsonl", b'{"messages": []}\n'),
                                  purpose="fine-tune")
    assert (created.status, created.filename, created.bytes) == ("pending", "training_set.jsonl",
                                                                 17)
    assert created.id.startswith("file-") and len(created.id) == 37
    assert double.requests[-1].status == 201
    assert client.files.retrieve(created.id).status == "processed"
    assert created.id in [f.id for f in client.files.list().data]


def test_upload_needs_a_purpose(double: AzureDouble) -> None:
    with http_client(double) as http:
        answer = http.post(f"{double.dataplane_url(ACCOUNT)}/openai/files",
                           params={"api-version": API_VERSION}, headers={"api-key": "k"},
                           files={"file": ("a.jsonl", b"{}")})
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "invalidPayload"


def test_files_delete(double: AzureDouble) -> None:
    client = openai_client(double)
    deleted = client.files.delete(RESULTS_FILE)
    assert deleted.deleted is True and deleted.id == RESULTS_FILE
    assert RESULTS_FILE not in [f.id for f in client.files.list().data]


def test_jobs_list_retrieve(double: AzureDouble) -> None:
    client = openai_client(double)
    jobs = list(client.fine_tuning.jobs.list())
    assert [j.id for j in jobs] == [JOB]
    job = client.fine_tuning.jobs.retrieve(JOB)
    assert job.status == "succeeded"
    assert job.model == "gpt-4o-mini-2024-07-18"
    assert job.fine_tuned_model == FINE_TUNED
    assert (job.training_file, job.validation_file) == (TRAINING_FILE, VALIDATION_FILE)
    assert job.hyperparameters.n_epochs == 3
    assert job.result_files == [RESULTS_FILE]
    assert job.trained_tokens == 1518


def test_jobs_list_honours_after_and_limit(make_world) -> None:
    world = make_world(
        '[[jobs]]\nid = "ftjob-11111111111111111111111111111111"\nmodel = "gpt-4o-mini-2024-07-18"'
        '\ntraining_file = "file-1"\nstatus = "failed"\ncreated_at = 100\n'
        'error = {code = "invalidTrainingFile", message = "The training file is not valid."}\n'
        '[[jobs]]\nid = "ftjob-22222222222222222222222222222222"\nmodel = "gpt-4o-mini-2024-07-18"'
        '\ntraining_file = "file-1"\nstatus = "running"\ncreated_at = 200\n')
    with AzureDouble(world) as running:
        client = openai_client(running)
        page = client.fine_tuning.jobs.list(limit=1)
        assert [j.status for j in page.data] == ["running"]  # newest first
        assert page.has_more is True
        rest = client.fine_tuning.jobs.list(after=page.data[0].id)
        assert [(j.status, j.error.code) for j in rest.data] == [
            ("failed", "invalidTrainingFile")]
        assert rest.data[0].fine_tuned_model is None


def test_job_progress_advances_per_retrieve(make_world) -> None:
    world = make_world(
        '[[jobs]]\nid = "ftjob-33333333333333333333333333333333"\nmodel = "gpt-4o-mini-2024-07-18"'
        '\ntraining_file = "file-1"\nstatus = "pending"\nprogress = ["running", "succeeded"]\n')
    with AzureDouble(world) as running:
        client = openai_client(running)
        seen = [client.fine_tuning.jobs.retrieve("ftjob-33333333333333333333333333333333")
                for _ in range(4)]
        assert [j.status for j in seen] == ["pending", "running", "succeeded", "succeeded"]
        assert seen[1].fine_tuned_model is None
        assert seen[2].fine_tuned_model == (
            "gpt-4o-mini-2024-07-18.ft-33333333333333333333333333333333")
        assert seen[2].finished_at is not None
        # Listing shows the current state without advancing it.
        assert client.fine_tuning.jobs.list().data[0].status == "succeeded"


def test_job_create_and_cancel(double: AzureDouble) -> None:
    client = openai_client(double)
    job = client.fine_tuning.jobs.create(model="gpt-4o-mini-2024-07-18",
                                         training_file=TRAINING_FILE,
                                         validation_file=VALIDATION_FILE)
    assert job.status == "pending"
    assert job.id.startswith("ftjob-") and len(job.id) == 38
    assert double.requests[-1].status == 201
    cancelled = client.fine_tuning.jobs.cancel(job.id)
    assert cancelled.status == "cancelled"
    with pytest.raises(openai.ConflictError):
        client.fine_tuning.jobs.cancel(JOB)
    with pytest.raises(openai.BadRequestError):
        client.fine_tuning.jobs.create(model="gpt-4o-mini-2024-07-18",
                                       training_file="file-missing")


def test_job_events_newest_first(double: AzureDouble) -> None:
    client = openai_client(double)
    events = list(client.fine_tuning.jobs.list_events(JOB))
    assert events[0].message == "Training hours billed: 0.500"
    assert events[-1].message == "Job enqueued. Waiting for jobs ahead to complete."
    assert [e.created_at for e in events] == sorted((e.created_at for e in events), reverse=True)
    metrics = [e for e in events if e.type == "metrics"]
    assert metrics[0].data["step"] == 30
    page = client.fine_tuning.jobs.list_events(JOB, limit=2)
    assert len(page.data) == 2 and page.has_more is True
    rest = client.fine_tuning.jobs.list_events(JOB, after=page.data[-1].id, limit=100)
    assert rest.has_more is False
    assert len(page.data) + len(rest.data) == len(events)


def test_job_checkpoints(double: AzureDouble) -> None:
    checkpoints = list(openai_client(double).fine_tuning.jobs.checkpoints.list(JOB))
    assert [c.step_number for c in checkpoints] == [30, 20, 10]
    assert checkpoints[0].fine_tuned_model_checkpoint == FINE_TUNED
    assert checkpoints[1].fine_tuned_model_checkpoint == f"{FINE_TUNED}:ckpt-step-20"
    assert checkpoints[0].fine_tuning_job_id == JOB
    assert checkpoints[0].id.startswith("ftchkpt-")


def test_chat_answers_on_the_deployment(double: AzureDouble) -> None:
    answer = openai_client(double).chat.completions.create(
        model=DEPLOYMENT, messages=LAB_MESSAGES, max_tokens=200)
    assert answer.choices[0].message.role == "assistant"
    assert answer.choices[0].message.content.startswith("Artificial intelligence (AI) is")
    assert answer.choices[0].finish_reason == "stop"
    assert answer.model == FINE_TUNED
    assert answer.usage.total_tokens == answer.usage.prompt_tokens + answer.usage.completion_tokens
    assert double.requests[-1].path == f"/openai/deployments/{DEPLOYMENT}/chat/completions"


def test_chat_with_a_bearer_token(double: AzureDouble) -> None:
    client = openai_client(double, api_key=None, azure_ad_token="static-test-token")
    answer = client.chat.completions.create(model=DEPLOYMENT, messages=LAB_MESSAGES)
    assert answer.choices[0].message.content


def test_chat_on_a_missing_deployment(double: AzureDouble) -> None:
    with pytest.raises(openai.NotFoundError) as caught:
        openai_client(double).chat.completions.create(model="nope", messages=LAB_MESSAGES)
    assert caught.value.code == "DeploymentNotFound"


@pytest.mark.parametrize(("mode", "error", "code"), [
    ("not_found", openai.NotFoundError, "DeploymentNotFound"),
    ("content_filter", openai.BadRequestError, "content_filter"),
])
def test_chat_modes(make_world, mode: str, error: type, code: str) -> None:
    world = make_world(f'[[deployments]]\nname = "{DEPLOYMENT}"\nmodel = "{FINE_TUNED}"\n'
                       f'chat = "{mode}"\n')
    with AzureDouble(world) as running:
        with pytest.raises(error) as caught:
            openai_client(running).chat.completions.create(model=DEPLOYMENT,
                                                           messages=LAB_MESSAGES)
        assert caught.value.code == code


def test_chat_on_a_deployment_still_creating(make_world) -> None:
    world = make_world(f'[[deployments]]\nname = "{DEPLOYMENT}"\nmodel = "{FINE_TUNED}"\n'
                       'provisioning_state = "Creating"\n')
    with AzureDouble(world) as running, pytest.raises(openai.NotFoundError):
        openai_client(running).chat.completions.create(model=DEPLOYMENT, messages=LAB_MESSAGES)


def test_models_list_has_the_base_and_fine_tuned_models(double: AzureDouble) -> None:
    client = openai_client(double)
    models = {m.id: m for m in client.models.list()}
    assert set(models) == {"gpt-4o-mini-2024-07-18", FINE_TUNED}
    assert client.models.retrieve(FINE_TUNED).id == FINE_TUNED


def test_dataplane_needs_a_key_or_token(double: AzureDouble) -> None:
    with http_client(double) as http:
        answer = http.get(f"{double.dataplane_url(ACCOUNT)}/openai/files",
                          params={"api-version": API_VERSION})
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "unauthorized"


def test_unknown_dataplane_path(double: AzureDouble) -> None:
    with http_client(double) as http:
        answer = http.get(f"{double.dataplane_url(ACCOUNT)}/openai/nothing",
                          params={"api-version": API_VERSION}, headers={"api-key": "k"})
    assert answer.status_code == 404
    assert answer.json() == {"error": {"code": "notFound", "message": "Resource not found."}}


def test_deleted_account_has_no_data_plane(double: AzureDouble) -> None:
    cognitive(double, double.world).accounts.begin_delete(GROUP, ACCOUNT).result()
    with pytest.raises(openai.NotFoundError):
        openai_client(double).files.list()


def test_unknown_account_has_no_url(double: AzureDouble) -> None:
    with pytest.raises(KeyError, match="no account named"):
        double.dataplane_url("AzureOpenAI-Finetune99")


def test_missing_group_has_no_data_plane(make_world) -> None:
    world = make_world("[resource_group]\nexists = false\n")
    with AzureDouble(world) as running, pytest.raises(openai.NotFoundError):
        openai_client(running).files.list()


def test_labverify_follows_has_more_through_every_page(double: AzureDouble) -> None:
    client = openai_client(double)
    for _ in range(2):
        client.fine_tuning.jobs.create(model="gpt-4o-mini-2024-07-18", training_file=TRAINING_FILE)
    before = len(double.requests)
    jobs = every_item(client.fine_tuning.jobs.list(limit=1), "the fine-tuning jobs")
    assert len(double.requests) - before == 3  # one request per page, the last says no more
    assert [j.id for j in jobs] == [j.id for j in client.fine_tuning.jobs.list(limit=100).data]
    assert len(jobs) == 3
