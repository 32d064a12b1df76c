"""The figures themselves: each a live query for one municipality and one day (registered in
`registry`). Kept simple and countable by hand: the tests compute each against a small world.

Days are whole local days. A stock counts the state at the end of the day; a flow what happened on it.
"""

import datetime
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from tovholder.activities.ledger import attended, start_of
from tovholder.activities.models import Occasion, Participation
from tovholder.courses.models import Course, Enrolment, Target
from tovholder.crosssector.models import Admission
from tovholder.crosssector.selectors import COUNTED, READMISSION_DAYS
from tovholder.dropin.services import opening_of
from tovholder.offers.capacity import capacity_for
from tovholder.offers.models import Offer
from tovholder.outcomes import statistics
from tovholder.outcomes.models import Instrument, InstrumentVersion, Measurement, Score
from tovholder.outcomes.sources import IN_FORCE, offers_on
from tovholder.records import among
from tovholder.support.models import Episode
from tovholder.tenancy.models import Municipality
from tovholder.visitation.models import Decision, Request, WaitlistEntry

from .registry import Cell, Column, Drill, figure, ranged

ONE_DAY = datetime.timedelta(days=1)
STARTED = "Startet i tilbuddet"  # visitation's removal reason when the citizen starts (services.start_from_waitlist)
AGE_BANDS = (("u18", "Under 18 år", 0, 17), ("18-30", "18–30 år", 18, 30), ("31-49", "31–49 år", 31, 49),
             ("50+", "50 år og derover", 50, 200))
BAND_LABELS = {key: label for key, label, _, _ in AGE_BANDS} | {"": "Ukendt alder (anonym henvendelse)"}
YOUNG = "18-30"


def age_band(birth: datetime.date | None, day: datetime.date) -> str:
    if birth is None:
        return ""
    age = day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
    return next((key for key, _, low, high in AGE_BANDS if low <= age <= high), "")


def _offer_units(municipality_id: int) -> dict[int, int | None]:
    return dict(Offer.objects.filter(Q(municipality_id=municipality_id) | Q(quotas__municipality_id=municipality_id))
                .values_list("pk", "unit_id"))


def _per_offer(municipality_id: int, rows, value=lambda v: Decimal(v)) -> list[Cell]:
    units = _offer_units(municipality_id)
    return [Cell(value(v), offer_id=o, unit_id=units.get(o)) for o, v in rows if v]


def _in(qs: QuerySet, field: str, offer_ids: Sequence[int] | None) -> QuerySet:
    return qs if offer_ids is None else qs.filter(**{f"{field}__in": offer_ids})


def _local_day(moment: datetime.datetime | None) -> datetime.date | None:
    return None if moment is None else timezone.localtime(moment).date()


# --- the waitlist ---------------------------------------------------------------------------------

def _on_waitlist(municipality_id: int, day: datetime.date) -> QuerySet:
    return WaitlistEntry.objects.filter(municipality_id=municipality_id, added_on__lte=day).filter(
        Q(removed_on__isnull=True) | Q(removed_on__gt=day))


def _waitlist_drill(mid, d0, d1, offers):
    return _in(_on_waitlist(mid, d1), "offer_id", offers).select_related("citizen", "offer").order_by(
        "offer__name", "priority", "added_on", "pk")


@figure("waitlist", "På venteliste", "borgere", kind="stock", order=10,
        help="Borgere med en bevilling, der venter på plads eller timer, ved dagens slutning.",
        drill=Drill(_waitlist_drill, [
            Column("Tilbud", lambda e: e.offer.name), Column("Skrevet op", lambda e: e.added_on),
            Column("Prioritet", lambda e: e.get_priority_display()),
            Column("Tilbudt plads", lambda e: e.offered_on)], "Styringstal: venteliste"))
def waitlist(municipality_id: int, day: datetime.date) -> list[Cell]:
    return _per_offer(municipality_id, _on_waitlist(municipality_id, day).values("offer_id")
                      .annotate(n=Count("pk")).values_list("offer_id", "n"))


def _started(municipality_id: int, d0: datetime.date, d1: datetime.date) -> QuerySet:
    return WaitlistEntry.objects.filter(municipality_id=municipality_id, removed_on__gte=d0, removed_on__lte=d1,
                                        removal_reason=STARTED)


_STARTED_DRILL = Drill(
    lambda mid, d0, d1, offers: _in(_started(mid, d0, d1), "offer_id", offers).select_related("citizen", "offer")
    .order_by("offer__name", "removed_on", "pk"),
    [Column("Tilbud", lambda e: e.offer.name), Column("Skrevet op", lambda e: e.added_on),
     Column("Startede", lambda e: e.removed_on), Column("Ventetid (dage)", lambda e: (e.removed_on - e.added_on).days)],
    "Styringstal: startet fra venteliste")


@figure("waitlist_started", "Startet fra venteliste", "borgere", kind="flow", order=11, drill=_STARTED_DRILL,
        help="Borgere, der kom af ventelisten, fordi de startede i tilbuddet.")
def waitlist_started(municipality_id: int, day: datetime.date) -> list[Cell]:
    return _per_offer(municipality_id, _started(municipality_id, day, day).values("offer_id")
                      .annotate(n=Count("pk")).values_list("offer_id", "n"))


@figure("waitlist_wait_days", "Ventetid for dem, der startede (dage i alt)", "dage", kind="flow", order=12,
        citizens=False, drill=_STARTED_DRILL,
        help="Summen af dage på ventelisten for dem, der startede; divideret med antallet giver gennemsnittet.")
def waitlist_wait_days(municipality_id: int, day: datetime.date) -> list[Cell]:
    days: dict[int, int] = defaultdict(int)
    for offer_id, added in _started(municipality_id, day, day).values_list("offer_id", "added_on"):
        days[offer_id] += (day - added).days
    return _per_offer(municipality_id, days.items())


# --- capacity (as now: offers.capacity counts today's use) -----------------------------------------

def _capacity(municipality_id: int, day: datetime.date, used: bool) -> list[Cell]:
    municipality = Municipality.objects.get(pk=municipality_id)
    cells = []
    for offer in Offer.objects.available_to(municipality).filter(active=True).exclude(
            capacity_kind=Offer.CapacityKind.OPEN).order_by("pk"):
        cap = capacity_for(offer, municipality)
        value = cap.used if used else cap.total
        if value is not None:
            cells.append(Cell(Decimal(value), offer_id=offer.pk, unit_id=offer.unit_id, category=cap.unit))
    return cells


