"""Every read of care messages, discharge agreements and the coordinated plan. One citizen's data through
`citizens.selectors.open_citizen` (need to know or a break-the-glass grant; logged) or `open_for_write`
(pages that write); the team inbox through `Citizen.objects.known_to` and the actor's units, logged as a
list."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.http import Http404

from tovholder.accounts.principals import Actor, principal_of
from tovholder.audit.services import record_list_access
from tovholder.citizens.gate import knows
from tovholder.citizens.models import Citizen
from tovholder.citizens.selectors import open_citizen, open_for_write
from tovholder.records import int_or_none

from . import agreements
from .carecommunication import CATEGORIES, CATEGORY_LABELS
from .messages import PERM
from .models import (
    Admission,
    CareMessage,
    CareSegment,
    CareThread,
    CoordinatedPlan,
    DischargeAgreement,
    DischargeAgreementVersion,
    Partner,
)


def _id(value) -> int:
    if (pk := int_or_none(value)) is None:
        raise Http404("Findes ikke.")
    return pk


def partners(user: Actor) -> list[Partner]:
    """The municipality's partners a message can go to (not its own addresses)."""
    return list(Partner.objects.filter(municipality_id=principal_of(user).municipality_id, active=True)
                .exclude(kind=Partner.Kind.OWN).order_by("name"))


def partner_for(user: Actor, value) -> Partner | None:
    pk = int_or_none(value)
    if pk is None:
        return None
    return Partner.objects.filter(municipality_id=principal_of(user).municipality_id, pk=pk).first()


# --- one citizen ---------------------------------------------------------------------------------

@dataclass
class CitizenCare:
    citizen: Citizen
    threads: list[CareThread]
    agreements: list[DischargeAgreement]
    admissions: list[Admission]
    plan: CoordinatedPlan | None
    can_write: bool
    read_only: bool


def citizen_care(user: Actor, citizen_id) -> CitizenCare:
    citizen, grant = open_citizen(user, _id(citizen_id), what="Korrespondance og udskrivningsaftaler")
    threads = list(CareThread.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen)
                   .select_related("partner").annotate(count=Count("messages")).order_by("-last_at", "-pk"))
    heads = list(DischargeAgreement.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen)
                 .select_related("admission").order_by("-created_at", "-pk"))
    admissions = list(Admission.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen)
                      .select_related("ward").order_by("-admitted_at", "-pk")[:10])
    plan = (CoordinatedPlan.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen)
            .order_by("-created_at", "-pk").first())
    can = grant is None and user.has_perm(PERM)
    return CitizenCare(citizen, threads, heads, admissions, plan, can, grant is not None)


def citizen_for_write(user: Actor, citizen_id, *, what: str) -> Citizen:
    return open_for_write(user, _id(citizen_id), what=what, perm=PERM)


@dataclass
class ThreadPage:
    thread: CareThread
    messages: list[CareMessage]
    can_write: bool


def _thread(user: Actor, thread_id) -> CareThread:
    thread = (CareThread.objects.filter(municipality_id=principal_of(user).municipality_id, pk=_id(thread_id))
              .select_related("partner", "unit", "citizen").first())
    if thread is None:
        raise Http404("Korrespondancen findes ikke.")
    return thread


def thread_page(user: Actor, thread_id) -> ThreadPage:
    thread = _thread(user, thread_id)
    citizen, grant = open_citizen(user, thread.citizen_id, what=f"Korrespondance med {thread.partner.name}")
    thread.citizen = citizen
    segments = CareSegment.objects.defer("attachment").annotate(has_attachment=Q(attachment__isnull=False))
    rows = list(thread.messages.select_related("partner", "sent_by", "share__consent", "share__basis")
                .prefetch_related(Prefetch("segments", queryset=segments.order_by("signed_at", "pk")))
                .order_by("at", "pk"))
    return ThreadPage(thread, rows, grant is None and user.has_perm(PERM))


def thread_for_write(user: Actor, thread_id) -> CareThread:
    thread = _thread(user, thread_id)
    thread.citizen = open_for_write(user, thread.citizen_id, what="Korrespondance (svar)", perm=PERM)
    return thread


def message_for_write(user: Actor, message_id) -> CareMessage:
    message = (CareMessage.objects.filter(municipality_id=principal_of(user).municipality_id, pk=_id(message_id))
               .select_related("thread__partner", "thread__citizen").first())
    if message is None:
        raise Http404("Meddelelsen findes ikke.")
    open_for_write(user, message.thread.citizen_id, what="Korrespondance (videresend)", perm=PERM)
    return message


def attachment(user: Actor, segment_id) -> CareSegment:
    segment = (CareSegment.objects.filter(municipality_id=principal_of(user).municipality_id, pk=_id(segment_id),
                                          attachment__isnull=False).select_related("message__thread").first())
    if segment is None:
        raise Http404("Bilaget findes ikke.")
    open_citizen(user, segment.message.thread.citizen_id, what=f"Bilag: {segment.attachment_title}")
    return segment


# --- the team inbox ------------------------------------------------------------------------------

@dataclass
class Inbox:
    threads: list[CareThread]
    categories: list[tuple[str, str, int, int]]  # code, label, threads, unread
    category: str


