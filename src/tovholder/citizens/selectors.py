"""Every read of citizen data. Each selector filters by municipality and need to know and
records an access event for what it returns."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from tovholder.accounts.principals import Actor, principal_of, require_perm
from tovholder.audit.models import AccessEvent
from tovholder.audit.services import record_access, record_list_access
from tovholder.layout.pages import ListPage, page_of

from . import disclosure
from .cpr import clean_cpr
from .gate import OUTSIDE_NEED_TO_KNOW, knows
from .models import BreakGlassGrant, Citizen, Consent, Involvement, Relative
from .overview import RenderedSection, sections_for
from .timeline import TimelineItem, consent_items, disclosure_items, involvement_items, timeline_for


class BreakGlassRequired(PermissionDenied):
    """The citizen is outside the user's need to know, but the role may look with a reason."""

    def __init__(self, citizen_id: int):
        super().__init__("Borgeren er uden for dit arbejdsområde.")
        self.citizen_id = citizen_id


@dataclass
class CitizenOverview:
    citizen: Citizen
    break_glass: BreakGlassGrant | None
    relatives: list
    disclosures: list  # what relatives were told (the citizen sees it later)
    involvements: list
    timeline: list[TimelineItem]
    sections: list[RenderedSection]


def _in_municipality(user: Actor, citizen_id: int) -> Citizen:
    """The citizen row, read once for the request, with whether the user has need to know of it (remembered
    on the principal for `gate.knows`, so the gate asks no second time)."""
    known = Citizen.objects.known_to(user).filter(pk=OuterRef("pk"))
    citizen = (Citizen.objects.in_municipality_of(user).select_related("municipality", "coordinator__staff")
               .annotate(_known=Exists(known)).filter(pk=citizen_id).first())
    if citizen is None:
        raise Http404("Borgeren findes ikke.")
    if citizen._known:
        principal_of(user).known.add(citizen.pk)
    return citizen


def active_grant(user: Actor, citizen: Citizen) -> BreakGlassGrant | None:
    assert user.is_authenticated
    return (
        BreakGlassGrant.objects.filter(
            municipality_id=citizen.municipality_id, user=user, citizen=citizen, expires_at__gt=timezone.now()
        )
        .order_by("-expires_at")
        .first()
    )


def open_citizen(user: Actor, citizen_id: int, *, what: str) -> tuple[Citizen, BreakGlassGrant | None]:
    """The one gate to one citizen's data: need to know, or a break-the-glass grant; logs the read.
    The citizen comes with its coordinator."""
    citizen = _in_municipality(user, citizen_id)
    if knows(user, citizen):
        record_access(actor=user, citizen=citizen, what=what)
        return citizen, None
    grant = active_grant(user, citizen)
    if grant is not None:
        record_access(actor=user, citizen=citizen, what=what, reason=grant.reason, break_glass=True)
        return citizen, grant
    if user.has_perm("accounts.break_glass"):
        raise BreakGlassRequired(citizen.pk)
    raise PermissionDenied("Borgeren er uden for dit arbejdsområde.")


def open_for_write(user: Actor, citizen_id: int, *, what: str, perm: str | None = None) -> Citizen:
    """The read-write twin of `open_citizen` (healthchecks' `_get_rw_check_for_user`): for pages that
    change the citizen's data. The role must hold `perm` and the citizen be in need to know; a
    break-the-glass grant gives 403 here, because it lets one read, never write. Only an allowed
    read is logged."""
    if perm is not None:
        require_perm(user, perm)
    citizen = _in_municipality(user, citizen_id)
    if not knows(user, citizen):
        raise PermissionDenied(OUTSIDE_NEED_TO_KNOW)
    record_access(actor=user, citizen=citizen, what=what)
    return citizen