@figure("capacity_used", "Kapacitet i brug", "pladser/timer", kind="stock", historical=False, citizens=False,
        order=20, help="Pladser, timer pr. uge, sæder eller kvote i brug (som tilbuddenes kapacitetsside tæller).")
def capacity_used(municipality_id: int, day: datetime.date) -> list[Cell]:
    return _capacity(municipality_id, day, used=True)


@figure("capacity_total", "Kapacitet til rådighed", "pladser/timer", kind="stock", historical=False,
        citizens=False, order=21, help="Tilbuddets kapacitet eller kommunens kvote i et fælles tilbud.")
def capacity_total(municipality_id: int, day: datetime.date) -> list[Cell]:
    return _capacity(municipality_id, day, used=False)


# --- caseload ---------------------------------------------------------------------------------------

def _open_episodes(municipality_id: int, day: datetime.date) -> QuerySet:
    return Episode.objects.filter(municipality_id=municipality_id, started_on__lte=day).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=day))


@figure("caseload", "Forløb pr. medarbejder", "borgere", kind="stock", by=("worker", "unit"), order=30,
        help="Åbne støtteforløb ved dagens slutning, pr. kontaktperson og team.",
        drill=Drill(lambda mid, d0, d1, offers: _in(_open_episodes(mid, d1), "offer_id", offers)
                    .select_related("citizen", "offer", "worker", "unit").order_by("worker__first_name", "pk"),
                    [Column("Kontaktperson", lambda e: e.worker.get_full_name()),
                     Column("Team", lambda e: e.unit.name if e.unit else "–"),
                     Column("Tilbud", lambda e: e.offer.name), Column("Start", lambda e: e.started_on)],
                    "Styringstal: forløb pr. medarbejder"))
def caseload(municipality_id: int, day: datetime.date) -> list[Cell]:
    rows = (_open_episodes(municipality_id, day).values("worker_id", "unit_id").annotate(n=Count("pk"))
            .values_list("worker_id", "unit_id", "n"))
    return [Cell(Decimal(n), worker_id=w, unit_id=u) for w, u, n in rows]


# --- granted and delivered hours --------------------------------------------------------------------

def _granted(municipality_id: int, day: datetime.date) -> QuerySet:
    return Decision.objects.filter(municipality_id=municipality_id, activated_on__lte=day,
                                   hours_per_week__isnull=False).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))


@figure("granted_hours", "Bevilgede timer pr. uge", "timer pr. uge", kind="stock", citizens=False, order=40,
        help="Timer pr. uge i bevillinger, der er i gang ved dagens slutning.",
        drill=Drill(lambda mid, d0, d1, offers: _in(_granted(mid, d1), "offer_id", offers)
                    .select_related("citizen", "offer").order_by("offer__name", "pk"),
                    [Column("Tilbud", lambda d: d.offer.name), Column("Timer pr. uge", lambda d: d.hours_per_week),
                     Column("I gang fra", lambda d: d.activated_on)], "Styringstal: bevilgede timer"))
def granted_hours(municipality_id: int, day: datetime.date) -> list[Cell]:
    return _per_offer(municipality_id, _granted(municipality_id, day).values("offer_id")
                      .annotate(h=Sum("hours_per_week")).values_list("offer_id", "h"))


def _delivered(municipality_id: int, d0: datetime.date, d1: datetime.date) -> QuerySet:
    return attended(municipality_id).filter(occasion__starts_at__gte=start_of(d0),
                                            occasion__starts_at__lt=start_of(d1 + ONE_DAY))


@figure("delivered_hours", "Leverede timer", "timer", kind="flow", citizens=False, order=41,
        help="Borgernes tid i besøg, samtaler og grupper, der blev holdt (tidsregnskabet i aktiviteter).",
        drill=Drill(lambda mid, d0, d1, offers: _in(_delivered(mid, d0, d1), "offer_id", offers)
                    .select_related("citizen", "offer", "occasion").order_by("occasion__starts_at", "pk"),
                    [Column("Tilbud", lambda p: p.offer.name), Column("Tidspunkt", lambda p: p.occasion.starts_at),
                     Column("Timer", lambda p: round(Decimal(p.minutes or 0) / 60, 2))],
                    "Styringstal: leverede timer"))
def delivered_hours(municipality_id: int, day: datetime.date) -> list[Cell]:
    rows = _delivered(municipality_id, day, day).values("offer_id").annotate(m=Sum("minutes")).values_list(
        "offer_id", "m")
    return _per_offer(municipality_id, rows, value=lambda m: (Decimal(m) / 60).quantize(Decimal("0.01")))


# --- inflow and outflow -----------------------------------------------------------------------------

def _requests(municipality_id: int, d0: datetime.date, d1: datetime.date) -> QuerySet:
    return Request.objects.filter(municipality_id=municipality_id, received_on__gte=d0, received_on__lte=d1)


@figure("inflow", "Henvendelser", "henvendelser", kind="flow", by=("category", "band"), order=50,
        help="Henvendelser modtaget, efter hvem der henvendte sig og borgerens alder.",
        drill=Drill(lambda mid, d0, d1, offers: _in(_requests(mid, d0, d1), "offer_wanted_id", offers)
                    .filter(citizen__isnull=False).select_related("citizen", "offer_wanted")
                    .order_by("received_on", "pk"),
                    [Column("Modtaget", lambda r: r.received_on), Column("Hvem", lambda r: r.get_source_display()),
                     Column("Alder", lambda r: BAND_LABELS[age_band(r.citizen.birth_date, r.received_on)]),
                     Column("Ønsket tilbud", lambda r: r.offer_wanted.name if r.offer_wanted else "–")],
                    "Styringstal: henvendelser"))
def inflow(municipality_id: int, day: datetime.date) -> list[Cell]:
    units = _offer_units(municipality_id)
    counts: dict[tuple, int] = defaultdict(int)
    for offer_id, source, birth in _requests(municipality_id, day, day).values_list(
            "offer_wanted_id", "source", "citizen__birth_date"):
        counts[(offer_id, source, age_band(birth, day))] += 1
    return [Cell(Decimal(n), offer_id=o, unit_id=units.get(o) if o else None, category=s, band=b)
            for (o, s, b), n in counts.items()]


