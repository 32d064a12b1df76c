"""The instruments Tovholder ships (`data/*.json`), kept in the database after every `migrate`.

A changed file becomes a new version; the old version is retired and its measurements keep it.
"""

import json
from pathlib import Path

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from . import definitions
from .models import Instrument, InstrumentVersion

DATA = Path(__file__).resolve().parent / "data"


def shipped_files() -> list[Path]:
    return sorted(DATA.glob("*.json"))


@transaction.atomic
def sync_shipped() -> list[InstrumentVersion]:
    """Create or version the shipped instruments; returns the versions it created."""
    created = []
    for path in shipped_files():
        data = json.loads(path.read_text(encoding="utf-8"))
        spec = definitions.parse(data)
        instrument, _ = Instrument.objects.get_or_create(municipality=None, key=spec.key,
                                                         defaults={"name": spec.name})
        latest = instrument.versions.order_by("-number").first()
        if latest is not None and latest.definition == data:
            continue
        instrument.versions.filter(retired_at__isnull=True).update(retired_at=timezone.now())
        number = (instrument.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        created.append(InstrumentVersion.objects.create(instrument=instrument, number=number, definition=data))
        if instrument.name != spec.name:
            instrument.name = spec.name
            instrument.save(update_fields=["name"])
    return created
