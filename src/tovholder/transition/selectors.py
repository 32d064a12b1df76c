"""Every read of transitions: the caseworker's list of young people turning 18, and one transition."""

import datetime
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.utils import timezone

from tovholder.accounts.principals import Actor, principal_of, require_perm
from tovholder.audit.services import record_list_access
from tovholder.citizens.models import Citizen
from tovholder.citizens.selectors import open_citizen, open_for_write
from tovholder.visitation.models import Request, Source

from .models import Transition, eighteenth_birthday, prepare_from

CASES = "visitation.handle_cases"
LIST_WHAT = "Unge der fylder 18"


def _years_back(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@dataclass
class YoungPerson:
    citizen: Citizen
    turns_18_on: datetime.date
    prepare_from: datetime.date
    ready: bool  # 17½ or older
    transition_id: int | None
    transition_status: str | None
    request_on: datetime.date | None  # the latest request from children's services

    @property
    def transition_status_display(self) -> str:
        return str(dict(Transition.Status.choices).get(self.transition_status, "")) if self.transition_status else ""


def young_people(user: Actor, *, today: datetime.date | None = None, log: bool = True) -> list[YoungPerson]:
    """The young people the caseworker knows who turn 18 within a year (or did within the last half year
    without a transition handed over), by birthday; with their transition and the children's services'
    latest request. One read."""
    require_perm(user, CASES)
    today = today or timezone.localdate()
    principal = principal_of(user)
    born_after = _years_back(today - datetime.timedelta(days=183), 18)
    born_until = _years_back(today + datetime.timedelta(days=365), 18)
    transitions = Transition.objects.filter(citizen=OuterRef("pk")).order_by("-pk")
    requests = Request.objects.filter(citizen=OuterRef("pk"), source=Source.CHILDREN).order_by("-received_on")
    citizens = (Citizen.objects.known_to(user).filter(municipality_id=principal.municipality_id,
                                                      birth_date__gt=born_after, birth_date__lte=born_until)
                .annotate(transition_id=Subquery(transitions.values("pk")[:1]),
                          transition_status=Subquery(transitions.values("status")[:1]),
                          request_on=Subquery(requests.values("received_on")[:1]))
                .order_by("birth_date", "last_name", "pk"))
    rows = []
    for c in citizens:
        birthday = eighteenth_birthday(c.birth_date)
        if birthday <= today and c.transition_status == Transition.Status.HANDED_OVER:
            continue
        start = prepare_from(c.birth_date)
        rows.append(YoungPerson(c, birthday, start, today >= start, c.transition_id, c.transition_status,
                                c.request_on))
    if log:
        record_list_access(actor=user, citizens=[r.citizen for r in rows], what=LIST_WHAT)
    return rows


def children_requests(citizen: Citizen):
    """The young person's requests from children's services (for the form that opens a transition)."""
    return Request.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen,
                                  source=Source.CHILDREN).order_by("-received_on", "-pk")


def citizen_for_opening(user: Actor, citizen_id: int) -> Citizen:
    """The young person a caseworker opens a transition for (need to know; a grant never writes)."""
    return open_for_write(user, citizen_id, what="Ny overgang til voksenområdet", perm=CASES)


def _transition(user: Actor, transition_id: int | None) -> Transition:
    principal = principal_of(user)
    found = (Transition.objects.filter(municipality_id=principal.municipality_id, pk=transition_id)
             .select_related("citizen", "case", "request", "caseworker", "adult_coordinator").first()
             if transition_id is not None else None)
    if found is None:
        raise Http404("Overgangen findes ikke.")
    return found


def transition_view(user: Actor, transition_id: int | None) -> tuple[Transition, object]:
    """One transition to read (need to know, or a break-the-glass grant; logged)."""
    found = _transition(user, transition_id)
    _citizen, grant = open_citizen(user, found.citizen_id, what="Overgang til voksenområdet")
    return found, grant


def transition_for_work(user: Actor, transition_id: int | None) -> Transition:
    found = _transition(user, transition_id)
    open_for_write(user, found.citizen_id, what="Overgang til voksenområdet", perm=CASES)
    return found


def transition_of(citizen: Citizen) -> Transition | None:
    """The citizen's transition, for the overview (inside its logged read)."""
    return (Transition.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen)
            .select_related("adult_coordinator").first())
