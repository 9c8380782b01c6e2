from __future__ import annotations

import pytest

from labverify.config import load_config
from labverify.errors import LabverifyError
from labverify.tasks import parse_tasks


def test_task_selections() -> None:
    config = load_config()
    assert parse_tasks(None, config) == list(range(1, 10))
    assert parse_tasks("1,2,7-9", config) == [1, 2, 7, 8, 9]
    assert parse_tasks(" 3 ,3", config) == [3]
    assert parse_tasks("all", config) == list(range(1, 11))
    assert parse_tasks("10", config) == [10]


@pytest.mark.parametrize("spec, message", [("11", "no task 11"), ("x", "'x' is not"),
                                           ("9-7", "'9-7' is not"), ("1,,2", "'' is not")])
def test_bad_task_selections_are_explained(spec: str, message: str) -> None:
    with pytest.raises(LabverifyError, match=message):
        parse_tasks(spec, load_config())
