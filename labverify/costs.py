"""The cost guard: fine-tuned deployments that bill by the hour, and the 15-day rule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from .catalogue import ui
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

    def describe(self, lang: str = "en") -> str:
        """The deployment that bills by the hour, in a sentence of the catalogue."""
        since = (ui("cost.since", lang, when=f"{self.created:%Y-%m-%d %H:%M}")
                 if self.created else "")
        running = (ui("cost.running", lang, hours=f"{self.hours:.0f}",
                      usd=f"{self.estimate_usd:,.2f}")
                   if self.hours is not None and self.estimate_usd is not None else "")
        rule = (ui("cost.rule", lang, date=f"{self.deleted_if_unused_after:%Y-%m-%d}")
                if self.deleted_if_unused_after else "")
        return ui("cost.line", lang, deployment=self.deployment, model=self.model, sku=self.sku,
                  since=since, running=running, rule=rule)

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        def when(value: datetime | None) -> str | None:
            return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value else None

        return {"deployment": self.deployment, "model": self.model, "sku": self.sku,
                "created": when(self.created),
                "hours": round(self.hours, 2) if self.hours is not None else None,
                "estimate_usd": round(self.estimate_usd, 2)
                if self.estimate_usd is not None else None,
                "deleted_if_unused_after": when(self.deleted_if_unused_after),
                "text": self.describe(lang)}


def _created(deployment: Any) -> datetime | None:
    created = getattr(getattr(deployment, "system_data", None), "created_at", None)
    if created is not None and created.tzinfo is None:
        created = created.replace(tzinfo=UTC)
    return created


def _line(name: str, model: str, sku: str, created: datetime | None, now: datetime,
          config: LabConfig) -> CostLine:
    costs = config.costs
    hours = max((now - created).total_seconds() / 3600, 0.0) if created else None
    return CostLine(
        deployment=name, model=model, sku=sku, created=created, hours=hours,
        estimate_usd=hours * costs.hourly_hosting_usd if hours is not None else None,
        deleted_if_unused_after=(created + timedelta(days=costs.inactivity_days)
                                 if created else None))


def billable(deployments: list[Any], config: LabConfig, now: datetime) -> list[CostLine]:
    """Deployments of fine-tuned models on a SKU with a hosting fee."""
    free = {s.lower() for s in config.costs.free_skus}
    lines = []
    for d in deployments:
        model = getattr(getattr(d.properties, "model", None), "name", "") or ""
        sku = getattr(d.sku, "name", "") if d.sku else ""
        if ".ft-" not in model or sku.lower() in free:
            continue
        lines.append(_line(d.name, model, sku, _created(d), now, config))
    return lines
