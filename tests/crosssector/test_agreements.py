"""Discharge agreements and coordination plans (psykiatriloven §§ 13 a–b): versioned, with parties, actions
and review dates; the network meeting within five Danish working days; sent as a PDF in a care message
(shared under § 13 c). The dual-diagnosis coordinated plan with the citizen's consent."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tovholder.crosssector import agreements
from tovholder.crosssector import carecommunication as cc
from tovholder.crosssector.fhir import validate_structure
from tovholder.crosssector.models import (
    CareMessage,
    DischargeAgreement,
    DischargeAgreementVersion,
    PartnerConsent,
    Purpose,
    Share,
)
from tovholder.records import StaleEditError


def day(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def content(**over) -> dict:
    data = {
        "legal_basis": "13a1", "meeting_on": day(3), "note": "",
        "parties": [{"kind": "ward", "name": "Psykiatrisk Center Ballerup", "contact": "38 64 00 00"},
                    {"kind": "municipal", "name": "SKP-teamet", "contact": "Own Testesen"},
                    {"kind": "citizen", "name": "Anna Jensen", "contact": ""},
                    {"kind": "", "name": "", "contact": ""}],
        "actions": [{"party": "municipal", "what": "Besøg dagen efter udskrivning", "responsible": "Own Testesen",
                     "due_on": day(6)},
                    {"party": "ward", "what": "Medicinliste til egen læge", "responsible": "Overlægen",
                     "due_on": day(5)},
                    {"party": "", "what": "", "responsible": "", "due_on": None}],
        "review_dates": [day(30), None, day(90)]}
    data.update(over)
    return data


def write(world, cw, **over):
    kind = over.pop("kind", DischargeAgreement.Kind.AGREEMENT)
    return agreements.write_agreement(actor=world.own_worker, admission=cw.admission, kind=kind, **content(**over))


def test_the_meeting_is_suggested_five_danish_working_days_after_the_notification():
    assert agreements.meeting_deadline(datetime.date(2026, 12, 18)) == datetime.date(2026, 12, 29)
    assert agreements.meeting_deadline(datetime.date(2026, 12, 7)) == datetime.date(2026, 12, 14)


def test_an_agreement_is_structured_and_versioned(world, cw):
    head = write(world, cw)
    v1 = head.versions.get()
    assert v1.number == 1 and v1.citizen_participated and v1.notified_on == timezone.localdate(cw.admission.admitted_at)
    assert [a["party"] for a in v1.actions] == ["ward", "municipal"]  # by date
    assert len(v1.parties) == 3 and v1.review_dates == [day(30).isoformat(), day(90).isoformat()]
    v2 = agreements.revise_agreement(actor=world.own_worker, agreement=head, version=1,
                                     **content(note="Borgeren ønsker besøg om formiddagen"))
    assert v2.number == 2 and DischargeAgreementVersion.objects.get(number=1).note == ""
    with pytest.raises(StaleEditError):
        agreements.revise_agreement(actor=world.own_worker, agreement=head, version=1, **content())


@pytest.mark.parametrize("over, words", [
    ({"legal_basis": "13b"}, "§ 13 a"),
    ({"kind": DischargeAgreement.Kind.COORDINATION, "legal_basis": "13a1"}, "§ 13 b"),
    ({"parties": [{"kind": "ward", "name": "Afsnittet", "contact": ""},
                  {"kind": "municipal", "name": "SKP", "contact": ""}]}, "tilføj borgeren"),
    ({"parties": [{"kind": "citizen", "name": "Anna", "contact": ""}]}, "psykiatriske afdeling"),
    ({"actions": []}, "mindst én aftalt handling"),
    ({"actions": [{"party": "gp", "what": "x", "responsible": "y", "due_on": day(3)}]}, "aftalens parter"),
    ({"review_dates": [None]}, "opfølgning"),
    ({"parties": [{"kind": "ward", "name": "<script>", "contact": ""}]}, "< og >"),
])
def test_bad_agreements_are_refused_in_danish(world, cw, over, words):
    with pytest.raises(ValidationError, match=words):
        write(world, cw, **over)
    assert not DischargeAgreement.objects.exists()


def test_a_coordination_plan_is_made_without_the_citizen(world, cw):
    head = write(world, cw, kind=DischargeAgreement.Kind.COORDINATION, legal_basis="13b",
                 parties=content()["parties"][:2])
    assert not head.versions.get().citizen_participated


def test_need_to_know(world, cw):
    with pytest.raises(PermissionDenied):
        agreements.write_agreement(actor=world.other_worker, admission=cw.admission, kind="agreement", **content())


def test_the_agreement_is_sent_as_a_pdf_in_a_care_message_under_section_13_c(world, cw):
    head = write(world, cw)
    PartnerConsent.objects.all().delete()  # no consent: § 13 c allows it
    message = agreements.send_agreement(actor=world.own_worker, agreement=head, partner=cw.ward)
    assert message.thread.category == "discharge"
    [path] = cw.out.glob("*.json")
    bundle = json.loads(path.read_text(encoding="utf-8"))
    validate_structure(bundle)
    parsed = cc.parse_bundle(bundle)
    assert parsed.category == "discharge"
    pdf = next(s.attachment for s in parsed.segments if s.attachment)
    assert pdf.data.startswith(b"%PDF") and pdf.title.endswith(".pdf")
    share = Share.objects.get()
    assert share.basis is not None and share.consent is None and share.purpose == Purpose.DISCHARGE
    assert head.versions.get().sent_in == message


# --- the coordinated plan ----------------------------------------------------------------------

def save_plan(world, cw, **over):
    args = dict(actor=world.own_worker, citizen=world.anna, plan=None, version=None, psychiatry=cw.ward,
                psychiatry_contact="Lone Læge, 38 64 00 00", substance=cw.bryde,
                substance_contact="Kim Rådgiver, 44 77 11 11", aim="Jeg vil have styr på hverdagen uden hash.",
                consent=True, consent_given_on=day(-1))
    args.update(over)
    return agreements.save_plan(**args)


def test_the_coordinated_plan_needs_consent_and_is_shared_with_both_partners(world, cw):
    with pytest.raises(ValidationError, match="samtykke"):
        save_plan(world, cw, consent=False)
    plan = save_plan(world, cw)
    assert PartnerConsent.objects.filter(purpose=Purpose.PATHWAY, withdrawn_on__isnull=True).count() == 2
    agreements.add_action(actor=world.own_worker, plan=plan, party="substance", what="Samtale om hash",
                          responsible="Kim Rådgiver", due_on=day(7))
    agreements.add_assessment(actor=world.own_worker, plan=plan, on=day(30), place="Brydehuset")
    sent = agreements.share_plan(actor=world.own_worker, plan=plan)
    assert {m.partner for m in sent} == {cw.ward, cw.bryde}
    assert {m.thread.category for m in sent} == {"carecoordination"}
    assert len(list(cw.out.glob("*.json"))) == 2
    agreements.withdraw_consent(actor=world.own_worker, plan=plan, on=timezone.localdate())
    assert not PartnerConsent.objects.filter(purpose=Purpose.PATHWAY, withdrawn_on__isnull=True).exists()
    with pytest.raises(ValidationError, match="trukket"):
        agreements.share_plan(actor=world.own_worker, plan=plan)
    assert CareMessage.objects.count() == 2


def test_one_plan_at_a_time_and_two_different_partners(world, cw):
    with pytest.raises(ValidationError, match="to forskellige"):
        save_plan(world, cw, substance=cw.ward)
    save_plan(world, cw)
    with pytest.raises(ValidationError, match="allerede"):
        save_plan(world, cw)