def _ended(municipality_id: int, d0: datetime.date, d1: datetime.date) -> QuerySet:
    return Episode.objects.filter(municipality_id=municipality_id, ended_on__gte=d0, ended_on__lte=d1)


@figure("outflow", "Afsluttede forløb", "borgere", kind="flow", by=("offer", "category"), order=51,
        help="Støtteforløb afsluttet, efter årsag.",
        drill=Drill(lambda mid, d0, d1, offers: _in(_ended(mid, d0, d1), "offer_id", offers)
                    .select_related("citizen", "offer").order_by("ended_on", "pk"),
                    [Column("Tilbud", lambda e: e.offer.name), Column("Afsluttet", lambda e: e.ended_on),
                     Column("Årsag", lambda e: e.get_end_reason_display() or "Ikke angivet")],
                    "Styringstal: afsluttede forløb"))
def outflow(municipality_id: int, day: datetime.date) -> list[Cell]:
    rows = _ended(municipality_id, day, day).values("offer_id", "unit_id", "end_reason").annotate(n=Count("pk"))
    return [Cell(Decimal(r["n"]), offer_id=r["offer_id"], unit_id=r["unit_id"], category=r["end_reason"])
            for r in rows]


# --- case-processing deadlines (retssikkerhedsloven § 3, stk. 2) ------------------------------------

def _decided(municipality_id: int, d0: datetime.date, d1: datetime.date) -> QuerySet:
    return Decision.objects.filter(municipality_id=municipality_id, decided_on__gte=d0, decided_on__lte=d1,
                                   deadline_on__isnull=False)


_DEADLINE_COLUMNS = [Column("Tilbud", lambda d: d.offer.name), Column("Ansøgt", lambda d: d.requested_on),
                     Column("Frist", lambda d: d.deadline_on), Column("Afgjort", lambda d: d.decided_on)]


@figure("deadline_met", "Afgjort inden fristen", "afgørelser", kind="flow", order=60,
        help="Afgørelser truffet senest på den offentliggjorte sagsbehandlingsfrist.",
        drill=Drill(lambda mid, d0, d1, offers: _in(_decided(mid, d0, d1), "offer_id", offers)
                    .filter(decided_on__lte=F("deadline_on")).select_related("citizen", "offer")
                    .order_by("decided_on", "pk"), _DEADLINE_COLUMNS, "Styringstal: frister overholdt"))
def deadline_met(municipality_id: int, day: datetime.date) -> list[Cell]:
    return _per_offer(municipality_id, _decided(municipality_id, day, day).filter(decided_on__lte=F("deadline_on"))
                      .values("offer_id").annotate(n=Count("pk")).values_list("offer_id", "n"))


@figure("deadline_missed", "Afgjort efter fristen", "afgørelser", kind="flow", order=61,
        help="Afgørelser truffet efter den offentliggjorte sagsbehandlingsfrist.",
        drill=Drill(lambda mid, d0, d1, offers: _in(_decided(mid, d0, d1), "offer_id", offers)
                    .filter(decided_on__gt=F("deadline_on")).select_related("citizen", "offer")
                    .order_by("decided_on", "pk"), _DEADLINE_COLUMNS, "Styringstal: frister overskredet"))
def deadline_missed(municipality_id: int, day: datetime.date) -> list[Cell]:
    return _per_offer(municipality_id, _decided(municipality_id, day, day).filter(decided_on__gt=F("deadline_on"))
                      .values("offer_id").annotate(n=Count("pk")).values_list("offer_id", "n"))


def _overdue(municipality_id: int, day: datetime.date) -> QuerySet:
    return (Decision.objects.filter(municipality_id=municipality_id, requested_on__lte=day, deadline_on__lt=day)
            .exclude(status=Decision.Status.CANCELLED)
            .filter(Q(decided_on__isnull=True) | Q(decided_on__gt=day)))


@figure("deadline_overdue", "Uafgjort efter fristen", "ansøgninger", kind="stock", order=62,
        help="Ansøgninger, der ved dagens slutning venter på afgørelse, selv om fristen er overskredet.",
        drill=Drill(lambda mid, d0, d1, offers: _in(_overdue(mid, d1), "offer_id", offers)
                    .select_related("citizen", "offer").order_by("deadline_on", "pk"), _DEADLINE_COLUMNS,
                    "Styringstal: frister overskredet"))
def deadline_overdue(municipality_id: int, day: datetime.date) -> list[Cell]:
    return _per_offer(municipality_id, _overdue(municipality_id, day).values("offer_id").annotate(n=Count("pk"))
                      .values_list("offer_id", "n"))


# --- readmissions (cross-sector) --------------------------------------------------------------------

def _admissions(municipality_id: int, d0: datetime.date, d1: datetime.date) -> list[tuple[Admission, bool]]:
    """Admissions on the days, each with whether it came within 30 days of the citizen's last discharge."""
    since = start_of(d0 - datetime.timedelta(days=READMISSION_DAYS + 1))
    rows = list(Admission.objects.filter(municipality_id=municipality_id, state__in=COUNTED,
                                         admitted_at__gte=since, admitted_at__lt=start_of(d1 + ONE_DAY))
                .select_related("citizen").order_by("citizen_id", "admitted_at", "pk"))
    earlier = {c: d for c, d in Admission.objects.filter(
        municipality_id=municipality_id, state__in=COUNTED, admitted_at__lt=since,
        citizen_id__in={a.citizen_id for a in rows}).values("citizen_id").annotate(d=Max("discharged_at"))
        .values_list("citizen_id", "d")} if rows else {}
    out, previous = [], dict(earlier)
    for a in rows:
        last = previous.get(a.citizen_id)
        again = (a.admitted_at is not None and last is not None
                 and datetime.timedelta(0) <= a.admitted_at - last <= datetime.timedelta(days=READMISSION_DAYS))
        previous[a.citizen_id] = a.discharged_at
        if d0 <= (_local_day(a.admitted_at) or d0 - ONE_DAY) <= d1:
            out.append((a, again))
    return out


