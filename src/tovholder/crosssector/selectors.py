"""Every read of crosssector. One citizen through `citizens.selectors.open_citizen` (logged); lists through
`Citizen.objects.known_to` and `record_list_access`. Nothing from a notification about a citizen without
support exists to be read: the legal filter kept only a receipt without personal data."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format

from tovholder.accounts.principals import Actor, principal_of, require_perm
from tovholder.activities.models import Occasion, Participation
from tovholder.audit.services import record_list_access
from tovholder.citizens.models import Citizen
from tovholder.offers.models import Offer
from tovholder.support.models import Episode
from tovholder.visitation.models import Decision

from .models import Admission, AdmissionEvent, Partner, PartnerConsent, Purpose, Receipt, Share, SharingBasis

READMISSIONS = "crosssector.view_readmissions"
INBOX = "crosssector.view_medcom_inbox"
READMISSION_DAYS = 30
RECENT_DAYS = 14  # a discharged stay stays on the coordinator's panel this long
OPEN = (Admission.State.ADMITTED, Admission.State.ON_LEAVE)
COUNTED = (Admission.State.ADMITTED, Admission.State.ON_LEAVE, Admission.State.DISCHARGED, Admission.State.DECEASED)


# --- the citizen's stays --------------------------------------------------------------------------------

def stays_section(user: Actor, citizen: Citizen) -> dict:
    """The overview's section (the overview has checked need to know and logged the read): the stays, newest
    first, and the planned visits during an open stay, shown as paused. One read, two with an open stay."""
    stays = list(Admission.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen)
                 .exclude(state=Admission.State.WAITING).select_related("ward").order_by("-admitted_at", "-pk")[:10])
    current = next((a for a in stays if a.is_open), None)
    return {"stays": stays, "current": current, "paused": paused_visits(citizen, current) if current else []}


def paused_visits(citizen: Citizen, stay: Admission) -> list[Participation]:
    """The citizen's planned occasions from the stay's start until its end (open: the next 60 days)."""
    start = stay.admitted_at or timezone.now()
    end = stay.discharged_at or timezone.now() + datetime.timedelta(days=60)
    return list(Participation.objects.filter(
        municipality_id=citizen.municipality_id, citizen=citizen, status=Participation.Status.PLANNED,
        occasion__status=Occasion.Status.PLANNED, occasion__starts_at__gte=start, occasion__starts_at__lte=end)
        .select_related("occasion").order_by("occasion__starts_at")[:20])


def admitted_flags(citizen_ids) -> set[int]:
    """Which of these citizens are at the hospital now (for a list that already shows them)."""
    return set(Admission.objects.filter(citizen_id__in=list(citizen_ids), state__in=OPEN)
               .values_list("citizen_id", flat=True))


@dataclass
class CitizenPage:
    citizen: Citizen
    stays: list
    events: dict
    shares: list
    consents: list
    partners: list


def citizen_page(user: Actor, citizen: Citizen) -> CitizenPage:
    """The citizen's stays with every message, the shares with partners and the consents (the view has opened
    the citizen through `open_citizen`)."""
    stays = list(Admission.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen)
                 .select_related("ward").order_by("-admitted_at", "-pk"))
    events: dict[int, list] = defaultdict(list)
    for e in AdmissionEvent.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen).defer(
            "bundle").select_related("sender").order_by("occurred_at", "pk"):
        events[e.admission_id].append(e)
    for stay in stays:
        stay.messages = events.get(stay.pk, [])  # type: ignore[attr-defined]
    shares = list(Share.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen)
                  .select_related("partner", "basis", "consent", "by").order_by("-at", "-pk")[:100])
    consents = list(PartnerConsent.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen)
                    .select_related("partner").order_by("-given_on", "-pk"))
    return CitizenPage(citizen, stays, dict(events), shares, consents, partners_for_consent(user))


def partners_for_consent(user: Actor) -> list[Partner]:
    principal = principal_of(user)
    return list(Partner.objects.filter(municipality_id=principal.municipality_id, active=True)
                .exclude(kind=Partner.Kind.OWN).order_by("name"))


def partner_for(user: Actor, partner_id: int | None) -> Partner | None:
    if partner_id is None:
        return None
    return Partner.objects.filter(municipality_id=principal_of(user).municipality_id, pk=partner_id).first()


def consent_for(user: Actor, citizen: Citizen, consent_id: int | None) -> PartnerConsent | None:
    if consent_id is None:
        return None
    return (PartnerConsent.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen, pk=consent_id)
            .select_related("citizen", "partner").first())


# --- the coordinator's start page ------------------------------------------------------------------------

def panel_stays(user: Actor, *, limit: int = 10) -> list[Admission]:
    """Stays of citizens the user knows: at the hospital now, or discharged in the last RECENT_DAYS (one read)."""
    principal = principal_of(user)
    since = timezone.now() - datetime.timedelta(days=RECENT_DAYS)
    return list(Admission.objects.filter(municipality_id=principal.municipality_id)
                .filter(Q(state__in=OPEN) | Q(state__in=(Admission.State.DISCHARGED, Admission.State.DECEASED),
                                              discharged_at__gte=since))
                .filter(citizen__in=Citizen.objects.known_to(user).values("pk"))
                .select_related("citizen", "ward").order_by("state", "-admitted_at")[:limit])


# --- partners and the inbox -----------------------------------------------------------------------------

def partners(user: Actor) -> list[Partner]:
    principal = principal_of(user)
    return list(Partner.objects.filter(municipality_id=principal.municipality_id).select_related("parent", "unit")
                .order_by("kind", "name"))


def bases() -> list[SharingBasis]:
    return list(SharingBasis.objects.order_by("purpose", "law", "paragraph"))


@dataclass
class Inbox:
    receipts: list
    counts: dict
    discarded: int


def inbox(user: Actor, *, limit: int = 100) -> Inbox:
    """The inbox's receipts (no personal data: ids, outcomes and reasons) and the counts per outcome."""
    principal = require_perm(user, INBOX)
    mine = Receipt.objects.filter(municipality_id=principal.municipality_id)
    counts = dict(mine.values_list("outcome").annotate(n=Count("pk")).values_list("outcome", "n"))
    receipts = list(mine.order_by("-received_at", "-pk")[:limit])
    return Inbox(receipts, counts, counts.get(Receipt.Outcome.DISCARDED, 0))


