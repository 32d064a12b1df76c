"""Reporting's writes: KL's daily FFB delivery (ADR 0029).

`deliver` (a person with `reporting.report_ffb`, through "Indberet nu") and `run_delivery` (the nightly
task, as the municipality's own inactive delivery user) send, for each day from the last delivered day up to
the given one, one bundle per citizen whose FFB data changed: only the resources whose hash differs from
the ledger (and what they refer to, so every reference resolves in the bundle). A bundle is validated first
(the `fhir.resources` models and the guide's rules); one that fails is not written, its reasons are kept in
Danish, and it is tried again the next day. Each sent bundle is audited on the citizen."""

import datetime
import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from tovholder.accounts.principals import Actor, require_perm
from tovholder.audit.services import audit

from . import ffb_bundle, ffb_rules
from .events import Event
from .ffb_transport import FfbTransport, get_transport
from .models import FfbBundle, FfbDelivery, FfbSent
from .selectors import ffb_records

log = logging.getLogger(__name__)

REPORT_FFB = "reporting.report_ffb"
MAX_CATCH_UP_DAYS = 366


def organisation_code(municipality) -> str:
    """The municipality's organisation code for KL (settings), else its kommunekode (ADR 0029)."""
    from django.conf import settings

    return str(getattr(settings, "FFB_ORGANISATION_CODES", {}).get(municipality.code) or municipality.code)


def delivery_user(municipality):
    """The municipality's own inactive user that the nightly delivery acts as (audited as such)."""
    user, _ = get_user_model().objects.get_or_create(
        username=f"ffb-indberetning-{municipality.code}",
        defaults={"first_name": "FFB-indberetning", "last_name": municipality.name[:150], "is_active": False})
    return user


def days_to_deliver(municipality, until: datetime.date) -> list[datetime.date]:
    """Each day after the last delivered day up to `until` (one report per day); the first delivery, and a
    day already delivered, is `until` alone (run again, it sends what changed since)."""
    last = FfbDelivery.objects.filter(municipality=municipality).aggregate(last=Max("day"))["last"]
    start = (until if last is None or last >= until
             else max(last + datetime.timedelta(days=1), until - datetime.timedelta(days=MAX_CATCH_UP_DAYS)))
    return [start + datetime.timedelta(days=n) for n in range((until - start).days + 1)]


def deliver(*, actor: Actor, until: datetime.date | None = None, transport: FfbTransport | None = None
            ) -> list[FfbDelivery]:
    """A person sends the municipality's FFB report now, catching up on missed days, up to `until` (today)."""
    principal = require_perm(actor, REPORT_FFB)
    return run_delivery(municipality=principal.municipality, until=until, actor=actor, transport=transport)


def run_delivery(*, municipality, until: datetime.date | None = None, actor: Actor | None = None,
                 transport: FfbTransport | None = None) -> list[FfbDelivery]:
    today = timezone.localdate()
    until = until or today
    if until > today:
        raise ValidationError({"day": "Der kan ikke indberettes for en dag i fremtiden."})
    actor = actor or delivery_user(municipality)
    transport = transport or get_transport()
    return [deliver_day(municipality=municipality, day=day, actor=actor, transport=transport)
            for day in days_to_deliver(municipality, until)]


def _included(resources: dict[str, dict], changed: list[str], patient_key: str) -> list[str]:
    """The changed resources, the citizen, and (transitively) what they refer to."""
    by_ref = {f"{r['resourceType']}/{r['id']}": key for key, r in resources.items()}
    wanted, todo = {patient_key}, list(changed)
    while todo:
        key = todo.pop()
        if key in wanted and key != patient_key:
            continue
        wanted.add(key)
        todo += [by_ref[ref] for ref in ffb_bundle.references(resources[key]) if ref in by_ref
                 and by_ref[ref] not in wanted]
    return [key for key in resources if key in wanted]


