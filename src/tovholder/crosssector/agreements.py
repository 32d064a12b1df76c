"""Every write of discharge agreements and coordination plans (psykiatriloven §§ 13 a–b) and of the
dual-diagnosis coordinated plan; the agreement's PDF and its sending as a care message (ADR 0026).

A discharge agreement is written by a worker with need to know of the admitted citizen; each save is a
new version (never an edit of an old one). Sending attaches the latest version's PDF to a care message in
category "Udskrivelse" to the ward (or another partner); what allows the share is checked there
(`messages._share`: the citizen's consent or § 13 c as data)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from tovholder.accounts.principals import Actor
from tovholder.audit.services import audit
from tovholder.citizens.gate import require_write
from tovholder.citizens.models import Citizen
from tovholder.records import check_day, clean_text, lock_version

from . import messages
from .message_events import Event
from .models import (
    LEGAL_BASIS_LABELS,
    PARTY_LABELS,
    Admission,
    CareMessage,
    CoordinatedAction,
    CoordinatedPlan,
    DischargeAgreement,
    DischargeAgreementVersion,
    JointAssessment,
    Partner,
    PartnerConsent,
    Purpose,
)
from .workdays import add_working_days

PERM = messages.PERM
MEETING_WORKING_DAYS = 5
MAX_PARTIES = 10
MAX_ACTIONS = 20
MAX_REVIEWS = 5
KIND_BASES = {DischargeAgreement.Kind.AGREEMENT: ("13a1", "13a2"), DischargeAgreement.Kind.COORDINATION: ("13b",)}


def meeting_deadline(notified_on: datetime.date) -> datetime.date:
    """The last day for the network meeting: five Danish working days after the notification."""
    return add_working_days(notified_on, MEETING_WORKING_DAYS)


def notified_on(admission: Admission) -> datetime.date:
    """The day the municipality was notified of the stay."""
    return timezone.localdate(admission.admitted_at or admission.created_at)


# --- the structured content --------------------------------------------------------------------

def _parties(rows) -> list[dict]:
    parties = []
    for i, row in enumerate(rows or ()):
        kind = row.get("kind") or ""
        name = clean_text(row.get("name"), field=f"party_{i}_name", label="partens navn", required=False,
                          max_length=200, markup=False)
        contact = clean_text(row.get("contact"), field=f"party_{i}_name", label="kontaktoplysningerne", required=False,
                             max_length=200, markup=False)
        if not name and not contact:  # an empty row (a kind chosen, nothing written) is left out
            continue
        if kind not in PARTY_LABELS:
            raise ValidationError({f"party_{i}_name": "Vælg hvilken slags part det er."})
        if not name:
            raise ValidationError({f"party_{i}_name": "Skriv partens navn."})
        parties.append({"kind": kind, "name": name, "contact": contact})
    if len(parties) > MAX_PARTIES:
        raise ValidationError(f"Højst {MAX_PARTIES} parter.")
    kinds = {p["kind"] for p in parties}
    if "ward" not in kinds or "municipal" not in kinds:
        raise ValidationError("Aftalen skal have mindst den psykiatriske afdeling og en kommunal enhed som parter.")
    return parties


def _actions(rows, parties: list[dict], citizen: Citizen) -> list[dict]:
    kinds = {p["kind"] for p in parties}
    actions = []
    for i, row in enumerate(rows or ()):
        what = clean_text(row.get("what"), field=f"action_{i}_what", label="handlingen", required=False, max_length=500)
        responsible = clean_text(row.get("responsible"), field=f"action_{i}_what", label="den ansvarlige",
                                 required=False, max_length=200, markup=False)
        due = row.get("due_on")
        if not what and not responsible and due is None:
            continue
        if row.get("party") not in kinds:
            raise ValidationError({f"action_{i}_what": "Vælg en af aftalens parter til handlingen."})
        if not what or not responsible:
            raise ValidationError({f"action_{i}_what": "Skriv både handlingen og hvem der er ansvarlig."})
        check_day(due, field=f"action_{i}_what", what="Datoen for handlingen", years_back=1, allow_future=True)
        actions.append({"party": row["party"], "what": what, "responsible": responsible, "due_on": due.isoformat()})
    if not actions:
        raise ValidationError("Skriv mindst én aftalt handling med ansvarlig og dato.")
    if len(actions) > MAX_ACTIONS:
        raise ValidationError(f"Højst {MAX_ACTIONS} handlinger.")
    return sorted(actions, key=lambda a: a["due_on"])


def _reviews(days, start: datetime.date) -> list[str]:
    found = sorted({d for d in days or () if d is not None})
    if not found:
        raise ValidationError({"review_1": "Skriv mindst én dato for opfølgning på aftalen."})
    if len(found) > MAX_REVIEWS:
        raise ValidationError(f"Højst {MAX_REVIEWS} opfølgningsdatoer.")
    for d in found:
        check_day(d, field="review_1", what="Opfølgningen", years_back=1, allow_future=True, not_before=start,
                  before_what="adviset")
    return [d.isoformat() for d in found]


def _content(admission: Admission, *, kind: str, legal_basis: str, meeting_on: datetime.date | None, parties,
             actions, review_dates, note: str) -> dict:
    if kind not in DischargeAgreement.Kind.values:
        raise ValidationError({"kind": "Vælg udskrivningsaftale eller koordinationsplan."})
    if legal_basis not in LEGAL_BASIS_LABELS:
        raise ValidationError({"legal_basis": "Vælg hjemlen."})
    if legal_basis not in KIND_BASES[DischargeAgreement.Kind(kind)]:
        raise ValidationError({"legal_basis": "En udskrivningsaftale indgås efter § 13 a (borgeren medvirker); en "
                                              "koordinationsplan efter § 13 b (borgeren vil ikke medvirke)."})
    start = notified_on(admission)
    if meeting_on is not None:
        check_day(meeting_on, field="meeting_on", what="Netværksmødet", years_back=1, allow_future=True,
                  not_before=start, before_what="adviset")
    parties = _parties(parties)
    if kind == DischargeAgreement.Kind.AGREEMENT and "citizen" not in {p["kind"] for p in parties}:
        raise ValidationError("I en udskrivningsaftale medvirker borgeren: tilføj borgeren som part.")
    return {"legal_basis": legal_basis, "citizen_participated": kind == DischargeAgreement.Kind.AGREEMENT,
            "notified_on": start, "meeting_on": meeting_on, "parties": parties,
            "actions": _actions(actions, parties, admission.citizen), "review_dates": _reviews(review_dates, start),
            "note": clean_text(note, field="note", label="bemærkningerne", required=False, max_length=4000)}


@transaction.atomic
def write_agreement(*, actor: Actor, admission: Admission, kind: str, legal_basis: str,
                    meeting_on: datetime.date | None, parties, actions, review_dates, note: str = ""
                    ) -> DischargeAgreement:
    """A new discharge agreement or coordination plan for the admission (its first version)."""
    citizen = admission.citizen
    require_write(actor, citizen, perm=PERM)
    assert actor.is_authenticated
    content = _content(admission, kind=kind, legal_basis=legal_basis, meeting_on=meeting_on, parties=parties,
                       actions=actions, review_dates=review_dates, note=note)
    head = DischargeAgreement.objects.create(municipality=citizen.municipality, citizen=citizen, admission=admission,
                                             kind=kind, created_by=actor)
    DischargeAgreementVersion.objects.create(municipality=citizen.municipality, agreement=head, number=1,
                                             written_by=actor, **content)
    audit(actor, head, Event.DISCHARGE_AGREEMENT_WRITTEN, citizen, version=1, art=kind, hjemmel=legal_basis)
    return head


@transaction.atomic
def revise_agreement(*, actor: Actor, agreement: DischargeAgreement, version: int | None, legal_basis: str,
                     meeting_on: datetime.date | None, parties, actions, review_dates, note: str = ""
                     ) -> DischargeAgreementVersion:
    """A new version of the document; the earlier versions stay as they were. A stale save is refused."""
    require_write(actor, agreement.citizen, perm=PERM)
    assert actor.is_authenticated
    current = lock_version(DischargeAgreement, agreement, version)
    content = _content(current.admission, kind=current.kind, legal_basis=legal_basis, meeting_on=meeting_on,
                       parties=parties, actions=actions, review_dates=review_dates, note=note)
    current.version += 1
    current.save(update_fields=["version"])
    row = DischargeAgreementVersion.objects.create(municipality=current.municipality, agreement=current,
                                                   number=current.version, written_by=actor, **content)
    audit(actor, current, Event.DISCHARGE_AGREEMENT_WRITTEN, current.citizen, version=row.number)
    return row


def agreement_html(row: DischargeAgreementVersion) -> str:
    agreement = row.agreement
    return render_to_string("crosssector/letter_agreement.html", {
        "a": agreement, "v": row, "citizen": agreement.citizen, "municipality": agreement.municipality,
        "deadline": meeting_deadline(row.notified_on), "party_labels": PARTY_LABELS,
        "basis": LEGAL_BASIS_LABELS[row.legal_basis]})


def agreement_pdf(row: DischargeAgreementVersion) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango is slow and only documents need it

    return HTML(string=agreement_html(row)).write_pdf()


@transaction.atomic
def send_agreement(*, actor: Actor, agreement: DischargeAgreement, partner: Partner | None, text: str = ""
                   ) -> CareMessage:
    """Send the latest version as a PDF attachment in a care message (category "Udskrivelse")."""
    require_write(actor, agreement.citizen, perm=PERM)
    row = agreement.versions.order_by("-number").first()
    assert row is not None
    title = f"{agreement.get_kind_display().split(' (')[0]}, version {row.number}"
    message = messages.start_thread(
        actor=actor, citizen=agreement.citizen, partner=partner, category="discharge",
        topic=title[:60], text=text or f"Hermed {title.lower()} for {agreement.citizen.full_name}.",
        attachment=agreement_pdf(row), attachment_title=f"{title}.pdf", purpose=Purpose.DISCHARGE)
    DischargeAgreementVersion.objects.filter(pk=row.pk, sent_in__isnull=True).update(sent_in=message)
    audit(actor, agreement, Event.DISCHARGE_AGREEMENT_SENT, agreement.citizen, version=row.number,
          meddelelse=message.pk)
    return message


# --- the dual-diagnosis coordinated plan -------------------------------------------------------

def _plan_partners(actor, psychiatry: Partner | None, substance: Partner | None) -> None:
    for field, partner in (("psychiatry", psychiatry), ("substance", substance)):
        try:
            messages.check_partner(actor, partner)
        except ValidationError:
            raise ValidationError({field: "Vælg en samarbejdspartner fra listen."}) from None
    assert psychiatry is not None and substance is not None
    if psychiatry.pk == substance.pk:
        raise ValidationError({"substance": "Psykiatrien og rusmiddelcentret skal være to forskellige parter."})


@transaction.atomic
def save_plan(*, actor: Actor, citizen: Citizen, plan: CoordinatedPlan | None, version: int | None,
              psychiatry: Partner | None, psychiatry_contact: str, substance: Partner | None, substance_contact: str,
              aim: str, consent: bool, consent_given_on: datetime.date | None) -> CoordinatedPlan:
    """Create or change the citizen's one coordinated pathway plan. It exists only with the citizen's
    consent (a plan the citizen does not consent to is not a shared plan)."""
    require_write(actor, citizen, perm=PERM)
    assert actor.is_authenticated
    _plan_partners(actor, psychiatry, substance)
    if not consent:
        raise ValidationError({"consent": "Den fælles forløbsplan kræver borgerens samtykke."})
    given = check_day(consent_given_on, field="consent_given_on", what="Samtykket",
                      years_back=citizen.municipality.backdate_years)
    fields = {
        "psychiatry": psychiatry, "substance": substance,
        "psychiatry_contact": clean_text(psychiatry_contact, field="psychiatry_contact", label="kontaktpersonen",
                                         required=True, max_length=200, markup=False),
        "substance_contact": clean_text(substance_contact, field="substance_contact", label="kontaktpersonen",
                                        required=True, max_length=200, markup=False),
        "aim": clean_text(aim, field="aim", label="det fælles mål", required=True, max_length=2000),
        "consent_given_on": given, "consent_withdrawn_on": None}
    if plan is None:
        if CoordinatedPlan.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen,
                                          consent_withdrawn_on__isnull=True).exists():
            raise ValidationError("Borgeren har allerede en fælles forløbsplan. Ret den i stedet.")
        plan = CoordinatedPlan.objects.create(municipality=citizen.municipality, citizen=citizen, created_by=actor,
                                              **fields)
    else:
        plan = lock_version(CoordinatedPlan, plan, version)
        for key, value in fields.items():
            setattr(plan, key, value)
        plan.version += 1
        plan.save()
    _consents(actor, plan)
    audit(actor, plan, Event.COORDINATED_PLAN_SAVED, citizen, version=plan.version, samtykke=given)
    return plan


def _consents(actor: Actor, plan: CoordinatedPlan) -> None:
    """The citizen's consent to the plan is the consent to share the pathway plan with both partners
    (`PartnerConsent`, purpose PATHWAY); withdrawn with the plan's consent."""
    for partner in (plan.psychiatry, plan.substance):
        active = PartnerConsent.objects.filter(municipality_id=plan.municipality_id, citizen=plan.citizen,
                                               partner=partner, purpose=Purpose.PATHWAY, withdrawn_on__isnull=True)
        if plan.consent_withdrawn_on is not None:
            active.update(withdrawn_on=plan.consent_withdrawn_on)
        elif not active.exists():
            PartnerConsent.objects.create(municipality=plan.municipality, citizen=plan.citizen, partner=partner,
                                          purpose=Purpose.PATHWAY, given_on=plan.consent_given_on,
                                          note="Samtykke til den fælles forløbsplan", recorded_by=actor)