def citizen_by_cpr_to_link(user: Actor, raw_cpr: str) -> Citizen | None:
    """The citizen with this CPR, to link a new record (a request, help given, an escalation) to – only a
    citizen the user may learn exists: one in their need to know, or, for a role that may break the glass
    (whose search already says whether an exact CPR number is a citizen, ADR 0002), any of the
    municipality's. Otherwise None, exactly as for a number nobody has: the caller hands the number to the
    caseworkers as told (`cpr_given`) and answers the same either way, so the form is no CPR oracle.
    Nothing about the citizen is shown, so no access event; a bad number raises a Danish ValidationError."""
    number = clean_cpr(raw_cpr)
    qs = (Citizen.objects.in_municipality_of(user) if user.has_perm("accounts.break_glass")
          else Citizen.objects.known_to(user))
    return qs.filter(cpr=number).first()


def citizen_for_break_glass(user: Actor, citizen_id: int) -> Citizen:
    """The citizen row only to name the break-the-glass form (no data shown, so no access event)."""
    if not user.has_perm("accounts.break_glass"):
        raise PermissionDenied("Din rolle kan ikke åbne borgere uden for dit arbejdsområde.")
    return _in_municipality(user, citizen_id)


def citizen_overview(user: Actor, citizen_id: int) -> CitizenOverview:
    citizen, grant = open_citizen(user, citizen_id, what="Borgeroverblik")
    relatives = list(citizen.relatives.prefetch_related("consents"))
    disclosures = (list(citizen.disclosures.select_related("relative", "told_by").order_by("-told_on", "-pk"))
                   if relatives else [])
    involvements = list(citizen.involvements.select_related("unit", "worker").order_by("ended_on", "-started_on"))
    sections, items = sections_for(user, citizen)
    own = [*involvement_items(involvements), *consent_items(relatives), *disclosure_items(disclosures)]
    return CitizenOverview(citizen, grant, relatives, disclosures, involvements, timeline_for(citizen, [*own, *items]),
                           sections)


# the citizen list's views (`?vis=`): name -> what the list shows
LISTS = {
    "mine": "Mine borgere (tovholder eller kontaktperson)",
    "alle": "Alle i mit arbejdsområde",
    "uden-tovholder": "Borgere uden tovholder",
    "uden-kontaktperson": "Borgere uden kontaktperson",
}


def citizen_list(user: Actor, show: str) -> QuerySet[Citizen]:
    """The citizens in the user's need to know that the list `show` (a key of LISTS) holds: only those
    they coordinate or are contact person for ("mine"), all ("alle"), those followed by a unit in the
    user's scope without a coordinator, or followed by a unit without a named contact person."""
    qs = Citizen.objects.known_to(user)
    today = timezone.localdate()
    if show == "mine":
        mine = Involvement.objects.active_on(today).filter(worker=user)
        return qs.filter(Q(coordinator=user) | Q(pk__in=mine.values("citizen_id")))
    if show in ("uden-tovholder", "uden-kontaktperson"):
        followed = Involvement.objects.active_on(today).filter(
            municipality_id=principal_of(user).municipality_id, unit_id__in=principal_of(user).scope_units())
        if show == "uden-tovholder":
            return qs.filter(coordinator__isnull=True, pk__in=followed.values("citizen_id"))
        return qs.filter(pk__in=followed.filter(worker__isnull=True).values("citizen_id"))
    return qs


def my_citizens(user: Actor, *, mine_only: bool = False, page_number: int | str | None,
                show: str | None = None) -> ListPage:
    """A page of one of the citizen lists (LISTS; "mine" when `mine_only`), read with LIMIT page size + 1 and
    counted up to layout.pages.COUNT_CAP (no COUNT(*) over a whole municipality); every citizen shown is logged."""
    show = show if show in LISTS else ("mine" if mine_only else "alle")
    qs = citizen_list(user, show)
    page = page_of(qs.select_related("coordinator").order_by("last_name", "first_name", "pk"), page_number,
                   settings.PAGE_SIZE, count=True, counted=qs)
    record_list_access(actor=user, citizens=page.object_list, what="Borgerliste")
    return page