def deliver_day(*, municipality, day: datetime.date, actor: Actor, transport: FfbTransport) -> FfbDelivery:
    """One day's report: a bundle per citizen whose FFB data (as of the end of the day) differs from what
    was sent."""
    assert actor.is_authenticated
    with transaction.atomic():
        delivery, _ = FfbDelivery.objects.select_for_update().get_or_create(municipality=municipality, day=day)
        delivery.status, delivery.by, delivery.transport = FfbDelivery.Status.RUNNING, actor, transport.name
        delivery.runs += 1
        delivery.save()
    records = ffb_records(municipality, day)
    ledger = {row.key: row for row in FfbSent.objects.filter(municipality=municipality)}
    code = organisation_code(municipality)
    counts: dict[str, int] = dict(delivery.counts)
    sent = refused = 0
    for citizen_id, citizen in records.citizens.items():
        resources = ffb_bundle.citizen_resources(records, citizen_id, municipality, code, day)
        digests = {key: ffb_bundle.digest(r) for key, r in resources.items()}
        changed = [key for key in resources if key not in ledger or ledger[key].digest != digests[key]]
        if not changed:
            continue
        patient_key = next(iter(resources))
        now = timezone.now()
        stamp = now.isoformat(timespec="seconds")
        keys = _included(resources, changed, patient_key)
        for key in keys:
            last = ledger[key].sent_at if key in ledger and key not in changed else now
            resources[key]["meta"]["lastUpdated"] = last.isoformat(timespec="seconds")
        bundle = ffb_bundle.delivery_bundle([resources[k] for k in keys], stamp)
        per_type: dict[str, int] = {}
        for key in keys:
            kind = resources[key]["resourceType"]
            per_type[kind] = per_type.get(kind, 0) + 1
        reasons = ffb_rules.check(bundle)
        if reasons:
            with transaction.atomic():
                row = FfbBundle.objects.create(municipality=municipality, delivery=delivery, citizen=citizen,
                                               status=FfbBundle.Status.REFUSED, counts=per_type, reasons=reasons)
                audit(actor, row, Event.FFB_BUNDLE_REFUSED, citizen, dag=day, aarsager=reasons[:5])
            refused += 1
            continue
        patient_id = resources[patient_key]["id"]
        name = transport.send(bundle, day=day, name=f"{municipality.code}-{patient_id}")
        with transaction.atomic():
            row = FfbBundle.objects.create(municipality=municipality, delivery=delivery, citizen=citizen,
                                           status=FfbBundle.Status.SENT, name=name, counts=per_type, content=bundle)
            new, old = [], []
            for key in keys:
                r = resources[key]
                entry = ledger.get(key)
                if entry is None:
                    entry = FfbSent(municipality=municipality, citizen=citizen, key=key,
                                    resource_type=r["resourceType"], resource_id=r["id"], digest=digests[key],
                                    sent_at=now, day=day)
                    new.append(entry)
                    ledger[key] = entry
                elif entry.digest != digests[key]:
                    entry.digest, entry.sent_at, entry.day = digests[key], now, day
                    old.append(entry)
            FfbSent.objects.bulk_create(new)
            FfbSent.objects.bulk_update(old, ["digest", "sent_at", "day"])
            audit(actor, row, Event.FFB_BUNDLE_SENT, citizen, dag=day, ressourcer=per_type)
        sent += 1
        for kind, n in per_type.items():
            counts[kind] = counts.get(kind, 0) + n
    with transaction.atomic():
        delivery.citizens_checked = len(records.citizens)
        delivery.bundles += sent
        delivery.failures += refused
        delivery.counts = counts
        delivery.status = FfbDelivery.Status.FAILED if refused else FfbDelivery.Status.DONE
        delivery.finished_at = timezone.now()
        delivery.save()
        audit(actor, delivery, Event.FFB_DELIVERED, None, dag=day, bundter=sent, afvist=refused,
              transport=transport.name)
    log.info("FFB-indberetning %s %s: %d bundter, %d afvist", municipality.code, day, sent, refused)
    return delivery