def _open_plan(actor: Actor, plan: CoordinatedPlan) -> CoordinatedPlan:
    require_write(actor, plan.citizen, perm=PERM)
    current = lock_version(CoordinatedPlan, plan, None)
    if not current.consent_active:
        raise ValidationError("Borgeren har trukket sit samtykke tilbage; planen kan ikke længere ændres eller deles.")
    return current


@transaction.atomic
def add_action(*, actor: Actor, plan: CoordinatedPlan, party: str, what: str, responsible: str,
               due_on: datetime.date | None) -> CoordinatedAction:
    current = _open_plan(actor, plan)
    if party not in CoordinatedAction.Party.values:
        raise ValidationError({"party": "Vælg hvem handlingen hører til."})
    check_day(due_on, field="due_on", what="Datoen", years_back=1, allow_future=True)
    row = CoordinatedAction.objects.create(
        municipality=current.municipality, plan=current, party=party,
        what=clean_text(what, field="what", label="handlingen", required=True, max_length=500),
        responsible=clean_text(responsible, field="responsible", label="den ansvarlige", required=True,
                               max_length=200, markup=False), due_on=due_on)
    audit(actor, row, Event.COORDINATED_PLAN_ACTION_ADDED, current.citizen, part=party, dato=due_on)
    return row


