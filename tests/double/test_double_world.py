"""Loading world files: defaults, base merging, and errors that name file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest
from double_support import COMPLETE, WORLDS

from labverify.double.world import DEFAULT_CHAT_ANSWER, load_world
from labverify.errors import LocatedError

MINIMAL = """[world]
clock = "2026-11-20T10:00:00Z"
subscription_id = "11111111-2222-3333-4444-555555555555"
tenant_id = "66666666-7777-8888-9999-000000000000"
principal_id = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"

[resource_group]
name = "ResourceGroup1"
location = "northcentralus"
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _error(path: Path) -> LocatedError:
    with pytest.raises(LocatedError) as caught:
        load_world(path)
    return caught.value


def test_complete_world(complete_world) -> None:
    world = complete_world
    assert world.clock.isoformat() == "2026-11-20T10:00:00+00:00"
    assert [a.name for a in world.accounts] == ["AzureOpenAI-Finetune21"]
    assert len(world.role_assignments) == 4
    assert world.role_assignments[0].scope.endswith("/accounts/AzureOpenAI-Finetune21")
    assert world.role_assignments[3].scope == "/subscriptions/11111111-2222-3333-4444-555555555555"
    assert world.jobs[0].fine_tuned_model.endswith(world.jobs[0].id.removeprefix("ftjob-"))
    assert world.deployments[0].model == world.jobs[0].fine_tuned_model


def test_no_account_world_uses_base() -> None:
    world = load_world(WORLDS / "no-account.toml")
    assert world.accounts == [] and world.jobs == [] and world.role_assignments == []
    assert world.subscription_id == "11111111-2222-3333-4444-555555555555"
    assert world.description.startswith("A student who has not")
    assert world.resource_group.name == "ResourceGroup1"


def test_defaults(tmp_path: Path) -> None:
    path = _write(tmp_path, "w.toml", MINIMAL + '[[accounts]]\nname = "AzureOpenAI-Finetune05"\n'
                  '[[jobs]]\nid = "ftjob-abc"\nmodel = "m"\ntraining_file = "file-1"\n'
                  'status = "pending"\n')
    world = load_world(path)
    account = world.accounts[0]
    assert account.endpoint == "https://azureopenai-finetune05.openai.azure.com/"
    assert (account.kind, account.sku, account.location) == ("OpenAI", "S0", "northcentralus")
    assert account.provisioning_state == "Succeeded"
    assert len(account.key1) == 32 and account.key1 != account.key2
    assert account.created == world.clock
    assert world.jobs[0].account == "AzureOpenAI-Finetune05"
    assert world.jobs[0].fine_tuned_model == "m.ft-abc"
    assert world.lro_polls == 1 and world.arm_page_size == 100
    assert world.chat_answer == DEFAULT_CHAT_ANSWER
    assert load_world(path).digest == world.digest


def test_tables_merge_and_arrays_replace(tmp_path: Path) -> None:
    path = _write(tmp_path, "child.toml", f'base = "{COMPLETE.as_posix()}"\n'
                  '[resource_group]\nexists = false\n[[files]]\nid = "file-x"\nfilename = "a"\n')
    world = load_world(path)
    assert world.resource_group.name == "ResourceGroup1"  # merged from the base
    assert world.resource_group.exists is False
    assert [f.id for f in world.files] == ["file-x"]  # replaced


def test_unknown_key(tmp_path: Path) -> None:
    path = _write(tmp_path, "w.toml", MINIMAL + '[[accounts]]\nname = "A1"\n'
                  '[[accounts]]\nname = "A2"\nkindd = "OpenAI"\n')
    error = _error(path)
    assert error.path == path
    assert error.line == 14
    assert error.field == "accounts[1].kindd"
    assert "accounts[1].kindd: unknown key (known keys: name, kind," in str(error)
    assert str(error).startswith(f"{path}:14: accounts[1].kindd:")


def test_unknown_top_level_key(tmp_path: Path) -> None:
    error = _error(_write(tmp_path, "w.toml", "accountz = []\n" + MINIMAL))
    assert (error.line, error.field) == (1, "accountz")


def test_missing_key(tmp_path: Path) -> None:
    text = MINIMAL.replace('tenant_id = "66666666-7777-8888-9999-000000000000"\n', "")
    error = _error(_write(tmp_path, "w.toml", text))
    assert error.field == "world.tenant_id"
    assert error.line == 1  # the [world] header
    assert error.detail == "missing key"


