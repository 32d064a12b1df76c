"""Every read of volunteers, wishes and agreements. Citizen data is read through `open_citizen` (need to
know, or a break-the-glass grant) or – for the volunteer coordinator – only what matching needs (the
citizen's first name, the wish, contact arrangement and meeting place), and every read is logged."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.http import Http404
from django.utils import timezone

from tovholder.accounts.principals import Actor, principal_of, require_perm
from tovholder.audit.services import record_access, record_list_access
from tovholder.citizens.selectors import open_citizen
from tovholder.offers.models import Offer
from tovholder.records import int_or_none

from .matching import NotSuggested, Suggestion, rank
from .models import Agreement, CompanionWish, Outing, Volunteer
from .services import COORDINATE, may_work_on, open_load

RENEWAL_HORIZON = datetime.timedelta(days=60)


def _coordinator(user: Actor) -> int:
    return require_perm(user, COORDINATE).municipality_id


def _id(value) -> int:
    if (pk := int_or_none(value)) is None:
        raise Http404("Findes ikke.")
    return pk


# --- volunteers (no citizen data) ----------------------------------------------------------------

def volunteers(user: Actor) -> list[Volunteer]:
    """The municipality's volunteers with their open agreements (`open_count`)."""
    municipality_id = _coordinator(user)
    return list(Volunteer.objects.filter(municipality_id=municipality_id).annotate(
        open_count=Count("agreements", filter=Q(agreements__ended_on__isnull=True))).order_by(
        "-active", "first_name", "last_name", "pk"))


def volunteer_for(user: Actor, volunteer_id) -> Volunteer:
    municipality_id = _coordinator(user)
    found = Volunteer.objects.filter(municipality_id=municipality_id, pk=_id(volunteer_id)).first()
    if found is None:
        raise Http404("Den frivillige findes ikke.")
    return found


def certificates_due(user: Actor, *, today: datetime.date) -> list[Volunteer]:
    """Active volunteers whose certificate must be renewed within 60 days, has expired or was never seen."""
    municipality_id = _coordinator(user)
    return list(Volunteer.objects.filter(municipality_id=municipality_id, active=True).filter(
        Q(certificate_renew_by__isnull=True) | Q(certificate_renew_by__lte=today + RENEWAL_HORIZON))
        .order_by(F("certificate_renew_by").asc(nulls_first=True), "pk"))


# --- what the coordinator sees of citizens -----------------------------------------------------

def waiting_wishes(user: Actor) -> list[CompanionWish]:
    """Wishes waiting for a volunteer (the citizen's first name only); the citizens listed are logged."""
    municipality_id = _coordinator(user)
    rows = list(CompanionWish.objects.filter(municipality_id=municipality_id, status=CompanionWish.Status.WAITING)
                .select_related("citizen").order_by("recorded_at", "pk"))
    record_list_access(actor=user, citizens=[w.citizen for w in rows], what="Frivillige: ønsker der venter")
    return rows


@dataclass
class MatchPage:
    wish: CompanionWish
    suggestions: list[Suggestion]
    left_out: list[NotSuggested]
    offers: list[Offer]
    day: datetime.date


def match_page(user: Actor, wish_id) -> MatchPage:
    """The wish, with the volunteers suggested for it and why, and those left out and why. Logged."""
    municipality_id = _coordinator(user)
    wish = (CompanionWish.objects.filter(municipality_id=municipality_id, pk=_id(wish_id))
            .select_related("citizen").first())
    if wish is None:
        raise Http404("Ønsket findes ikke.")
    record_access(actor=user, citizen=wish.citizen, what="Frivilligmatch (fornavn, ønske, kontaktaftale)")
    day = timezone.localdate()
    suggestions, left_out = rank(wish, list(Volunteer.objects.filter(municipality_id=municipality_id)),
                                 day=day, load=open_load(municipality_id))
    offers = list(Offer.objects.available_to(principal_of(user).municipality).filter(
        active=True, requires_visitation=False).order_by("name"))
    return MatchPage(wish, suggestions, left_out, offers, day)