@transaction.atomic
def add_assessment(*, actor: Actor, plan: CoordinatedPlan, on: datetime.date | None, place: str,
                   summary: str = "") -> JointAssessment:
    """A joint assessment date of the three parties (planned, or held with its summary)."""
    current = _open_plan(actor, plan)
    check_day(on, field="on", what="Den fælles vurdering", years_back=1, allow_future=True)
    row = JointAssessment.objects.create(
        municipality=current.municipality, plan=current, on=on,
        place=clean_text(place, field="place", label="stedet", required=False, max_length=200, markup=False),
        summary=clean_text(summary, field="summary", label="vurderingen", required=False, max_length=4000))
    audit(actor, row, Event.COORDINATED_PLAN_ASSESSMENT_ADDED, current.citizen, dato=on)
    return row


@transaction.atomic
def withdraw_consent(*, actor: Actor, plan: CoordinatedPlan, on: datetime.date | None) -> CoordinatedPlan:
    """The citizen withdraws consent: the plan is kept, but no longer shared or changed."""
    current = _open_plan(actor, plan)
    current.consent_withdrawn_on = check_day(on, field="on", what="Tilbagetrækningen",
                                             years_back=1, not_before=current.consent_given_on,
                                             before_what="samtykket")
    current.version += 1
    current.save(update_fields=["consent_withdrawn_on", "version"])
    _consents(actor, current)
    audit(actor, current, Event.COORDINATED_PLAN_CONSENT_WITHDRAWN, current.citizen, dato=current.consent_withdrawn_on)
    return current


