"""The zh-TW features grade exactly what the English ones grade, in the handout's language.

Both languages must declare the same checks with the same tags, scenarios, steps and step
keywords, and the step at each position must run the same step definition in both: a zh-TW
report then means what the English one means. Features are read with pytest-bdd's own parser,
and step definitions are found as pytest-bdd registers them (a fixture the decorator injects
into the step module, carrying a StepFunctionContext).
"""

from __future__ import annotations

import importlib
import re
import string
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import parsers
from pytest_bdd.gherkin_parser import get_gherkin_document
from pytest_bdd.parser import Feature, FeatureParser, Step
from pytest_bdd.steps import StepFunctionContext, StepNamePrefix, step_function_context_registry

from labverify.catalogue import task_title
from labverify.paths import FEATURES_DIR, FEATURES_ZH_DIR, step_modules

CJK = re.compile(r"[\u4e00-\u9fff]")
TASK_TAG = re.compile(r"task(\d+)")
EN_FILES = sorted(p.name for p in FEATURES_DIR.glob("*.feature"))


def parse_feature(path: Path) -> Feature:
    return FeatureParser(str(path.parent), path.name).parse()


# One shape per scenario: its tags and, per step, the keyword's class as Gherkin reads it
# (Context, Action, Outcome or Conjunction for And/But) and the step type pytest-bdd gives it.
Shape = tuple[tuple[str, ...], tuple[tuple[str, str], ...]]


def shape(path: Path) -> dict[str, Any]:
    """What a feature declares, language aside, from the Gherkin document and pytest-bdd alike."""
    document = get_gherkin_document(str(path)).feature
    assert document is not None, path
    feature = parse_feature(path)
    background: tuple[tuple[str, str], ...] = ()
    scenarios: list[Shape] = []
    # pytest-bdd keys scenarios by name, so a repeated title would silently drop one: count
    # the document's scenarios and pair each with pytest-bdd's by line.
    by_line = {s.line_number: s for s in feature.scenarios.values()}
    bdd_background = feature.background.steps if feature.background else []
    for child in document.children:
        if child.background is not None:
            background = tuple(zip((s.keyword_type for s in child.background.steps),
                                   (s.type for s in bdd_background), strict=True))
        if child.scenario is not None:
            parsed = by_line[child.scenario.location.line]
            own = parsed.steps[len(bdd_background):]
            steps = tuple(zip((s.keyword_type for s in child.scenario.steps),
                              (s.type for s in own), strict=True))
            scenarios.append((tuple(sorted(t.name for t in child.scenario.tags)), steps))
        assert child.rule is None, f"{path.name}: a Rule would need its own comparison"
    return {"tags": sorted(t.name for t in document.tags), "background": background,
            "scenarios": scenarios, "names": [s.name for s in feature.scenarios.values()],
            "document_scenarios": sum(1 for c in document.children if c.scenario is not None)}


@cache
def step_definitions() -> tuple[StepFunctionContext, ...]:
    """Every step text of the lab's step modules, as the fixtures pytest-bdd injected there."""
    found = []
    for name in step_modules():
        module = importlib.import_module(name)
        for attribute, value in vars(module).items():
            if not attribute.startswith(StepNamePrefix.step_def.value):
                continue
            marker = getattr(value, "__wrapped__", value)
            context = step_function_context_registry.get(marker)
            assert context is not None, f"{name}.{attribute} is not a step definition"
            found.append(context)
    return tuple(found)


def resolve(step: Step, definitions: tuple[StepFunctionContext, ...]) -> list[StepFunctionContext]:
    """The step texts that can run ``step``, matched as pytest-bdd matches a step."""
    return [context for context in definitions
            if context.type in (None, step.type) and context.parser.is_matching(step.name)]


def parameters(parser: Any) -> set[str]:
    """The names a step text hands to its function as arguments."""
    if isinstance(parser, parsers.re):
        return set(parser.regex.groupindex)
    if isinstance(parser, parsers.parse):  # cfparse too
        return {field for _, field, _, _ in string.Formatter().parse(parser.name) if field}
    return set()


def all_steps(path: Path) -> list[tuple[str, list[Step]]]:
    return [(s.name, s.steps) for s in parse_feature(path).scenarios.values()]


def test_both_languages_have_the_same_feature_files() -> None:
    assert len(EN_FILES) == 10
    assert sorted(p.name for p in FEATURES_ZH_DIR.glob("*.feature")) == EN_FILES


@pytest.mark.parametrize("name", EN_FILES)
def test_a_zh_tw_feature_declares_what_the_english_one_declares(name: str) -> None:
    en, zh = shape(FEATURES_DIR / name), shape(FEATURES_ZH_DIR / name)
    assert zh["tags"] == en["tags"]
    assert zh["background"] == en["background"]
    # Same order of scenarios with the same tags (so the same @check: ids), step by step.
    assert [tags for tags, _ in zh["scenarios"]] == [tags for tags, _ in en["scenarios"]]
    for (tags, zh_steps), (_, en_steps) in zip(zh["scenarios"], en["scenarios"], strict=True):
        assert zh_steps == en_steps, tags
    assert all(any(t.startswith("@check:") for t in tags) for tags, _ in en["scenarios"])
    for one in (en, zh):
        assert len(one["names"]) == one["document_scenarios"], "scenario titles repeat"


