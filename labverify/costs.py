"""The cost guard: fine-tuned deployments that bill by the hour, and the 15-day rule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from .config import LabConfig


@dataclass
class CostLine:
    deployment: str
    model: str
    sku: str
    created: datetime | None
    hours: float | None
    estimate_usd: float | None
    deleted_if_unused_after: datetime | None

    def describe(self) -> str:
        since = f" since {self.created:%Y-%m-%d %H:%M} UTC" if self.created else ""
        running = f", {self.hours:.0f} h so far (about ${self.estimate_usd:,.2f})" \
            if self.hours is not None and self.estimate_usd is not None else ""
        rule = (f"; if unused it is deleted after {self.deleted_if_unused_after:%Y-%m-%d}"
                if self.deleted_if_unused_after else "")
        return (f"{self.deployment} ({self.model}, {self.sku}) bills an hourly hosting fee"
                f"{since}{running}{rule}. Delete it when you are done (task 10).")


def _created(deployment: Any) -> datetime | None:
    created = getattr(getattr(deployment, "system_data", None), "created_at", None)
    if created is not None and created.tzinfo is None:
        created = created.replace(tzinfo=UTC)
    return created


def _line(name: str, model: str, sku: str, created: datetime | None, now: datetime,
          config: LabConfig) -> CostLine:
    costs = config.section("costs")
    hours = max((now - created).total_seconds() / 3600, 0.0) if created else None
    return CostLine(
        deployment=name, model=model, sku=sku, created=created, hours=hours,
        estimate_usd=hours * float(costs["hourly_hosting_usd"]) if hours is not None else None,
        deleted_if_unused_after=(created + timedelta(days=costs["inactivity_days"])
                                 if created else None))


def billable(deployments: list[Any], config: LabConfig, now: datetime) -> list[CostLine]:
    """Deployments of fine-tuned models on a SKU with a hosting fee."""
    free = {s.lower() for s in config.section("costs")["free_skus"]}
    lines = []
    for d in deployments:
        model = getattr(getattr(d.properties, "model", None), "name", "") or ""
        sku = getattr(d.sku, "name", "") if d.sku else ""
        if ".ft-" not in model or sku.lower() in free:
            continue
        lines.append(_line(d.name, model, sku, _created(d), now, config))
    return lines


def from_evidence(results: list[Any], config: LabConfig, now: datetime) -> list[str]:
    """Cost lines for the scorecard, from what task 8's checks saw (no extra Azure read)."""
    free = {s.lower() for s in config.section("costs")["free_skus"]}
    notes = []
    for r in results:
        evidence = r.evidence
        model, sku = evidence.get("model") or "", evidence.get("sku") or ""
        if r.check_id != "t8-deployment" or ".ft-" not in model or sku.lower() in free:
            continue
        created = None
        if evidence.get("created"):
            try:
                created = datetime.fromisoformat(str(evidence["created"]).replace("Z", "+00:00"))
            except ValueError:
                created = None
        if created is not None and created.tzinfo is None:
            created = created.replace(tzinfo=UTC)
        notes.append(_line(evidence.get("deployment", "?"), model, sku, created, now,
                           config).describe())
    return notes