def list_counts(user: Actor, shows: tuple[str, ...]) -> dict[str, int]:
    """How many citizens each list holds (for the start page; nobody is named, nothing to log)."""
    return {show: citizen_list(user, show).count() for show in shows}


CPR_DIGITS = re.compile(r"^\d{6}-?\d{0,4}$")


@dataclass
class SearchResult:
    page: ListPage | None
    outside_scope_id: int | None
    message: str


def _matching(qs: QuerySet[Citizen], text: str) -> QuerySet[Citizen]:
    """Citizens matching a CPR number (whole or its birth date) or every word of a name."""
    if CPR_DIGITS.match(text):
        digits = text.replace("-", "")
        return qs.filter(cpr=digits) if len(digits) == 10 else qs.filter(cpr__startswith=digits)
    for word in text.split(" "):
        qs = qs.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return qs


def search_citizens(user: Actor, query: str, *, page_number: int | str | None = None) -> SearchResult:
    """Search by name (every word must match a first or last name) or by CPR (whole or birth date)."""
    text = " ".join((query or "").split())[:100]
    if len(text) < 2:
        return SearchResult(None, None, "Skriv mindst to tegn: et navn eller et CPR-nummer.")
    qs = _matching(Citizen.objects.known_to(user), text)
    outside = None
    digits = text.replace("-", "")
    if CPR_DIGITS.match(text) and len(digits) == 10 and not qs.exists() and user.has_perm("accounts.break_glass"):
        outside = Citizen.objects.in_municipality_of(user).filter(cpr=digits).values_list("pk", flat=True).first()
    page = page_of(qs.select_related("coordinator").order_by("last_name", "first_name", "pk"), page_number,
                   settings.PAGE_SIZE, count=True, counted=qs)
    record_list_access(actor=user, citizens=page.object_list, what=f"Søgning: {text}")
    message = "" if page.count else "Ingen borgere i dit arbejdsområde matcher søgningen."
    return SearchResult(page, outside, message)


ACCESS_LOG_SEARCH_LIMIT = 20


def search_for_access_log(user: Actor, text: str, *, reason: str) -> list[Citizen]:
    """Find a citizen of the municipality by CPR or name to read their access log (the role reads logs,
    not case data, so need to know does not apply). The purpose is required, and the search is itself
    logged: each citizen found gets an access event with the search and its purpose."""
    require_perm(user, "accounts.view_access_log")
    reason = " ".join(reason.split())
    if len(reason) < 10:
        raise ValidationError({"reason": "Skriv formålet med opslaget med mindst 10 tegn."})
    found = list(_matching(Citizen.objects.in_municipality_of(user), text)
                 .order_by("last_name", "first_name", "pk")[:ACCESS_LOG_SEARCH_LIMIT])
    for citizen in found:  # a citizen outside need to know is flagged, as breaking the glass is
        record_access(actor=user, citizen=citizen, what=f"Søgning i adgangslog: {text}", reason=reason,
                      break_glass=not knows(user, citizen))
    return found


class PurposeRequired(PermissionDenied):
    """The citizen's access log is outside the user's need to know: the purpose must be given first."""

    def __init__(self, citizen_id: int):
        super().__init__("Skriv formålet, før du ser adgangsloggen for en borger uden for dit arbejdsområde.")
        self.citizen_id = citizen_id


MIN_PURPOSE = 10


def access_log(user: Actor, citizen_id: int, *, reason: str = "") -> tuple[Citizen, QuerySet[AccessEvent]]:
    """Who has read this citizen's data and when. Reading the log is itself logged with its purpose. For a
    citizen outside the user's need to know the purpose is required (`PurposeRequired` until it is given,
    in the search that found the citizen or on the log's own purpose form) and the read is flagged as
    breaking the glass is: the log names the citizen, who looked, and their reasons."""
    principal = principal_of(user)
    if not principal.has_perm("accounts.view_access_log"):
        raise PermissionDenied("Din rolle giver ikke adgang til adgangsloggen.")
    citizen = _in_municipality(user, citizen_id)
    reason = " ".join(reason.split())
    outside = not knows(user, citizen)
    if outside and len(reason) < MIN_PURPOSE:
        raise PurposeRequired(citizen.pk)
    record_access(actor=user, citizen=citizen, what="Adgangslog", reason=reason, break_glass=outside)
    events = (
        AccessEvent.objects.filter(municipality_id=principal.municipality_id, citizen=citizen)
        .select_related("actor")
        .order_by("-at", "-pk")
    )
    return citizen, events