def unrouted_refusals(limit: int = 50) -> list[Receipt]:
    """Bundles refused before a municipality could be told (unknown receiver, unreadable): for every reader of
    the inbox, since they hold nothing personal."""
    return list(Receipt.objects.filter(municipality__isnull=True).order_by("-received_at", "-pk")[:limit])


# --- readmissions ---------------------------------------------------------------------------------------

@dataclass
class Figures:
    label: str
    admissions: int = 0
    readmissions: int = 0

    @property
    def percent(self) -> int | None:
        return round(100 * self.readmissions / self.admissions) if self.admissions else None


@dataclass
class Readmissions:
    months: list[Figures]
    by_offer: list[Figures]
    total: Figures
    offers: list[Offer]
    offer: Offer | None
    start: datetime.date
    end: datetime.date
    days: int = READMISSION_DAYS
    notes: list[str] = field(default_factory=list)


def _month_start(day: datetime.date, back: int) -> datetime.date:
    month = day.year * 12 + day.month - 1 - back
    return datetime.date(month // 12, month % 12 + 1, 1)


def _support_periods(municipality_id: int, citizen_ids: set[int]) -> dict[int, list[tuple[int, datetime.date,
                                                                                            datetime.date | None]]]:
    """Per citizen: (offer, from, to) of grants that were in force and support episodes (two reads)."""
    periods: dict[int, list] = defaultdict(list)
    for citizen_id, offer_id, start, ended in Decision.objects.filter(
            municipality_id=municipality_id, citizen_id__in=citizen_ids,
            status__in=(Decision.Status.GRANTED, Decision.Status.ORDERED, Decision.Status.ACTIVE,
                        Decision.Status.ENDED), start_on__isnull=False).values_list(
            "citizen_id", "offer_id", "start_on", "ended_on"):
        periods[citizen_id].append((offer_id, start, ended))
    for citizen_id, offer_id, start, ended in Episode.objects.filter(
            municipality_id=municipality_id, citizen_id__in=citizen_ids).values_list(
            "citizen_id", "offer_id", "started_on", "ended_on"):
        periods[citizen_id].append((offer_id, start, ended))
    return periods


def readmissions(user: Actor, *, months: int = 12, offer_id: int | None = None,
                 today: datetime.date | None = None) -> Readmissions:
    """Admissions and readmissions (a new stay within 30 days of the citizen's previous discharge) per month
    and per offer the citizen had support in on the day of admission, among citizens with support (the only
    stays kept). Counts only: no citizen is named, so no access is logged."""
    principal = require_perm(user, READMISSIONS)
    today = today or timezone.localdate()
    start = _month_start(today, months - 1)
    tz = timezone.get_current_timezone()
    since = datetime.datetime.combine(start - datetime.timedelta(days=READMISSION_DAYS + 366), datetime.time(),
                                      tzinfo=tz)
    rows = list(Admission.objects.filter(municipality_id=principal.municipality_id, state__in=COUNTED,
                                         admitted_at__gte=since).order_by("citizen_id", "admitted_at", "pk")
                .values_list("citizen_id", "admitted_at", "discharged_at"))
    offers = list(Offer.objects.available_to(principal.municipality).filter(
        Q(decisions__isnull=False) | Q(episodes__isnull=False)).distinct().order_by("name"))
    offer = next((o for o in offers if o.pk == offer_id), None)
    periods = _support_periods(principal.municipality_id, {c for c, _, _ in rows})
    names = {o.pk: o.name for o in offers}
    month_keys = [_month_start(today, back) for back in range(months - 1, -1, -1)]
    by_month = {m: Figures(date_format(m, "YEAR_MONTH_FORMAT")) for m in month_keys}
    by_offer: dict[int, Figures] = {}
    total = Figures("I alt")
    previous: dict[int, datetime.datetime | None] = {}
    for citizen_id, admitted, discharged in rows:
        if admitted is None:
            continue
        day = timezone.localtime(admitted, tz).date()
        last_discharge = previous.get(citizen_id)
        window = datetime.timedelta(days=READMISSION_DAYS)
        readmitted = (admitted is not None and last_discharge is not None
                      and datetime.timedelta(0) <= admitted - last_discharge <= window)
        previous[citizen_id] = discharged
        if day < start or day > today:
            continue
        in_offers = {o for o, s, e in periods.get(citizen_id, []) if s <= day and (e is None or e >= day)}
        if offer is not None and offer.pk not in in_offers:
            continue
        for bucket in (by_month[day.replace(day=1)], total, *(by_offer.setdefault(o, Figures(names.get(o, "Andet")))
                                                              for o in in_offers)):
            bucket.admissions += 1
            bucket.readmissions += int(readmitted)
    return Readmissions(list(by_month.values()), sorted(by_offer.values(), key=lambda f: f.label), total, offers,
                        offer, start, today)


def require_readmissions(user: Actor) -> None:
    if not user.has_perm(READMISSIONS):
        raise PermissionDenied("Din rolle giver ikke adgang til tal for genindlæggelser.")


__all__ = ["stays_section", "panel_stays", "citizen_page", "readmissions", "inbox", "partners", "Purpose",
           "record_list_access"]
