"""Task selections such as ``1,2,7-9``."""

from __future__ import annotations

from .config import LabConfig
from .errors import LabverifyError


def parse_tasks(spec: str | None, config: LabConfig) -> list[int]:
    """The tasks a selection names, checked against the lab's tasks; None means the default."""
    known = sorted(config.tasks)
    if spec is None or not spec.strip():
        return list(config.grading.default_tasks)
    if spec.strip().lower() == "all":
        return known
    chosen: set[int] = set()
    for part in spec.split(","):
        part = part.strip()
        try:
            if "-" in part:
                low, high = (int(x) for x in part.split("-", 1))
                numbers = range(low, high + 1)
                if low > high:
                    raise ValueError
            else:
                numbers = range(int(part), int(part) + 1)
        except ValueError:
            raise LabverifyError(f"--tasks: {part!r} is not a task number or range "
                                 "(e.g. 1,2,7-9)") from None
        for number in numbers:
            if number not in config.tasks:
                raise LabverifyError(f"--tasks: there is no task {number} "
                                     f"(the lab has tasks {known[0]}-{known[-1]})")
            chosen.add(number)
    return sorted(chosen)