@dataclass
class CoordinatorPage:
    citizen: Citizen
    history: list
    candidates: list  # staff who know the citizen: the choices for a new coordinator
    can_change: bool


def coordinator_page(user: Actor, citizen_id: int) -> CoordinatorPage:
    """The citizen's coordinator with the history; the staff who may take over (they know the citizen)."""
    can_change = user.has_perm("citizens.assign_coordinator")
    if can_change:
        try:
            citizen = open_for_write(user, citizen_id, what="Tovholder")
        except PermissionDenied:
            citizen, can_change = open_citizen(user, citizen_id, what="Tovholder")[0], False
    else:
        citizen = open_citizen(user, citizen_id, what="Tovholder")[0]
    history = list(citizen.coordinator_history.select_related("coordinator", "by"))
    today = timezone.localdate()
    involved = Involvement.objects.active_on(today).filter(citizen=citizen)
    candidates = list(get_user_model().objects.filter(
        Q(pk__in=involved.values("worker_id")) | Q(staff__units__in=involved.values("unit_id")),
        staff__municipality_id=citizen.municipality_id, is_active=True).distinct()
        .select_related("staff").order_by("first_name", "last_name"))
    return CoordinatorPage(citizen, history, candidates, can_change)


@dataclass
class ScopeView:
    scope: str
    label: str
    meaning: str
    allowed: bool
    since: object  # the consent's date, when allowed
    parts: list  # (title, lines) for the scope's registered parts, when allowed


@dataclass
class RelativePage:
    citizen: Citizen
    relative: Relative
    grant: BreakGlassGrant | None
    scopes: list[ScopeView]
    disclosures: list

    @property
    def allowed(self) -> list[ScopeView]:
        return [s for s in self.scopes if s.allowed]


def relative_page(user: Actor, citizen_id: int, relative_id: int | None) -> RelativePage:
    """What a relative may be told, by the citizen's consents in force today: for each scope allowed, the
    information registered for it (`citizens.disclosure`); for the others only that they may not be told.
    Read and logged as a read of the citizen's data."""
    citizen, grant = open_citizen(user, citizen_id, what="Pårørendes oplysninger")
    relative = (Relative.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen, pk=relative_id)
                .first() if relative_id is not None else None)
    if relative is None:
        raise Http404("Den pårørende findes ikke.")
    today = timezone.localdate()
    consents = {c.scope: c for c in relative.consents.filter(given_on__lte=today).exclude(withdrawn_on__lte=today)
                .order_by("given_on")}
    scopes = []
    for scope, label in Consent.Scope.choices:
        consent = consents.get(scope)
        parts = ([(p.title, p.lines(user, citizen)) for p in disclosure.parts_for(scope)] if consent else [])
        scopes.append(ScopeView(scope, str(label), disclosure.MEANING[scope], consent is not None,
                                consent.given_on if consent else None, parts))
    told = list(relative.disclosures.select_related("told_by").order_by("-told_on", "-pk"))
    return RelativePage(citizen, relative, grant, scopes, told)


def relative_for_work(user: Actor, citizen_id: int, relative_id: int | None) -> Relative:
    """The relative a disclosure is recorded for (need to know; 403 on a break-the-glass grant)."""
    citizen = open_for_write(user, citizen_id, what="Oplysninger givet til pårørende")
    relative = (Relative.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen, pk=relative_id)
                .select_related("citizen").first() if relative_id is not None else None)
    if relative is None:
        raise Http404("Den pårørende findes ikke.")
    return relative
