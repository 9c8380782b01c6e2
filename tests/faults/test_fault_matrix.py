"""Every Azure operation the suite uses, under every fault: pass after a retry, or "could not
verify", never a fail against the student, and always within the time the config allows.

Each cell grades a world built from a bundled one plus one ``[[faults]]`` entry, live against
the Azure double (see ``matrix.py``). ``times = 1`` faults must be retried away; faults on
every request must end in ``error`` for exactly the scenarios that need the faulted read and
leave the others as they are without the fault.
"""

from __future__ import annotations

import pytest

from labverify.config import LabConfig

from .conftest import Matrix
from .matrix import FAULTS, OPERATIONS, expected, retried_away, time_bound

CELLS = [pytest.param(op, fault, times, id=f"{op}-{fault}-{'once' if times else 'always'}")
         for op in OPERATIONS for fault in FAULTS for times in (1, None)]


@pytest.mark.parametrize("op, fault, times", CELLS)
def test_fault(op: str, fault: str, times: int | None, matrix: Matrix,
               fast_lab_config: LabConfig) -> None:
    plain = matrix.plain(op)
    assert plain and "fail" not in plain.values(), plain
    got = matrix.graded((op, fault, times))
    assert "fail" not in got.verdicts.values(), got.explain()
    assert got.verdicts == expected((op, fault, times), plain), got.explain()
    assert got.seconds <= time_bound(fast_lab_config), f"{got.seconds:.1f} s"

    evidence_key = OPERATIONS[op].evidence_only
    if evidence_key:
        shown = [r for r in got.results.values() if evidence_key in r.evidence]
        assert bool(shown) == retried_away(op, fault, times), got.explain()
    for result in got.results.values():
        if result.verdict.value == "error":
            # Could not verify, said in Azure's terms, and never blamed on labverify itself.
            assert "Azure" in result.message, result.message
            assert "labverify itself failed" not in result.hint, result.message
            assert "HTTP 200" not in result.message, result.message  # unreadable, not a status