@figure("readmissions", "Indlæggelser og genindlæggelser", "indlæggelser", kind="flow", by=("category",),
        order=70, help="Psykiatriske indlæggelser af borgere med støtte; genindlagt: inden for 30 dage efter "
        "sidste udskrivning.",
        drill=Drill(lambda mid, d0, d1, offers: Admission.objects.filter(
            pk__in=[a.pk for a, again in _admissions(mid, d0, d1) if again]).select_related("citizen")
            .order_by("admitted_at", "pk"),
            [Column("Indlagt", lambda a: a.admitted_at), Column("Udskrevet", lambda a: a.discharged_at)],
            "Styringstal: genindlæggelser"))
def readmissions(municipality_id: int, day: datetime.date) -> list[Cell]:
    found = _admissions(municipality_id, day, day)
    counts = {"admitted": len(found), "readmitted": sum(1 for _, again in found if again)}
    return [Cell(Decimal(n), category=k) for k, n in counts.items() if n]


READMISSION_LABELS = {"admitted": "Indlæggelser", "readmitted": "Heraf genindlæggelser inden for 30 dage"}


# --- Støberiet and other drop-in places: opening hours and visits -----------------------------------

def _dropin_offers(municipality_id: int) -> list[Offer]:
    return list(Offer.objects.filter(municipality_id=municipality_id, opening_periods__isnull=False).distinct()
                .order_by("pk"))


@figure("dropin_open_hours", "Åbningstimer på værestederne", "timer", kind="flow", citizens=False, order=80,
        help="Timer, værestedet havde åbent efter sine åbningstider (lukkedage og helligdage fraregnet).")
def dropin_open_hours(municipality_id: int, day: datetime.date) -> list[Cell]:
    cells = []
    for offer in _dropin_offers(municipality_id):
        for d in opening_of(offer, day, day):
            if d.opens is not None and d.closes is not None:
                minutes = (d.closes.hour * 60 + d.closes.minute) - (d.opens.hour * 60 + d.opens.minute)
                if minutes > 0:
                    cells.append(Cell((Decimal(minutes) / 60).quantize(Decimal("0.01")), offer_id=offer.pk,
                                      unit_id=offer.unit_id))
    return cells


@figure("dropin_visits", "Besøg på værestederne", "besøg", kind="flow", citizens=False, order=81,
        help="Besøg registreret på værestedets åbninger (navngivne og anonyme), som værestedets egne tal.")
def dropin_visits(municipality_id: int, day: datetime.date) -> list[Cell]:
    rows = (Participation.objects.filter(municipality_id=municipality_id, status=Participation.Status.ATTENDED,
                                         occasion__kind=Occasion.Kind.DROPIN_OPENING,
                                         occasion__starts_at__gte=start_of(day),
                                         occasion__starts_at__lt=start_of(day + ONE_DAY))
            .values("occasion__offer_id").annotate(n=Sum("headcount")).values_list("occasion__offer_id", "n"))
    return _per_offer(municipality_id, rows)


def staff_names(ids) -> dict[int, str]:
    from django.contrib.auth import get_user_model
    return {u.pk: u.get_full_name() or u.username for u in get_user_model().objects.filter(pk__in=ids)}


def label_of(fig_key: str, category: str) -> str:
    """A category's label (a request source, an end reason, a capacity unit)."""
    if fig_key == "inflow":
        return dict(Request._meta.get_field("source").choices).get(category, category or "Ukendt")
    if fig_key == "outflow":
        return dict(Episode.EndReason.choices).get(category, "Ikke angivet")
    if fig_key == "readmissions":
        return READMISSION_LABELS.get(category, category)
    return category



NO_OFFER = {"outcome": "Uden bevilling eller forløb"}  # an offer dimension left empty, by the key's first word


def category_names(fig_key: str, categories: set[str]) -> dict[tuple[str, str], str]:
    """Categories that are ids (an instrument, a course target), named in one query."""
    ids = {int(c) for c in categories if c.isdigit()}
    if not ids:
        return {}
    if fig_key.startswith("outcome_"):
        return {("category", str(pk)): name for pk, name in Instrument.objects.filter(pk__in=ids)
                .values_list("pk", "name")}
    if fig_key.startswith("course_target"):
        return {("category", str(t.pk)): f"{t.first_year}–{t.last_year} (mål: {t.courses} forløb)"
                for t in Target.objects.filter(pk__in=ids)}
    return {}


# --- the same figures over a range of days (one query each; the tests hold them equal to the above) ---

def _range_days(d0: datetime.date, d1: datetime.date) -> list[datetime.date]:
    return [d0 + datetime.timedelta(days=i) for i in range((d1 - d0).days + 1)]


def _spans(rows, d0: datetime.date, d1: datetime.date) -> dict[datetime.date, dict[tuple, Decimal]]:
    """From (key, first day in, first day out or None, weight): the sum of weights in on each day."""
    n = (d1 - d0).days + 1
    diff: dict[tuple, list[Decimal]] = defaultdict(lambda: [Decimal(0)] * (n + 1))
    for key, start, end, weight in rows:
        if start is None or start > d1 or (end is not None and end <= max(start, d0)):
            continue
        a = max(0, (start - d0).days)
        b = n if end is None or end > d1 else (end - d0).days
        diff[key][a] += weight
        diff[key][b] -= weight
    out: dict[datetime.date, dict[tuple, Decimal]] = {d: {} for d in _range_days(d0, d1)}
    for key, deltas in diff.items():
        running = Decimal(0)
        for i, d in enumerate(_range_days(d0, d1)):
            running += deltas[i]
            if running:
                out[d][key] = running
    return out


def _by_day(rows, d0, d1) -> dict[datetime.date, dict[tuple, Decimal]]:
    """From (key, day, value): the sum per key and day."""
    out: dict[datetime.date, dict[tuple, Decimal]] = {d: defaultdict(Decimal) for d in _range_days(d0, d1)}
    for key, day, value in rows:
        if day in out and value:
            out[day][key] += Decimal(value)
    return out


def _offer_cells(municipality_id: int, per_day, quantize: bool = False) -> dict[datetime.date, list[Cell]]:
    units = _offer_units(municipality_id)
    q = (lambda v: v.quantize(Decimal("0.01"))) if quantize else (lambda v: v)
    return {d: [Cell(q(v), offer_id=k[0], unit_id=units.get(k[0])) for k, v in keys.items() if v]
            for d, keys in per_day.items()}