def test_missing_key_in_a_nested_array(tmp_path: Path) -> None:
    text = MINIMAL + ('[[jobs]]\nid = "ftjob-a"\nmodel = "m"\ntraining_file = "f"\n'
                      'status = "running"\n[[jobs.events]]\ncreated_at = 1\nmessage = "x"\n'
                      '[[jobs.events]]\ncreated_at = 2\n')
    error = _error(_write(tmp_path, "w.toml", text))
    assert error.field == "jobs[0].events[1].message"
    assert error.line == 18  # the second [[jobs.events]] header


def test_bad_value_in_base_names_the_base(tmp_path: Path) -> None:
    base = _write(tmp_path, "base.toml", MINIMAL + '[[accounts]]\nname = "A1"\n'
                  'provisioning_state = "Done"\n')
    child = _write(tmp_path, "child.toml", 'base = "base.toml"\n[world]\ndescription = "x"\n')
    error = _error(child)
    assert error.path == base
    assert (error.line, error.field) == (12, "accounts[0].provisioning_state")
    assert "'Done' is not one of" in error.detail


def test_bad_base(tmp_path: Path) -> None:
    child = _write(tmp_path, "child.toml", '# a comment\nbase = "missing.toml"\n')
    error = _error(child)
    assert (error.path, error.line, error.field) == (child, 2, "base")
    assert "base file not found" in error.detail


def test_base_must_be_a_string(tmp_path: Path) -> None:
    error = _error(_write(tmp_path, "w.toml", "base = 3\n" + MINIMAL))
    assert (error.line, error.field) == (1, "base")


def test_base_cycle(tmp_path: Path) -> None:
    first = _write(tmp_path, "a.toml", 'base = "b.toml"\n' + MINIMAL)
    second = _write(tmp_path, "b.toml", '\nbase = "a.toml"\n')
    error = _error(first)
    assert (error.path, error.line, error.field) == (second, 2, "base")
    assert "cycle" in error.detail


def test_self_base_is_a_cycle(tmp_path: Path) -> None:
    error = _error(_write(tmp_path, "a.toml", 'base = "a.toml"\n' + MINIMAL))
    assert error.field == "base" and "cycle" in error.detail


@pytest.mark.parametrize(("extra", "field", "words"), [
    ('[[accounts]]\nname = "A1"\ncreated = "yesterday"\n', "accounts[0].created", "RFC 3339"),
    ('[[role_assignments]]\nrole_guid = "not-a-guid"\nscope = "subscription"\n',
     "role_assignments[0].role_guid", "not a GUID"),
    ('[[role_assignments]]\nrole_guid = "a001fd3d-188f-4b5d-821b-7da978bf7442"\n'
     'scope = "account"\n', "role_assignments[0].scope", "needs an [[accounts]]"),
    ('[[faults]]\noperation = "accounts.gett"\nkind = "reset"\n', "faults[0].operation",
     "is not one of"),
    ('[[faults]]\noperation = "accounts.get"\nkind = "status"\n', "faults[0].status",
     "needs a status"),
    ('[[accounts]]\nname = "A1"\n[[deployments]]\naccount = "A2"\nname = "d1"\nmodel = "m"\n',
     "deployments[0].account", "no [[accounts]] entry"),
    ('[[accounts]]\nname = "A1"\n[[accounts]]\nname = "a1"\n', "accounts[1].name", "duplicate"),
    ('[[jobs]]\nid = "ftjob-a"\nmodel = "m"\ntraining_file = "f"\nstatus = "queued"\n',
     "jobs[0].status", "is not one of"),
    ('[[files]]\nid = "file-a"\nfilename = "f"\nbytes = "12"\n', "files[0].bytes",
     "must be an integer"),
])
def test_invalid_values(tmp_path: Path, extra: str, field: str, words: str) -> None:
    error = _error(_write(tmp_path, "w.toml", MINIMAL + extra))
    assert error.field == field
    assert words in error.detail
    assert error.line is not None


def test_invalid_toml_names_the_line(tmp_path: Path) -> None:
    error = _error(_write(tmp_path, "w.toml", MINIMAL + "[[accounts]\n"))
    assert error.line == 10