@pytest.mark.parametrize("name", EN_FILES)
def test_every_step_runs_the_same_function_in_both_languages(name: str) -> None:
    definitions = step_definitions()
    en, zh = all_steps(FEATURES_DIR / name), all_steps(FEATURES_ZH_DIR / name)
    assert len(en) == len(zh)
    for (en_title, en_steps), (zh_title, zh_steps) in zip(en, zh, strict=True):
        assert len(en_steps) == len(zh_steps), (en_title, zh_title)
        for en_step, zh_step in zip(en_steps, zh_steps, strict=True):
            en_found, zh_found = resolve(en_step, definitions), resolve(zh_step, definitions)
            # Exactly one each: a step two texts could run would depend on their order.
            assert len(en_found) == 1, f"{name} {en_title!r}: {en_step} matches {len(en_found)}"
            assert len(zh_found) == 1, f"{name} {zh_title!r}: {zh_step} matches {len(zh_found)}"
            (en_context,), (zh_context,) = en_found, zh_found
            assert zh_context.step_func is en_context.step_func, (
                f"{name} {zh_title!r}: {zh_step} runs {zh_context.step_func.__name__}, "
                f"{en_step} runs {en_context.step_func.__name__}")
            assert zh_step.type == en_step.type
            # What the function provides to later steps, and the arguments it receives.
            assert zh_context.target_fixture == en_context.target_fixture, zh_step
            assert (zh_context.parser.parse_arguments(zh_step.name)
                    == en_context.parser.parse_arguments(en_step.name)), zh_step


def test_every_step_definition_carries_both_languages() -> None:
    by_function: dict[Callable[..., Any], list[StepFunctionContext]] = {}
    for context in step_definitions():
        by_function.setdefault(context.step_func, []).append(context)
    assert len(by_function) >= 40
    for function, contexts in by_function.items():
        for kind in {c.type for c in contexts}:
            texts = [c for c in contexts if c.type == kind]
            en = [c for c in texts if not CJK.search(c.parser.name)]
            zh = [c for c in texts if CJK.search(c.parser.name)]
            where = f"{function.__module__}.{function.__name__} ({kind})"
            assert len(en) == len(zh) == 1, f"{where}: {[c.parser.name for c in texts]}"
            assert zh[0].target_fixture == en[0].target_fixture, where
            assert type(zh[0].parser) is type(en[0].parser), where
            assert parameters(zh[0].parser) == parameters(en[0].parser), where
            assert zh[0].converters == en[0].converters, where


def test_every_step_text_is_used_by_a_feature_of_its_language() -> None:
    steps = {"en": [s for n in EN_FILES for _, ss in all_steps(FEATURES_DIR / n) for s in ss],
             "zh": [s for n in EN_FILES for _, ss in all_steps(FEATURES_ZH_DIR / n) for s in ss]}
    unused = []
    for context in step_definitions():
        lang = "zh" if CJK.search(context.parser.name) else "en"
        if not any(resolve(s, (context,)) for s in steps[lang]):
            unused.append(f"{context.type} {context.parser.name!r}")
    assert unused == []


@pytest.mark.parametrize("name", EN_FILES)
def test_a_zh_tw_feature_is_in_traditional_chinese(name: str) -> None:
    path = FEATURES_ZH_DIR / name
    assert path.read_text(encoding="utf-8").splitlines()[0] == "# language: zh-TW"
    feature = parse_feature(path)
    assert feature.language == "zh-TW" and feature.keyword == "功能"
    (task,) = [int(m.group(1)) for t in feature.tags if (m := TASK_TAG.fullmatch(t))]
    assert feature.name == f"任務 {task} - {task_title(task, 'zh-TW')}"
    assert CJK.search(feature.description), "the description is not restated"
    assert feature.background is None or all(CJK.search(s.name) for s in feature.background.steps)
    for scenario in feature.scenarios.values():
        assert scenario.keyword == "場景", scenario.name
        assert CJK.search(scenario.name), scenario.name
        assert all(CJK.search(s.name) for s in scenario.steps), scenario.name


ZH_FEATURE = """# language: zh-TW
@task1
功能: 任務 1 - 測試
  說明

  背景:
    假如 使用指派給我的訂用帳戶與資源群組

  @check:t1-exists
  場景: 資源存在
    當 我在資源群組中尋找 Azure OpenAI 資源
    {then} 我找到該資源
"""


def test_the_comparisons_can_fail(tmp_path: Path) -> None:
    # A wrong keyword is a different shape; a misspelt step text resolves to nothing.
    good, bad = tmp_path / "good.feature", tmp_path / "bad.feature"
    good.write_text(ZH_FEATURE.format(then="那麼"), encoding="utf-8")
    bad.write_text(ZH_FEATURE.format(then="而且"), encoding="utf-8")
    assert shape(good)["scenarios"] != shape(bad)["scenarios"]
    assert shape(good)["scenarios"] == shape(FEATURES_ZH_DIR / "task01_resource.feature")[
        "scenarios"][:1]
    [(_, steps)] = all_steps(good)
    assert len(resolve(steps[-1], step_definitions())) == 1
    misspelt = Step(name="我找到那個資源", type="then", indent=4, line_number=1, keyword="那麼")
    assert resolve(misspelt, step_definitions()) == []
    wrong_type = Step(name="我找到該資源", type="given", indent=4, line_number=1, keyword="假如")
    assert resolve(wrong_type, step_definitions()) == []