@ranged("waitlist")
def waitlist_range(mid: int, d0: datetime.date, d1: datetime.date):
    rows = WaitlistEntry.objects.filter(municipality_id=mid, added_on__lte=d1).filter(
        Q(removed_on__isnull=True) | Q(removed_on__gt=d0)).values_list("offer_id", "added_on", "removed_on")
    return _offer_cells(mid, _spans((((o,), a, r, Decimal(1)) for o, a, r in rows), d0, d1))


@ranged("waitlist_started")
def waitlist_started_range(mid: int, d0: datetime.date, d1: datetime.date):
    rows = _started(mid, d0, d1).values_list("offer_id", "removed_on")
    return _offer_cells(mid, _by_day((((o,), r, 1) for o, r in rows), d0, d1))


@ranged("waitlist_wait_days")
def waitlist_wait_days_range(mid: int, d0: datetime.date, d1: datetime.date):
    rows = _started(mid, d0, d1).values_list("offer_id", "added_on", "removed_on")
    return _offer_cells(mid, _by_day((((o,), r, (r - a).days) for o, a, r in rows), d0, d1))


@ranged("caseload")
def caseload_range(mid: int, d0: datetime.date, d1: datetime.date):
    rows = Episode.objects.filter(municipality_id=mid, started_on__lte=d1).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=d0)).values_list("worker_id", "unit_id", "started_on", "ended_on")
    per_day = _spans((((w, u), s, e, Decimal(1)) for w, u, s, e in rows), d0, d1)
    return {d: [Cell(v, worker_id=k[0], unit_id=k[1]) for k, v in keys.items()] for d, keys in per_day.items()}


@ranged("granted_hours")
def granted_hours_range(mid: int, d0: datetime.date, d1: datetime.date):
    rows = Decision.objects.filter(municipality_id=mid, activated_on__lte=d1, hours_per_week__isnull=False).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=d0)).values_list("offer_id", "activated_on", "ended_on",
                                                                   "hours_per_week")
    return _offer_cells(mid, _spans((((o,), a, e, h) for o, a, e, h in rows), d0, d1))


@ranged("delivered_hours")
def delivered_hours_range(mid: int, d0: datetime.date, d1: datetime.date):
    tz = timezone.get_current_timezone()
    rows = (_delivered(mid, d0, d1).annotate(day=TruncDate("occasion__starts_at", tzinfo=tz))
            .values("offer_id", "day").annotate(m=Sum("minutes")).values_list("offer_id", "day", "m"))
    per_day = _by_day((((o,), d, Decimal(m or 0) / 60) for o, d, m in rows), d0, d1)
    return _offer_cells(mid, per_day, quantize=True)


@ranged("inflow")
def inflow_range(mid: int, d0: datetime.date, d1: datetime.date):
    units = _offer_units(mid)
    counts: dict[datetime.date, dict[tuple, int]] = {d: defaultdict(int) for d in _range_days(d0, d1)}
    for offer_id, source, birth, day in _requests(mid, d0, d1).values_list(
            "offer_wanted_id", "source", "citizen__birth_date", "received_on"):
        counts[day][(offer_id, source, age_band(birth, day))] += 1
    return {d: [Cell(Decimal(n), offer_id=o, unit_id=units.get(o) if o else None, category=s, band=b)
                for (o, s, b), n in keys.items()] for d, keys in counts.items()}


@ranged("outflow")
def outflow_range(mid: int, d0: datetime.date, d1: datetime.date):
    rows = _ended(mid, d0, d1).values("offer_id", "unit_id", "end_reason", "ended_on").annotate(n=Count("pk"))
    out: dict[datetime.date, list[Cell]] = {d: [] for d in _range_days(d0, d1)}
    for r in rows:
        out[r["ended_on"]].append(Cell(Decimal(r["n"]), offer_id=r["offer_id"], unit_id=r["unit_id"],
                                       category=r["end_reason"]))
    return out


def _deadline_range(mid, d0, d1, met: bool):
    qs = _decided(mid, d0, d1)
    qs = qs.filter(decided_on__lte=F("deadline_on")) if met else qs.filter(decided_on__gt=F("deadline_on"))
    rows = qs.values("offer_id", "decided_on").annotate(n=Count("pk")).values_list("offer_id", "decided_on", "n")
    return _offer_cells(mid, _by_day((((o,), d, n) for o, d, n in rows), d0, d1))


ranged("deadline_met")(lambda mid, d0, d1: _deadline_range(mid, d0, d1, True))
ranged("deadline_missed")(lambda mid, d0, d1: _deadline_range(mid, d0, d1, False))


@ranged("deadline_overdue")
def deadline_overdue_range(mid: int, d0: datetime.date, d1: datetime.date):
    rows = (Decision.objects.filter(municipality_id=mid, requested_on__lte=d1, deadline_on__lt=d1)
            .exclude(status=Decision.Status.CANCELLED).filter(Q(decided_on__isnull=True) | Q(decided_on__gt=d0))
            .values_list("offer_id", "requested_on", "deadline_on", "decided_on"))
    return _offer_cells(mid, _spans((((o,), max(r, dl + ONE_DAY), dec, Decimal(1)) for o, r, dl, dec in rows),
                                    d0, d1))


@ranged("readmissions")
def readmissions_range(mid: int, d0: datetime.date, d1: datetime.date):
    out: dict[datetime.date, dict[str, int]] = {d: {"admitted": 0, "readmitted": 0} for d in _range_days(d0, d1)}
    for admission, again in _admissions(mid, d0, d1):
        day = _local_day(admission.admitted_at)
        if day in out:
            out[day]["admitted"] += 1
            out[day]["readmitted"] += int(again)
    return {d: [Cell(Decimal(n), category=k) for k, n in c.items() if n] for d, c in out.items()}


@ranged("dropin_open_hours")
def dropin_open_hours_range(mid: int, d0: datetime.date, d1: datetime.date):
    out: dict[datetime.date, list[Cell]] = {d: [] for d in _range_days(d0, d1)}
    for offer in _dropin_offers(mid):
        for d in opening_of(offer, d0, d1):
            if d.opens is not None and d.closes is not None and d.day in out:
                minutes = (d.closes.hour * 60 + d.closes.minute) - (d.opens.hour * 60 + d.opens.minute)
                if minutes > 0:
                    out[d.day].append(Cell((Decimal(minutes) / 60).quantize(Decimal("0.01")), offer_id=offer.pk,
                                           unit_id=offer.unit_id))
    return out


