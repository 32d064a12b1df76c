"""The CareCommunication bundle as plain functions: built for every category, read back, and hostile
bundles refused with a Danish reason."""

import copy
import datetime
import json

import pytest

from tovholder.crosssector import carecommunication as cc
from tovholder.crosssector import workdays

AT = datetime.datetime(2026, 12, 3, 10, 30, tzinfo=datetime.UTC)
KOMMUNE = cc.Party("Ballerup Kommune, Socialpsykiatrien", "123451000016004", "5790000123450")
PC = cc.Party("Psykiatrisk Center Ballerup, afsnit 1", "123456789012345", "5790000987654")
PDF = b"%PDF-1.7\n% test\n"


def sig(name="Ole Testesen", role="Støtte-kontaktperson", phone="44 77 00 00"):
    return cc.Signature(name=name, role=role, phone=phone, at=AT)


def bundle(**over):
    args = dict(message_id="m-1", thread_id="t-1", kind="new", category="psychiatry-social-disability",
                topic="Udskrivelse", cpr="0101901234", given="Anna", family="Jensen", sender=KOMMUNE, receiver=PC,
                sent_at=AT, segments=[cc.Segment(sig(), text="Hej afsnittet")])
    args.update(over)
    return cc.build_bundle(**args)


def validate(data):
    from fhir.resources.R4B.bundle import Bundle

    return Bundle.model_validate(data)


@pytest.mark.parametrize("code", [c for c, _ in cc.CATEGORIES])
def test_every_category_builds_validates_and_reads_back(code):
    data = json.loads(json.dumps(bundle(category=code)))
    validate(data)
    parsed = cc.parse_bundle(data)
    assert parsed.category == code
    assert cc.CATEGORY_LABELS[code]


def test_the_three_categories_named_in_the_issue_are_data():
    labels = cc.CATEGORY_LABELS
    assert labels["psychiatry-social-disability"] == "Psykiatri, social, handicap"
    assert labels["discharge"] == "Udskrivelse"
    assert labels["carecoordination"] == "Forløbskoordinering"


def test_a_reply_with_an_attachment_and_two_signed_segments_round_trips():
    segments = [cc.Segment(sig(), attachment=cc.Attachment("Udskrivningsaftale", "application/pdf", PDF)),
                cc.Segment(sig("Lone Læge", "Overlæge", "38 64 00 00"), text="Tidligere tekst")]
    data = bundle(kind="reply", replies_to="m-0", segments=segments)
    validate(data)
    parsed = cc.parse_bundle(data)
    assert parsed.kind == "reply" and parsed.replies_to == "m-0"
    assert parsed.sender == KOMMUNE and parsed.receiver == PC
    assert parsed.segments[0].attachment.data == PDF
    assert parsed.segments[1].signature == cc.Signature("Lone Læge", "Overlæge", "38 64 00 00", AT)
    assert parsed.segments[0].identifier == segments[0].identifier
    assert parsed.cpr == "0101901234" and parsed.patient_name == "Anna Jensen"


def test_a_forward_names_the_message_it_forwards():
    parsed = cc.parse_bundle(bundle(kind="forward", replies_to="m-9"))
    assert parsed.kind == "forward" and parsed.replies_to == "m-9"


def _without(data, kind):
    data = copy.deepcopy(data)
    data["entry"] = [e for e in data["entry"] if e["resource"]["resourceType"] != kind]
    return data


def _communication(data):
    return next(e["resource"] for e in data["entry"] if e["resource"]["resourceType"] == "Communication")


def _hostile():
    good = bundle()
    unknown = copy.deepcopy(good)
    _communication(unknown)["category"][0]["coding"][0]["code"] = "astrology"
    no_cpr = copy.deepcopy(good)
    next(e["resource"] for e in no_cpr["entry"] if e["resource"]["resourceType"] == "Patient")["identifier"] = []
    unsigned = copy.deepcopy(good)
    _communication(unsigned)["payload"][0]["extension"] = []
    not_pdf = bundle(segments=[cc.Segment(sig(), attachment=cc.Attachment("x", "application/pdf", b"MZ..."))])
    bad_b64 = copy.deepcopy(not_pdf)
    _communication(bad_b64)["payload"][0]["contentAttachment"]["data"] = "!!!"
    reply_nowhere = bundle(kind="reply", replies_to="x")
    prov = next(e["resource"] for e in reply_nowhere["entry"] if e["resource"]["resourceType"] == "Provenance")
    prov.pop("entity")
    other_event = copy.deepcopy(good)
    other_event["entry"][0]["resource"]["eventCoding"]["code"] = "hospital-notification-message"
    return {
        "not a bundle": ([1, 2], "ikke en FHIR-bundle"),
        "a string": ("{", "ikke en FHIR-bundle"),
        "wrong type": ({**good, "type": "collection"}, "ikke en meddelelse"),
        "no entries": ({**good, "entry": []}, "tom"),
        "unknown category": (unknown, "Ukendt kategori"),
        "no cpr": (no_cpr, "CPR"),
        "unsigned segment": (unsigned, "ikke underskrevet"),
        "not a pdf": (not_pdf, "ikke en PDF"),
        "bad base64": (bad_b64, "base64"),
        "reply to nothing": (reply_nowhere, "henvise"),
        "another message": (other_event, "ikke en korrespondancemeddelelse"),
        "broken reference": (_without(good, "Patient"), "ikke findes"),
        "no provenance": (_without(good, "Provenance"), "Provenance"),
    }


@pytest.mark.parametrize("name", list(_hostile()))
def test_hostile_bundles_are_refused_with_a_danish_reason(name):
    data, words = _hostile()[name]
    with pytest.raises(cc.BundleError) as refused:
        cc.parse_bundle(data)
    assert words in refused.value.reason


def test_danish_working_days_skip_weekends_and_holidays():
    # Friday 18 December 2026 + 5 working days: 21, 22, 23 (24, 25, 26, 27 closed), 28, 29
    assert workdays.add_working_days(datetime.date(2026, 12, 18), 5) == datetime.date(2026, 12, 29)
    # Maundy Thursday 2 April 2026 to Easter Monday 6 April are holidays
    assert workdays.add_working_days(datetime.date(2026, 4, 1), 1) == datetime.date(2026, 4, 7)
    assert not workdays.is_working_day(datetime.date(2026, 6, 5))