def inbox(user: Actor, category: str = "", *, limit: int = 100) -> Inbox:
    """The threads of the actor's teams about citizens the actor knows, newest first; by category."""
    principal = principal_of(user)
    base = CareThread.objects.filter(municipality_id=principal.municipality_id, unit_id__in=principal.scope_units(),
                                     citizen__in=Citizen.objects.known_to(user))
    counts = {row["category"]: (row["n"], row["unread"] or 0) for row in
              base.values("category").annotate(n=Count("pk"), unread=Count("pk", filter=Q(unread__gt=0)))}
    category = category if category in CATEGORY_LABELS else ""
    qs = base.filter(category=category) if category else base
    threads = list(qs.select_related("citizen", "partner").order_by("-unread", "-last_at", "-pk")[:limit])
    record_list_access(actor=user, citizens=[t.citizen for t in threads], what="Korrespondance: teamets indbakke")
    return Inbox(threads, [(c, label, *counts[c]) for c, label in CATEGORIES if c in counts], category)


def unread_count(user: Actor) -> int:
    principal = principal_of(user)
    return CareThread.objects.filter(municipality_id=principal.municipality_id, unit_id__in=principal.scope_units(),
                                     unread__gt=0, citizen__in=Citizen.objects.known_to(user)).count()


# --- discharge agreements ------------------------------------------------------------------------

def admission_for_write(user: Actor, admission_id) -> Admission:
    admission = (Admission.objects.filter(municipality_id=principal_of(user).municipality_id, pk=_id(admission_id))
                 .select_related("ward", "citizen").first())
    if admission is None:
        raise Http404("Sygehusopholdet findes ikke.")
    admission.citizen = open_for_write(user, admission.citizen_id, what="Udskrivningsaftale (ny)", perm=PERM)
    return admission


@dataclass
class AgreementPage:
    agreement: DischargeAgreement
    versions: list[DischargeAgreementVersion]
    current: DischargeAgreementVersion
    deadline: object
    can_write: bool


def _agreement(user: Actor, agreement_id) -> DischargeAgreement:
    found = (DischargeAgreement.objects.filter(municipality_id=principal_of(user).municipality_id,
                                               pk=_id(agreement_id))
             .select_related("admission__ward", "citizen").first())
    if found is None:
        raise Http404("Aftalen findes ikke.")
    return found


def agreement_page(user: Actor, agreement_id) -> AgreementPage:
    agreement = _agreement(user, agreement_id)
    citizen, grant = open_citizen(user, agreement.citizen_id, what=agreement.get_kind_display())
    agreement.citizen = citizen
    versions = list(agreement.versions.select_related("written_by", "sent_in__partner").order_by("-number"))
    current = versions[0]
    return AgreementPage(agreement, versions, current, agreements.meeting_deadline(current.notified_on),
                         grant is None and user.has_perm(PERM))


def agreement_for_write(user: Actor, agreement_id) -> DischargeAgreement:
    agreement = _agreement(user, agreement_id)
    agreement.citizen = open_for_write(user, agreement.citizen_id, what="Udskrivningsaftale (ændring)", perm=PERM)
    return agreement


def agreement_version(user: Actor, agreement_id, number) -> DischargeAgreementVersion:
    agreement = _agreement(user, agreement_id)
    open_citizen(user, agreement.citizen_id, what=f"{agreement.get_kind_display()} (PDF)")
    row = agreement.versions.filter(number=_id(number)).first()
    if row is None:
        raise Http404("Versionen findes ikke.")
    row.agreement = agreement
    return row


# --- the coordinated plan --------------------------------------------------------------------------

def plan_section(user: Actor, citizen: Citizen) -> dict:
    """For the citizen's plan page (the citizen is opened and logged there): the coordinated plan with its
    actions and joint assessments, in one query each."""
    plan = (CoordinatedPlan.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen)
            .select_related("psychiatry", "substance")
            .prefetch_related("actions", "assessments").order_by("-created_at", "-pk").first())
    can = user.has_perm(PERM) and knows(user, citizen)
    return {"coordinated": plan, "can_write": can, "citizen_id": citizen.pk}


def plan_for_write(user: Actor, plan_id) -> CoordinatedPlan:
    plan = (CoordinatedPlan.objects.filter(municipality_id=principal_of(user).municipality_id, pk=_id(plan_id))
            .select_related("psychiatry", "substance").first())
    if plan is None:
        raise Http404("Planen findes ikke.")
    plan.citizen = open_for_write(user, plan.citizen_id, what="Fælles forløbsplan", perm=PERM)
    return plan


def plan_page(user: Actor, plan_id) -> tuple[CoordinatedPlan, bool]:
    plan = (CoordinatedPlan.objects.filter(municipality_id=principal_of(user).municipality_id, pk=_id(plan_id))
            .select_related("psychiatry", "substance").prefetch_related("actions", "assessments").first())
    if plan is None:
        raise Http404("Planen findes ikke.")
    citizen, grant = open_citizen(user, plan.citizen_id, what="Fælles forløbsplan (dobbeltdiagnose)")
    plan.citizen = citizen
    return plan, grant is None and user.has_perm(PERM)