@ranged("dropin_visits")
def dropin_visits_range(mid: int, d0: datetime.date, d1: datetime.date):
    tz = timezone.get_current_timezone()
    rows = (Participation.objects.filter(municipality_id=mid, status=Participation.Status.ATTENDED,
                                         occasion__kind=Occasion.Kind.DROPIN_OPENING,
                                         occasion__starts_at__gte=start_of(d0),
                                         occasion__starts_at__lt=start_of(d1 + ONE_DAY))
            .annotate(day=TruncDate("occasion__starts_at", tzinfo=tz))
            .values("occasion__offer_id", "day").annotate(n=Sum("headcount"))
            .values_list("occasion__offer_id", "day", "n"))
    return _offer_cells(mid, _by_day((((o,), d, n) for o, d, n in rows), d0, d1))


@ranged("capacity_used")
def capacity_used_range(mid: int, d0: datetime.date, d1: datetime.date):
    today = timezone.localdate()
    return {d: (capacity_used(mid, d) if d >= today else []) for d in _range_days(d0, d1)}


@ranged("capacity_total")
def capacity_total_range(mid: int, d0: datetime.date, d1: datetime.date):
    today = timezone.localdate()
    return {d: (capacity_total(mid, d) if d >= today else []) for d in _range_days(d0, d1)}


# --- outcomes per offer (outcomes.statistics: first to latest measurement, the offer of the latest) --------
#
# As the outcomes pages count (outcomes.selectors.outcome_figures): a citizen's series is their measurements
# with one instrument that no correction replaced, made by a unit and with answers, oldest first; the citizen
# belongs to the offer they received on the day of their latest measurement (outcomes.sources.offers_on);
# "improved" is outcomes.statistics.overall_change pointing the instrument's better way. A stock: every
# measurement up to the end of the day. The category is the instrument's id. Only the answers of the
# measurements compared are read, in batches (SQLite's limit on the values of one query).

BATCH = 5000
Series = dict[tuple[int, int], list[tuple[int, datetime.date, int]]]  # (citizen, instrument): [(id, day, unit)]


def _valid_measurements(municipality_id: int, d0: datetime.date | None, d1: datetime.date) -> QuerySet:
    qs = Measurement.objects.filter(municipality_id=municipality_id, measured_on__lte=d1, unit__isnull=False,
                                    replaced_by__isnull=True).filter(Exists(Score.objects.filter(
                                        measurement_id=OuterRef("pk"))))
    return qs if d0 is None else qs.filter(measured_on__gte=d0)


def _may_have_had(municipality_id: int, d1: datetime.date, offer_ids: Sequence[int]) -> Q:
    """The citizens whom outcomes.sources.offers_on could give one of the offers on a day up to d1, in SQL: an
    episode of it begun by d1, a decision of it in force begun by d1, or a measurement by a unit that runs it
    (the fallback for a unit with one offer). A wider set than those counted under the offers, never a narrower
    one: the drill-down reads only their series and then attributes them exactly as the snapshot does."""
    episodes = Episode.objects.filter(municipality_id=municipality_id, offer_id__in=offer_ids, started_on__lte=d1)
    decisions = Decision.objects.filter(municipality_id=municipality_id, offer_id__in=offer_ids, status__in=IN_FORCE
                                        ).filter(Q(start_on__lte=d1) | Q(activated_on__lte=d1))
    units = Offer.objects.filter(municipality_id=municipality_id, active=True, unit__isnull=False,
                                 pk__in=offer_ids).values("unit_id")
    measured = Measurement.objects.filter(municipality_id=municipality_id, measured_on__lte=d1, unit_id__in=units)
    return (Q(citizen_id__in=episodes.values("citizen_id")) | Q(citizen_id__in=decisions.values("citizen_id"))
            | Q(citizen_id__in=measured.values("citizen_id")))


def _series(municipality_id: int, d1: datetime.date, offer_ids: Sequence[int] | None = None) -> Series:
    """Every citizen's valid measurements up to d1 per instrument, oldest first (ids, days and units only);
    with offer_ids, only of the citizens who may have had one of the offers (a drill-down's)."""
    out: Series = defaultdict(list)
    qs = _valid_measurements(municipality_id, None, d1)
    if offer_ids is not None:
        qs = qs.filter(_may_have_had(municipality_id, d1, offer_ids))
    for pk, cid, inst, day, unit_id in qs.values_list(
            "pk", "citizen_id", "version__instrument_id", "measured_on", "unit_id").order_by(
            "measured_on", "pk").iterator(chunk_size=5000):
        out[(cid, inst)].append((pk, day, unit_id))
    return out


def _answers(ids) -> dict[int, dict[str, int]]:
    out: dict[int, dict[str, int]] = defaultdict(dict)
    for mid, key, value in Score.objects.filter(measurement_id__in=among(set(ids))).values_list(
            "measurement_id", "area_key", "value").order_by().iterator(chunk_size=BATCH):
        out[mid][key] = value
    return out


def _directions(instrument_ids) -> dict[int, int]:
    """Each instrument's better way, from its newest version (as outcome_figures reads it)."""
    newest: dict[int, InstrumentVersion] = {}
    for v in InstrumentVersion.objects.filter(instrument_id__in=set(instrument_ids)).order_by("pk"):
        newest[v.instrument_id] = v
    return {i: v.spec.direction for i, v in newest.items()}


def _offers_of(municipality_id: int, pairs) -> dict[tuple[int, datetime.date], int | None]:
    """outcomes.sources.offers_on for the municipality's id."""
    return offers_on(Municipality.objects.get(pk=municipality_id), pairs)


def _change(answers: dict[int, dict[str, int]], first: tuple, later: tuple) -> float | None:
    return statistics.overall_change([statistics.Point(first[1], answers[first[0]]),
                                      statistics.Point(later[1], answers[later[0]])])


def _compared(mid: int, day: datetime.date, offer_ids: Sequence[int] | None = None
              ) -> list[tuple[int | None, int, tuple, bool]]:
    """(offer, instrument, latest measurement, improved) of every citizen with a first and a latest to compare
    (with offer_ids: of every citizen who may have had one of them; the caller keeps those counted under them)."""
    series = {k: s for k, s in _series(mid, day, offer_ids).items() if len(s) >= 2}
    answers = _answers(m[0] for s in series.values() for m in (s[0], s[-1]))
    offers = _offers_of(mid, {(cid, s[-1][1], s[-1][2]) for (cid, _), s in series.items()})
    directions = _directions(inst for _, inst in series)
    out = []
    for (cid, inst), s in series.items():
        change = _change(answers, s[0], s[-1])
        if change is not None:
            out.append((offers.get((cid, s[-1][1])), inst, s[-1], change * directions.get(inst, 1) > 0))
    return out