def plan_html(plan: CoordinatedPlan) -> str:
    return render_to_string("crosssector/letter_coordinated_plan.html", {
        "p": plan, "citizen": plan.citizen, "municipality": plan.municipality,
        "actions": list(plan.actions.order_by("due_on", "pk")),
        "assessments": list(plan.assessments.order_by("on", "pk"))})


@transaction.atomic
def share_plan(*, actor: Actor, plan: CoordinatedPlan, text: str = "") -> list[CareMessage]:
    """Send the plan as a PDF to both partners (category "Forløbskoordinering"), while the consent stands."""
    from weasyprint import HTML  # imported here: loading Pango is slow

    current = _open_plan(actor, plan)
    pdf = HTML(string=plan_html(current)).write_pdf()
    sent = []
    for partner in (current.psychiatry, current.substance):
        sent.append(messages.start_thread(
            actor=actor, citizen=current.citizen, partner=partner, category="carecoordination",
            topic="Fælles forløbsplan (dobbeltdiagnose)",
            text=text or f"Hermed den fælles forløbsplan for {current.citizen.full_name}, som borgeren har givet "
                         "samtykke til.",
            attachment=pdf, attachment_title="Fælles forløbsplan.pdf", purpose=Purpose.PATHWAY))
    audit(actor, current, Event.COORDINATED_PLAN_SHARED, current.citizen, meddelelser=[m.pk for m in sent])
    return sent
