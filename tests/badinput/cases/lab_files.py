"""Bad lab configs and world files, and input files that cannot be read at all."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from labverify.config import DEFAULT_CONFIG

from . import CASES, COMPLETE_WORLD, SESSIONS, TRAINING, Case, Setup, case, line_of

# -- the lab config -----------------------------------------------------------------------------

# (name, text in the shipped config, its replacement, the dotted key named, words of the problem)
CONFIG_EDITS = [
    ("lab-id-empty", 'id = "azure-openai-finetune"', 'id = ""', "lab.id", "must not be empty"),
    ("lab-id-spaces", 'id = "azure-openai-finetune"', 'id = "My Lab"', "lab.id", "lower-case"),
    ("lab-title-number", 'title = "Fine-tune a model on Azure OpenAI with your own dataset"',
     "title = 5", "lab.title", "must be a string, not an integer"),
    ("resource-group-empty", 'resource_group = "ResourceGroup1"', 'resource_group = ""',
     "azure.resource_group", "must not be empty"),
    ("region-label-as-region", 'region = "northcentralus"', 'region = "North Central US"',
     "azure.region", "a region name"),
    ("arm-endpoint-http", 'arm_endpoint = "https://management.azure.com"',
     'arm_endpoint = "http://management.azure.com"', "azure.arm_endpoint", "https:// URL"),
    ("arm-endpoint-words", 'arm_endpoint = "https://management.azure.com"',
     'arm_endpoint = "the portal"', "azure.arm_endpoint", "https:// URL"),
    ("arm-endpoint-bad-port", 'arm_endpoint = "https://management.azure.com"',
     'arm_endpoint = "https://management.azure.com:99999"', "azure.arm_endpoint", "not a URL"),
    ("subscription-env-digit", 'subscription_env = "AZURE_SUBSCRIPTION_ID"',
     'subscription_env = "1AZURE"', "azure.subscription_env", "environment variable name"),
    ("principal-env-space", 'principal_env = "LABVERIFY_PRINCIPAL_ID"',
     'principal_env = "LABVERIFY PRINCIPAL"', "azure.principal_env", "environment variable name"),
    ("api-version-word", 'openai = "2024-10-21"', 'openai = "latest"', "api_versions.openai",
     "an api-version"),
    ("api-version-number", 'cognitiveservices = "2025-09-01"', "cognitiveservices = 2025",
     "api_versions.cognitiveservices", "must be a string, not an integer"),
    ("account-kind-empty", 'kind = "OpenAI"', 'kind = ""', "account.kind", "must not be empty"),
    ("name-pattern-broken", r"name_pattern = 'AzureOpenAI-Finetune\d+'",
     "name_pattern = 'AzureOpenAI-(Finetune'", "account.name_pattern",
     "not a regular expression"),
    ("endpoint-suffixes-numbers", 'endpoint_suffixes = [".openai.azure.com", '
     '".cognitiveservices.azure.com"]', "endpoint_suffixes = [1, 2]",
     "account.endpoint_suffixes[0]", "must be a string, not an integer"),
    ("endpoint-suffixes-empty", 'endpoint_suffixes = [".openai.azure.com", '
     '".cognitiveservices.azure.com"]', "endpoint_suffixes = []", "account.endpoint_suffixes",
     "must not be empty"),
    ("endpoint-suffixes-string", 'endpoint_suffixes = [".openai.azure.com", '
     '".cognitiveservices.azure.com"]', 'endpoint_suffixes = ".openai.azure.com"',
     "account.endpoint_suffixes", "must be an array, not a string"),
    ("endpoint-suffix-no-dot", 'endpoint_suffixes = [".openai.azure.com", '
     '".cognitiveservices.azure.com"]', 'endpoint_suffixes = ["openai.azure.com"]',
     "account.endpoint_suffixes[0]", "a host suffix"),
    ("library-rule-bare-version", 'openai = "==0.28.*"', 'openai = "0.28"', "libraries.openai",
     "not a version specifier"),
    ("library-rule-number", 'numpy = ""', "numpy = 1", "libraries.numpy",
     "must be a string, not an integer"),
    ("library-unknown", 'numpy = ""', 'numpy = ""\npandas = ""  # here', "libraries.pandas",
     "unknown key"),
    ("api-key-var-space", 'api_key_var = "AZURE_OPENAI_API_KEY"',
     'api_key_var = "AZURE OPENAI API KEY"', "environment.api_key_var",
     "environment variable name"),
    ("training-file-path", 'training_file = "training_set.jsonl"',
     'training_file = "data/training_set.jsonl"', "dataset.training_file", "a file name"),
    ("min-examples-negative", "min_examples = 10", "min_examples = -3", "dataset.min_examples",
     "must be at least 1, not -3"),
    ("min-examples-zero", "min_examples = 10", "min_examples = 0", "dataset.min_examples",
     "must be at least 1"),
    ("min-examples-fraction", "min_examples = 10", "min_examples = 10.5",
     "dataset.min_examples", "must be an integer, not a float"),
    ("max-file-bytes-zero", "max_file_bytes = 536870912", "max_file_bytes = 0",
     "dataset.max_file_bytes", "must be at least 1"),
    ("epochs-negative", "epochs = 3", "epochs = -1", "fine_tuning.epochs", "must be at least 1"),
    ("base-model-unknown", 'base_model = "gpt-4o-mini-2024-07-18"', 'base_model = "gpt-5"',
     "fine_tuning.base_model", "has no [models.\"gpt-5\"] table"),
    ("encoding-unshipped", 'encoding = "o200k_base"', 'encoding = "p50k_base"',
     "models.gpt-4o-mini-2024-07-18.encoding", "is not one of: o200k_base, cl100k_base"),
    ("token-limit-zero", "max_tokens_per_example = 65536", "max_tokens_per_example = 0",
     "models.gpt-4o-mini-2024-07-18.max_tokens_per_example", "must be at least 1"),
    ("sku-names-numbers", 'sku_names = ["standard", "globalstandard", "developer"]',
     "sku_names = [1, 2]", "deployment.sku_names[0]", "must be a string, not an integer"),
    ("sku-names-empty", 'sku_names = ["standard", "globalstandard", "developer"]',
     "sku_names = []", "deployment.sku_names", "must not be empty"),
    ("deployment-name-empty", 'name = "gpt-4o-mini-2024-07-18-ft"', 'name = ""',
     "deployment.name", "must not be empty"),
    ("hourly-fee-negative", "hourly_hosting_usd = 1.70", "hourly_hosting_usd = -0.99",
     "costs.hourly_hosting_usd", "must be at least 0, not -0.99"),
    ("hourly-fee-text", "hourly_hosting_usd = 1.70", 'hourly_hosting_usd = "1.70"',
     "costs.hourly_hosting_usd", "must be a number, not a string"),
    ("inactivity-negative", "inactivity_days = 15", "inactivity_days = -15",
     "costs.inactivity_days", "must be at least 1"),
    ("inactivity-zero", "inactivity_days = 15", "inactivity_days = 0", "costs.inactivity_days",
     "must be at least 1"),
    ("free-skus-string", 'free_skus = ["developer"]', 'free_skus = "developer"',
     "costs.free_skus", "must be an array"),
    ("chat-max-tokens-zero", "max_tokens = 200", "max_tokens = 0", "chat.max_tokens",
     "must be at least 1"),
    ("chat-question-empty", 'question = "What is artificial intelligence?"', 'question = ""',
     "chat.question", "must not be empty"),
    ("default-tasks-empty", "default_tasks = [1, 2, 3, 4, 5, 6, 7, 8, 9]", "default_tasks = []",
     "grading.default_tasks", "must not be empty"),
    ("default-tasks-unknown", "default_tasks = [1, 2, 3, 4, 5, 6, 7, 8, 9]",
     "default_tasks = [1, 11]", "grading.default_tasks[1]", "task 11 has no [tasks.11] table"),
    ("default-tasks-twice", "default_tasks = [1, 2, 3, 4, 5, 6, 7, 8, 9]",
     "default_tasks = [1, 1]", "grading.default_tasks[1]", "listed twice"),
    ("default-tasks-text", "default_tasks = [1, 2, 3, 4, 5, 6, 7, 8, 9]",
     'default_tasks = ["1"]', "grading.default_tasks[0]", "must be an integer, not a string"),
    ("default-tasks-zero", "default_tasks = [1, 2, 3, 4, 5, 6, 7, 8, 9]",
     "default_tasks = [0]", "grading.default_tasks[0]", "must be at least 1"),
    ("broader-scope-maybe", 'broader_role_scope = "fail"', 'broader_role_scope = "maybe"',
     "grading.broader_role_scope", "is not one of: fail, pass"),
    ("retries-negative", "retries = 3", "retries = -1", "grading.retries", "must be at least 0"),
    ("timeout-zero", "timeout_seconds = 30", "timeout_seconds = 0", "grading.timeout_seconds",
     "must be more than 0"),
    ("timeout-nan", "timeout_seconds = 30", "timeout_seconds = nan", "grading.timeout_seconds",
     "must be a finite number"),
    ("budget-negative", "budget_seconds = 300", "budget_seconds = -300",
     "grading.budget_seconds", "must be more than 0"),
    ("budget-infinite", "budget_seconds = 300", "budget_seconds = inf", "grading.budget_seconds",
     "must be a finite number"),
    ("role-guid-name", 'guid = "bba48692-92b0-4667-a9ad-c31c7b334ac2"',
     'guid = "Cognitive Services Usages Reader"', "roles[3].guid", "is not a GUID"),
    ("role-scope-resource", 'scope = "subscription"', 'scope = "resource"', "roles[3].scope",
     "is not one of: account, subscription"),
    ("role-id-twice", 'id = "usages-reader"', 'id = "contributor"  # here', "roles[3].id",
     "already another role's id"),
    ("task-points-negative", "points = 20", "points = -20", "tasks.1.points",
     "must be at least 0, not -20"),
    ("task-points-text", "points = 20", 'points = "twenty"', "tasks.1.points",
     "must be a number, not a string"),
    ("task-name-empty", 'name = "Create the Azure OpenAI resource"', 'name = ""',
     "tasks.1.name", "must not be empty"),
    ("task-key-word", "[tasks.10]", "[tasks.ten]", "tasks.ten", "task keys are numbers"),
    ("section-typo", "[chat]", "[chatt]", "chatt", "unknown key (known keys: lab, azure"),
    ("key-typo", 'region = "northcentralus"', 'regoin = "northcentralus"', "azure.regoin",
     "unknown key"),
    ("points-unknown-check", "[tasks.1]", '[points]\n"t1-nope" = 3  # here\n[tasks.1]',
     "points.t1-nope", "no scenario has this check id"),
    ("points-over-task", "[tasks.1]", '[points]\n"t1-exists" = 25  # here\n[tasks.1]',
     "points.t1-exists", "add up to 25, but [tasks.1] points = 20"),
    ("points-negative", "[tasks.1]", '[points]\n"t1-exists" = -1  # here\n[tasks.1]',
     "points.t1-exists", "must be at least 0"),
    ("points-boolean", "[tasks.1]", '[points]\n"t1-exists" = true  # here\n[tasks.1]',
     "points.t1-exists", "must be a number, not a boolean"),
    ("policy-word", "[tasks.1]", '[policy]\n7 = "most"  # here\n[tasks.1]', "policy.7",
     "is not one of: partial, all"),
    ("policy-unknown-task", "[tasks.1]", '[policy]\n42 = "all"  # here\n[tasks.1]', "policy.42",
     "there is no [tasks.42] table"),
]


def _config_case(name: str, old: str, new: str, key: str, words: str,
                 command: Callable[[Path, Path], list[str]], kind: str = "config") -> None:
    def build(root: Path) -> Setup:
        text = DEFAULT_CONFIG.read_text(encoding="utf-8")
        assert text.count(old) >= 1, old
        path = root / "lab.toml"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        # The line named is the one marked "# here", else the first line of the edit.
        marker = next((t for t in new.splitlines() if "# here" in t), new.splitlines()[0])
        return Setup(command(root, path), f"{path}:{line_of(path, marker)}: {key}", words)

    CASES.append(Case(f"{kind}-{name}", kind, build))


def _grade_with(root: Path, config: Path) -> list[str]:
    return ["grade", "--tasks", "1", "--lab-config", str(config)]


def _data_with(root: Path, config: Path) -> list[str]:
    return ["data", str(TRAINING), "--lab-config", str(config)]


def _synth_with(root: Path, config: Path) -> list[str]:
    return ["synth", str(COMPLETE_WORLD), "--out", str(root / "out"), "--lab-config", str(config)]


for _name, _old, _new, _key, _words in CONFIG_EDITS:
    _config_case(_name, _old, _new, _key, _words, _grade_with)
# The same reader behind the other commands.
for _name, _old, _new, _key, _words in CONFIG_EDITS[::9]:
    _config_case(_name, _old, _new, _key, _words, _data_with, kind="config-data")
for _name, _old, _new, _key, _words in CONFIG_EDITS[4::12]:
    _config_case(_name, _old, _new, _key, _words, _synth_with, kind="config-synth")


@case("config", "top-level-points-number")
def _(root: Path) -> Setup:
    path = root / "lab.toml"
    path.write_text("points = 5\n" + DEFAULT_CONFIG.read_text(encoding="utf-8"), encoding="utf-8")
    return Setup(_grade_with(root, path), f"{path}:1: points", "must be a table, not an integer")


@case("config", "invalid-toml")
def _(root: Path) -> Setup:
    path = root / "lab.toml"
    path.write_text(DEFAULT_CONFIG.read_text(encoding="utf-8").replace("[chat]", "[chat", 1),
                    encoding="utf-8")
    return Setup(_grade_with(root, path), f"{path}:{line_of(path, '[chat')}:", "invalid TOML")


def _file_problem(kind: str, name: str, content: bytes | None, words: str,
                  command: Callable[[Path, Path], list[str]], filename: str) -> None:
    """A file that is binary, UTF-16 without a mark, a folder or missing."""
    def build(root: Path) -> Setup:
        path = root / filename
        if content is None:
            pass
        elif content == b"<dir>":
            path.mkdir()
        else:
            path.write_bytes(content)
        return Setup(command(root, path), str(path), words)

    CASES.append(Case(f"{kind}-{name}", kind, build))


_UTF16 = "[lab]\nid = \"x\"\n".encode("utf-16-le")
_LATIN1 = "[lab]\ntitle = \"caf\xe9\"\n".encode("latin-1")
for _kind, _command, _file in (("config", _grade_with, "lab.toml"),
                               ("world", lambda r, p: ["grade", "--live", "--world", str(p)],
                                "world.toml"),
                               ("roster", lambda r, p: ["grade", "--roster", str(p), "--out",
                                                        str(r / "grades")], "roster.csv"),
                               ("waivers", lambda r, p: ["grade", str(SESSIONS / "complete"),
                                                         str(SESSIONS / "t1-wrong-sku"),
                                                         "--waivers", str(p), "--out",
                                                         str(r / "grades")], "waivers.toml"),
                               ("gradebook", lambda r, p: ["merge", str(p)], "gradebook.csv"),
                               ("results", lambda r, p: ["compare", str(p), str(p)],
                                "results.json")):
    _file_problem(_kind, "binary", b"\x00\x01\x02\xff\xfe\x00", "not text", _command, _file)
    _file_problem(_kind, "utf16-without-mark", _UTF16, "UTF-16 without a byte-order mark",
                  _command, _file)
    _file_problem(_kind, "latin1", _LATIN1, "not UTF-8 text", _command, _file)
    _file_problem(_kind, "a-folder", b"<dir>",
                  "not found" if _kind == "results" else "is a directory", _command, _file)
    _file_problem(_kind, "missing", None, "not found", _command, _file)


# -- world files --------------------------------------------------------------------------------

# (name, TOML over the complete world, the key named, words); arrays replace the base's.
# The line named is the one marked "# here".
WORLD_EDITS = [
    ("unknown-table", "[worlds]  # here\nx = 1\n", "worlds", "unknown key"),
    ("clock-yesterday", '[world]\nclock = "yesterday"  # here\n', "world.clock",
     "not an RFC 3339 time"),
    ("clock-no-zone", '[world]\nclock = "2026-11-20T10:00:00"  # here\n', "world.clock",
     "is not an RFC 3339 time such as 2026-11-20T10:00:00Z"),
    ("subscription-not-guid", '[world]\nsubscription_id = "my-sub"  # here\n',
     "world.subscription_id", "is not a GUID"),
    ("lro-polls-zero", "[world]\nlro_polls = 0  # here\n", "world.lro_polls",
     "must be at least 1"),
    ("group-name", '[resource_group]\nname = "Resource Group 1!"  # here\n',
     "resource_group.name", "does not match"),
    ("account-state", '[[accounts]]\nname = "A1"\nprovisioning_state = "Done"  # here\n',
     "accounts[0].provisioning_state", "'Done' is not one of"),
    ("account-name", '[[accounts]]\nname = "-bad"  # here\n', "accounts[0].name",
     "does not match"),
    ("account-endpoint-http", '[[accounts]]\nname = "A1"\nendpoint = "http://a1.example"  # here\n',
     "accounts[0].endpoint", "does not match"),
    ("accounts-twice", '[[accounts]]\nname = "A1"\n[[accounts]]\nname = "a1"  # here\n',
     "accounts[1].name", "duplicate name"),
    ("deployment-capacity", '[[deployments]]\nname = "d1"\nmodel = "m"\ncapacity = 0  # here\n',
     "deployments[0].capacity", "must be at least 1"),
    ("deployment-owner", '[[deployments]]\naccount = "Nobody"  # here\nname = "d1"\nmodel = "m"\n',
     "deployments[0].account", "no [[accounts]] entry"),
    ("file-bytes", '[[files]]\nid = "file-a"\nfilename = "f"\nbytes = -1  # here\n',
     "files[0].bytes", "must be at least 0"),
    ("file-id", '[[files]]\nid = "a"  # here\nfilename = "f"\n', "files[0].id", "does not match"),
    ("job-status", '[[jobs]]\nid = "ftjob-a"\nmodel = "m"\ntraining_file = "f"\n'
     'status = "queued"  # here\n', "jobs[0].status", "'queued' is not one of"),
    ("job-progress", '[[jobs]]\nid = "ftjob-a"\nmodel = "m"\ntraining_file = "f"\n'
     'status = "running"\nprogress = ["queued"]  # here\n', "jobs[0].progress[0]",
     "is not one of"),
    ("fault-kind", '[[faults]]\noperation = "accounts.list"\nkind = "explode"  # here\n',
     "faults[0].kind", "is not one of"),
    ("fault-status-missing", '[[faults]]  # here\noperation = "accounts.list"\nkind = "status"\n',
     "faults[0].status", "needs a status"),
    ("role-scope", '[[role_assignments]]\nrole_guid = "a001fd3d-188f-4b5d-821b-7da978bf7442"\n'
     'scope = "nowhere"  # here\n', "role_assignments[0].scope", "is not \"account\""),
    ("machine-api-key", '[machine]\napi_key = "key3"  # here\n', "machine.api_key",
     "is not one of"),
    ("machine-libraries", '[machine]\nlibraries = "numpy"  # here\n', "machine.libraries",
     "must be a table, not a string"),
    ("machine-python-number", "[machine]\npython = 3.11  # here\n", "machine.python",
     "must be a string, not a float"),
]


def _world_case(name: str, text: str, key: str, words: str, kind: str = "world") -> None:
    def build(root: Path) -> Setup:
        path = root / "world.toml"
        path.write_text(f'base = "{COMPLETE_WORLD.as_posix()}"\n{text}', encoding="utf-8")
        command = (["grade", "--live", "--world", str(path), "--tasks", "1"] if kind == "world"
                   else ["synth", str(path), "--out", str(root / "out")])
        return Setup(command, f"{path}:{line_of(path, '# here')}: {key}", words)

    CASES.append(Case(f"{kind}-{name}", kind, build))


for _name, _text, _key, _words in WORLD_EDITS:
    _world_case(_name, _text, _key, _words)
for _name, _text, _key, _words in WORLD_EDITS[1::5]:
    _world_case(_name, _text, _key, _words, kind="world-synth")


# A world's own "base" key, named at the line that gives it.
BASE_EDITS = [
    ("base-dot", '# a world\nbase = "."\n', 2, "base file is a directory, not a world file"),
    ("base-missing", 'base = "gone.toml"\n', 1, "base file not found"),
    ("base-number", "base = 3\n", 1, "must be a path"),
    ("base-itself", 'base = "world.toml"\n', 1, "form a cycle"),
]


def _base_case(name: str, text: str, line: int, words: str) -> None:
    def build(root: Path) -> Setup:
        path = root / "world.toml"
        path.write_text(text, encoding="utf-8")
        return Setup(["grade", "--live", "--world", str(path)], f"{path}:{line}: base", words)

    CASES.append(Case(f"world-{name}", "world", build))


for _name, _text, _line, _words in BASE_EDITS:
    _base_case(_name, _text, _line, _words)