def _outcome_cells(municipality_id: int, day: datetime.date, improved: bool) -> list[Cell]:
    units = _offer_units(municipality_id)
    counts: dict[tuple[int | None, int], int] = defaultdict(int)
    for offer_id, inst, _, better in _compared(municipality_id, day):
        counts[(offer_id, inst)] += 1 if better or not improved else 0
    return [Cell(Decimal(n), offer_id=o, unit_id=units.get(o) if o else None, category=str(inst))
            for (o, inst), n in counts.items() if n]


def _latest_compared(mid: int, d1: datetime.date, offer_ids: Sequence[int] | None, improved: bool) -> QuerySet:
    """The drill-down: each counted citizen's latest measurement up to d1 (only the improved, for that figure)."""
    ids = [latest[0] for offer, _, latest, better in _compared(mid, d1, offer_ids)
           if (offer_ids is None or offer in offer_ids) and (better or not improved)]
    return Measurement.objects.filter(pk__in=among(ids)).select_related("citizen", "version__instrument").order_by(
        "version__instrument__name", "measured_on", "pk")


_OUTCOME_COLUMNS = [Column("Måleredskab", lambda m: m.version.instrument.name),
                    Column("Seneste måling", lambda m: m.measured_on)]


@figure("outcome_compared", "Borgere med første og seneste effektmåling", "borgere", kind="stock",
        by=("offer", "category"), order=90,
        help="Borgere med mindst to målinger med samme måleredskab at sammenligne (til og med dagen), efter "
        "tilbuddet ved den seneste måling – som effektmålingernes egne tal.",
        drill=Drill(lambda mid, d0, d1, offers: _latest_compared(mid, d1, offers, improved=False), _OUTCOME_COLUMNS,
                    "Styringstal: effektmåling sammenlignet"))
def outcome_compared(municipality_id: int, day: datetime.date) -> list[Cell]:
    return _outcome_cells(municipality_id, day, improved=False)


@figure("outcome_improved", "Heraf med fremgang", "borgere", kind="stock", by=("offer", "category"), order=91,
        help="Borgere, hvis samlede ændring fra første til seneste måling peger den gode vej.",
        drill=Drill(lambda mid, d0, d1, offers: _latest_compared(mid, d1, offers, improved=True), _OUTCOME_COLUMNS,
                    "Styringstal: effektmåling med fremgang"))
def outcome_improved(municipality_id: int, day: datetime.date) -> list[Cell]:
    return _outcome_cells(municipality_id, day, improved=True)


def _measured_on(mid: int, d0: datetime.date, d1: datetime.date) -> list[tuple[int, int | None, int, datetime.date]]:
    """(measurement id, offer, instrument, day) of the valid measurements made by a unit on the days."""
    rows = list(_valid_measurements(mid, d0, d1).values_list("pk", "citizen_id", "measured_on", "unit_id",
                                                              "version__instrument_id"))
    offers = _offers_of(mid, {(c, d, u) for _, c, d, u, _ in rows})
    return [(pk, offers.get((c, d)), inst, d) for pk, c, d, u, inst in rows]


def _measurements_drill(mid, d0, d1, offer_ids):
    ids = [pk for pk, offer, _, _ in _measured_on(mid, d0, d1) if offer_ids is None or offer in offer_ids]
    return Measurement.objects.filter(pk__in=among(ids)).select_related("citizen", "version__instrument").order_by(
        "measured_on", "pk")


@figure("outcome_measurements", "Effektmålinger", "målinger", kind="flow", by=("offer", "category"), order=92,
        help="Effektmålinger udfyldt (rettede fraregnet), efter tilbuddet borgeren fik den dag og måleredskab.",
        drill=Drill(_measurements_drill, [Column("Måleredskab", lambda m: m.version.instrument.name),
                                          Column("Dato", lambda m: m.measured_on)], "Styringstal: effektmålinger"))
def outcome_measurements(municipality_id: int, day: datetime.date) -> list[Cell]:
    return outcome_measurements_range(municipality_id, day, day)[day]


@ranged("outcome_measurements")
def outcome_measurements_range(mid: int, d0: datetime.date, d1: datetime.date):
    units = _offer_units(mid)
    per_day = _by_day((((o, inst), d, 1) for _, o, inst, d in _measured_on(mid, d0, d1)), d0, d1)
    return {d: [Cell(v, offer_id=k[0], unit_id=units.get(k[0]) if k[0] else None, category=str(k[1]))
                for k, v in keys.items()] for d, keys in per_day.items()}


def _outcome_range(mid: int, d0: datetime.date, d1: datetime.date, improved: bool):
    """Each citizen's series counts from their second measurement's day: from the day of measurement k until
    the day of the next one, the pair (first, k) under the offer on measurement k's day. Only the pairs whose
    days touch the range are read."""
    pairs = []  # (citizen, instrument, first, k-th, the day of the next or None)
    for (cid, inst), s in _series(mid, d1).items():
        for k in range(1, len(s)):
            end = s[k + 1][1] if k + 1 < len(s) else None
            if end is None or end > d0:
                pairs.append((cid, inst, s[0], s[k], end))
    answers = _answers(m[0] for _, _, first, later, _ in pairs for m in (first, later))
    offers = _offers_of(mid, {(cid, later[1], later[2]) for cid, _, _, later, _ in pairs})
    directions = _directions(inst for _, inst, _, _, _ in pairs)
    rows = []
    for cid, inst, first, later, end in pairs:
        change = _change(answers, first, later)
        if change is None or (improved and not change * directions.get(inst, 1) > 0):
            continue
        rows.append(((offers.get((cid, later[1])), inst), later[1], end, Decimal(1)))
    units = _offer_units(mid)
    return {d: [Cell(v, offer_id=k[0], unit_id=units.get(k[0]) if k[0] else None, category=str(k[1]))
                for k, v in keys.items()] for d, keys in _spans(rows, d0, d1).items()}


