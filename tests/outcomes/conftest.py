import datetime

import pytest

from tovholder.outcomes.models import InstrumentVersion
from tovholder.outcomes.services import record_measurement

WHO5 = ["glad", "rolig", "aktiv", "udhvilet", "interesse"]


@pytest.fixture
def versions(db) -> dict[str, InstrumentVersion]:
    """The shipped instruments' current versions (created by the post-migrate sync)."""
    return {v.instrument.key: v for v in InstrumentVersion.objects.filter(
        instrument__municipality__isnull=True, retired_at__isnull=True).select_related("instrument")}


def who5(values: list[int]) -> dict[str, int]:
    return dict(zip(WHO5, values, strict=True))


def measure(world, version, citizen=None, *, day=datetime.date(2025, 3, 1), answers=None, actor=None, **kw):
    return record_measurement(actor=actor or world.own_worker, citizen=citizen or world.anna, version=version,
                              measured_on=day, answered_by=kw.pop("answered_by", "together"),
                              answers=answers if answers is not None else who5([3, 3, 3, 3, 3]), **kw)