def open_agreements(user: Actor, *, limit: int | None = None) -> tuple[list[Agreement], int]:
    """The coordinator's open agreements (first names only), newest first; how many there are."""
    municipality_id = _coordinator(user)
    qs = (Agreement.objects.filter(municipality_id=municipality_id, ended_on__isnull=True)
          .select_related("citizen", "volunteer").order_by("ends_on", "pk"))
    rows = list(qs[:limit] if limit else qs)
    record_list_access(actor=user, citizens=[a.citizen for a in rows], what="Frivillige: aftaler der løber")
    return rows, (qs.count() if limit else len(rows))


# --- one agreement, one citizen ----------------------------------------------------------------

@dataclass
class AgreementPage:
    agreement: Agreement
    outings: list[Outing]
    hours: float
    coordinator_view: bool  # only what matching needs: the citizen's first name
    can_work: bool


def _agreement(user: Actor, agreement_id, *, what: str) -> tuple[Agreement, bool]:
    principal = principal_of(user)
    agreement = (Agreement.objects.filter(municipality_id=principal.municipality_id, pk=_id(agreement_id))
                 .select_related("citizen", "volunteer", "wish", "offer").first())
    if agreement is None:
        raise Http404("Aftalen findes ikke.")
    if principal.has_perm(COORDINATE):
        record_access(actor=user, citizen=agreement.citizen, what=f"{what} (frivilligkoordinator)")
        return agreement, True
    open_citizen(user, agreement.citizen_id, what=what)  # need to know or a grant; raises otherwise
    return agreement, False


def agreement_page(user: Actor, agreement_id) -> AgreementPage:
    agreement, coordinator_view = _agreement(user, agreement_id, what="Ledsageraftale")
    outings = list(agreement.outings.select_related("participation__occasion").order_by(
        "-participation__occasion__starts_at", "-pk"))
    minutes = sum(o.participation.minutes or 0 for o in outings)
    return AgreementPage(agreement, outings, minutes / 60, coordinator_view,
                         may_work_on(user, agreement.citizen))


def sheet(user: Actor, agreement_id) -> Agreement:
    """The agreement for the volunteer's sheet (first name, contact arrangement, meeting place)."""
    return _agreement(user, agreement_id, what="Ark til den frivillige")[0]


@dataclass
class CitizenCompanion:
    citizen: object
    wishes: list[CompanionWish]
    agreements: list
    can_record: bool
    read_only: bool


def citizen_companion(user: Actor, citizen_id: int) -> CitizenCompanion:
    citizen, grant = open_citizen(user, citizen_id, what="Frivillig ledsager")
    wishes = list(CompanionWish.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen)
                  .order_by("-recorded_at", "-pk"))
    agreements = list(Agreement.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen)
                      .select_related("volunteer").annotate(outing_count=Count("outings"),
                                                            minutes=Sum("outings__participation__minutes"))
                      .order_by("-starts_on", "-pk"))
    for a in agreements:
        a.hours = (a.minutes or 0) / 60  # type: ignore[attr-defined]
    can = grant is None and user.has_perm("volunteers.record_companion_wish")
    return CitizenCompanion(citizen, wishes, agreements, can, grant is not None)


def companion_section(user: Actor, citizen) -> list[CompanionWish]:
    """For the overview (already opened and logged): the citizen's wishes with their latest agreement, in
    one query."""
    latest = Agreement.objects.filter(wish=OuterRef("pk")).order_by("-starts_on", "-pk")
    return list(CompanionWish.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen).annotate(
        agreement_id=Subquery(latest.values("pk")[:1]),
        agreement_starts=Subquery(latest.values("starts_on")[:1]),
        agreement_ends=Subquery(latest.values("ends_on")[:1]),
        agreement_ended=Subquery(latest.values("ended_on")[:1]),
        agreement_reason=Subquery(latest.values("end_reason")[:1]),
        volunteer_name=Subquery(latest.values("volunteer__first_name")[:1]),
    ).order_by("-recorded_at", "-pk"))