ranged("outcome_compared")(lambda mid, d0, d1: _outcome_range(mid, d0, d1, False))
ranged("outcome_improved")(lambda mid, d0, d1: _outcome_range(mid, d0, d1, True))


# --- group courses against the political target (courses.selectors.target_figures) ------------------------
#
# A course starts on the day of its first session and is held on the day its last session ends, once that has
# passed (as the courses' own figures count); it counts towards a target whose years hold its first session.

def _course_dates(municipality_id: int, d1: datetime.date) -> list[tuple[int, int, int, datetime.date, datetime.date,
                                                                         datetime.datetime]]:
    """(course, offer, seats, first day, last day, last moment) of every course with sessions begun by d1."""
    rows = (Course.objects.filter(municipality_id=municipality_id).annotate(
        first=Min("sessions__occasion__starts_at"), last=Max("sessions__occasion__ends_at"))
        .filter(first__lt=start_of(d1 + ONE_DAY)).values_list("pk", "offer_id", "seats", "first", "last"))
    return [(pk, offer, seats, _local_day(first), _local_day(last), last)  # type: ignore[misc]
            for pk, offer, seats, first, last in rows]


def _held(last: datetime.datetime, d1: datetime.date) -> bool:
    return last < start_of(d1 + ONE_DAY) and last <= timezone.now()


def _courses_range(mid: int, d0: datetime.date, d1: datetime.date, what: str):
    enrolled: dict[int, int] = {}
    if what == "enrolled":
        enrolled = dict(Enrolment.objects.filter(municipality_id=mid, status=Enrolment.Status.ENROLLED)
                        .values("course_id").annotate(n=Count("pk")).values_list("course_id", "n"))
    rows = []
    for pk, offer, seats, first, last, last_at in _course_dates(mid, d1):
        if what == "held":
            if _held(last_at, d1):
                rows.append(((offer,), last, 1))
        else:
            rows.append(((offer,), first, {"started": 1, "seats": seats, "enrolled": enrolled.get(pk, 0)}[what]))
    return _offer_cells(mid, _by_day(rows, d0, d1))


@figure("courses_started", "Gruppeforløb startet", "forløb", kind="flow", citizens=False, order=100,
        help="Gruppeforløb, hvis første kursusgang lå på dagen.")
def courses_started(municipality_id: int, day: datetime.date) -> list[Cell]:
    return _courses_range(municipality_id, day, day, "started")[day]


@figure("courses_held", "Gruppeforløb holdt", "forløb", kind="flow", citizens=False, order=101,
        help="Gruppeforløb, hvis sidste kursusgang sluttede på dagen (som forløbenes egne tal: et forløb er holdt, "
        "når den sidste kursusgang er forbi).")
def courses_held(municipality_id: int, day: datetime.date) -> list[Cell]:
    return _courses_range(municipality_id, day, day, "held")[day]


@figure("course_seats", "Pladser på forløb, der startede", "pladser", kind="flow", citizens=False, order=102,
        help="Pladserne på de gruppeforløb, der startede i perioden.")
def course_seats(municipality_id: int, day: datetime.date) -> list[Cell]:
    return _courses_range(municipality_id, day, day, "seats")[day]


def _enrolled_drill(mid, d0, d1, offer_ids):
    ids = [pk for pk, offer, _, first, _, _ in _course_dates(mid, d1) if first >= d0
           and (offer_ids is None or offer in offer_ids)]
    return (Enrolment.objects.filter(municipality_id=mid, course_id__in=ids, status=Enrolment.Status.ENROLLED)
            .select_related("citizen", "course", "course__offer").order_by("course__title", "pk"))


@figure("course_enrolled", "Heraf besatte pladser", "deltagere", kind="flow", order=103,
        help="Tilmeldte (borgere og pårørende) på de gruppeforløb, der startede i perioden, som tilmeldingerne står "
        "nu.",
        drill=Drill(_enrolled_drill, [Column("Forløb", lambda e: e.course.title),
                                      Column("Tilbud", lambda e: e.course.offer.name),
                                      Column("Deltager", lambda e: "Pårørende" if e.relative_id else "Borgeren")],
                    "Styringstal: deltagere på gruppeforløb"))
def course_enrolled(municipality_id: int, day: datetime.date) -> list[Cell]:
    return _courses_range(municipality_id, day, day, "enrolled")[day]


for _key in ("started", "held", "seats", "enrolled"):
    ranged({"started": "courses_started", "held": "courses_held", "seats": "course_seats",
            "enrolled": "course_enrolled"}[_key])(lambda mid, d0, d1, what=_key: _courses_range(mid, d0, d1, what))


def _target_range(mid: int, d0: datetime.date, d1: datetime.date, held: bool):
    """Per target whose years hold the day: the target, or the courses held towards it by the end of the day."""
    targets = list(Target.objects.filter(municipality_id=mid, first_year__lte=d1.year, last_year__gte=d0.year))
    courses = _course_dates(mid, d1) if held else []
    out: dict[datetime.date, list[Cell]] = {}
    for d in _range_days(d0, d1):
        cells = []
        for t in targets:
            if not t.first_year <= d.year <= t.last_year:
                continue
            value = (sum(1 for _, _, _, first, _, last_at in courses if t.first_year <= first.year <= t.last_year
                         and _held(last_at, d)) if held else t.courses)
            if value:
                cells.append(Cell(Decimal(value), category=str(t.pk)))
        out[d] = cells
    return out


@figure("course_target", "Mål for gruppeforløb", "forløb", kind="stock", citizens=False, by=("category",),
        order=104, help="Det politiske mål for antal gruppeforløb i målets periode (fx budgetaftalen 2016: 14).")
def course_target(municipality_id: int, day: datetime.date) -> list[Cell]:
    return _target_range(municipality_id, day, day, held=False)[day]


@figure("course_target_held", "Holdt mod målet", "forløb", kind="stock", citizens=False, by=("category",),
        order=105, help="Gruppeforløb holdt i målets periode til og med dagen (første kursusgang i målets år).")
def course_target_held(municipality_id: int, day: datetime.date) -> list[Cell]:
    return _target_range(municipality_id, day, day, held=True)[day]


ranged("course_target")(lambda mid, d0, d1: _target_range(mid, d0, d1, False))
ranged("course_target_held")(lambda mid, d0, d1: _target_range(mid, d0, d1, True))
