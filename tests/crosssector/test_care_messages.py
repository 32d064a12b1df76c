"""Care messages: out through the transport (signed, validated, shared only with consent or a legal basis),
in through the same transport into the team inbox, idempotent, hostile bundles refused with a reason."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.crosssector.care_world import PDF, incoming
from tovholder.audit.models import AuditEvent
from tovholder.crosssector import care_selectors, messages
from tovholder.crosssector import carecommunication as cc
from tovholder.crosssector.fhir import validate_structure
from tovholder.crosssector.models import CareMessage, CareSegment, CareThread, PartnerConsent, Purpose, Receipt, Share


def _out(cw):
    files = sorted(cw.out.glob("*.json"))
    return [json.loads(f.read_text(encoding="utf-8")) for f in files]


def _send(world, cw, **over):
    args = dict(actor=world.own_worker, citizen=world.anna, partner=cw.ward, category="psychiatry-social-disability",
                topic="Anna er indlagt", text="Vi er Annas SKP-team. Ring gerne.")
    args.update(over)
    return messages.start_thread(**args)


def test_a_new_message_is_signed_validated_shared_with_consent_and_written_by_the_transport(world, cw):
    world.own_worker.staff.title = "Støtte-kontaktperson"
    world.own_worker.staff.save()
    world.ballerup.contact_phone = "44 77 00 00"
    world.ballerup.save()
    message = _send(world, cw)
    [bundle] = _out(cw)
    validate_structure(bundle)
    parsed = cc.parse_bundle(bundle)
    assert parsed.category == "psychiatry-social-disability" and parsed.kind == "new"
    assert parsed.sender.sor == cw.own.sor_code and parsed.receiver.ean == cw.ward.ean_code
    assert parsed.segments[0].signature.name == "Own Testesen"
    assert parsed.segments[0].signature.role == "Støtte-kontaktperson"
    assert parsed.segments[0].signature.phone == "44 77 00 00"
    assert message.file_name == f"carecommunication-{message.message_id}.json"
    share = Share.objects.get()
    assert share.consent is not None and share.purpose == Purpose.CARE_MESSAGE and message.share == share
    assert AuditEvent.objects.filter(action="care_message.sent", citizen=world.anna).count() == 1


def test_no_consent_and_no_legal_basis_refuses_and_writes_nothing(world, cw):
    with pytest.raises(ValidationError, match="samtykke"):
        _send(world, cw, partner=cw.bryde)
    assert not CareThread.objects.exists() and not Share.objects.exists() and not _out(cw)


def test_a_withdrawn_consent_no_longer_allows_sharing(world, cw):
    PartnerConsent.objects.update(withdrawn_on="2025-06-01")
    with pytest.raises(ValidationError):
        _send(world, cw)


@pytest.mark.parametrize("over, words", [
    ({"category": "astrology"}, "kategori"),
    ({"topic": ""}, "emnet"),
    ({"text": ""}, "teksten"),
    ({"attachment": b"MZ not a pdf"}, "PDF"),
    ({"partner": None}, "samarbejdspartner"),
])
def test_bad_input_is_refused_in_danish(world, cw, over, words):
    with pytest.raises(ValidationError, match=words):
        _send(world, cw, **over)
    assert not CareMessage.objects.exists()


def test_a_pdf_attachment_travels_as_its_own_signed_segment(world, cw):
    _send(world, cw, attachment=PDF, attachment_title="Aftale.pdf")
    parsed = cc.parse_bundle(_out(cw)[0])
    assert [bool(s.attachment) for s in parsed.segments] == [False, True]
    assert parsed.segments[1].attachment.data == PDF


def test_only_workers_with_need_to_know_write(world, cw):
    with pytest.raises(PermissionDenied):
        _send(world, cw, actor=world.other_worker)
    with pytest.raises(PermissionDenied):
        _send(world, cw, actor=world.herlev_worker)


# --- receipt -----------------------------------------------------------------------------------

def receive(world, data):
    return messages.receive(data=data)


@pytest.mark.parametrize("code", [c for c, _ in cc.CATEGORIES])
def test_an_incoming_message_of_every_category_lands_in_the_team_inbox(world, cw, code):
    receipt, message = receive(world, incoming(cw, category=code))
    assert receipt.outcome == Receipt.Outcome.ACCEPTED and receipt.message_type == "CareCommunication"
    thread = message.thread
    assert thread.unit == world.skp and thread.category == code and thread.unread == 1
    assert message.direction == "in" and message.partner == cw.ward
    box = care_selectors.inbox(world.own_worker, code)
    assert [t.pk for t in box.threads] == [thread.pk]
    assert box.categories == [(code, cc.CATEGORY_LABELS[code], 1, 1)]
    # the audit trail names the ward as the actor
    event = AuditEvent.objects.get(action="care_message.received")
    assert event.actor.partner == cw.ward


def test_the_same_bundle_twice_is_stored_once(world, cw):
    data = incoming(cw)
    first, message = receive(world, data)
    again, same = receive(world, data)
    assert again.outcome == Receipt.Outcome.DUPLICATE and same == message
    assert CareMessage.objects.count() == 1 and CareSegment.objects.count() == 1


def test_a_reply_from_the_ward_joins_the_thread_and_earlier_segments_are_not_stored_twice(world, cw):
    sent = _send(world, cw)
    mine = cc.parse_bundle(_out(cw)[0]).segments
    answer = cc.Segment(cc.Signature("Lone Læge", "Overlæge", "38 64 00 00", cc.datetime.datetime.now(cc.datetime.UTC)),
                        text="Tak, vi ringer i morgen.")
    receipt, reply = receive(world, incoming(cw, message_id="in-2", thread_id=sent.thread.thread_id, kind="reply",
                                             replies_to=sent.message_id, segments=[answer, *mine]))
    assert receipt.outcome == Receipt.Outcome.ACCEPTED
    assert reply.thread == sent.thread and reply.replies_to == sent and reply.kind == "reply"
    assert [s.text for s in reply.segments.all()] == ["Tak, vi ringer i morgen."]


def test_we_reply_and_forward(world, cw):
    _r, message = receive(world, incoming(cw))
    thread = message.thread
    answer = messages.reply(actor=world.own_worker, thread=thread, text="Vi kommer.")
    parsed = cc.parse_bundle(_out(cw)[0])
    assert parsed.kind == "reply" and parsed.replies_to == message.message_id and parsed.thread_id == thread.thread_id
    assert [s.text for s in parsed.segments] == ["Vi kommer.", "Anna udskrives fredag. Kan I komme til netværksmøde?"]
    assert answer.thread == thread
    with pytest.raises(ValidationError, match="samtykke"):
        messages.forward(actor=world.own_worker, message=message, partner=cw.gp, text="Til orientering")
    PartnerConsent.objects.create(municipality=world.ballerup, citizen=world.anna, partner=cw.gp,
                                  purpose=Purpose.CARE_MESSAGE, given_on="2025-01-01", recorded_by=world.own_worker)
    forwarded = messages.forward(actor=world.own_worker, message=message, partner=cw.gp, text="Til orientering")
    assert forwarded.kind == "forward" and forwarded.thread != thread and forwarded.replies_to == message
    assert messages.mark_read(actor=world.own_worker, thread=thread) == 1
    thread.refresh_from_db()
    assert thread.unread == 0


def _unknown_category(cw) -> bytes:
    data = json.loads(incoming(cw))
    next(e["resource"] for e in data["entry"] if e["resource"]["resourceType"] == "Communication")[
        "category"][0]["coding"][0]["code"] = "astrology"
    return json.dumps(data).encode()


def _hostile(world, cw):
    herlev_receiver = type(cw.own)(name="Herlev", sor_code="999", ean_code="5790000999999")
    return {
        "malformed JSON": (b"{not json", "kan ikke læses"),
        "not FHIR": (json.dumps({"resourceType": "Bundle", "type": "message", "entry": "x"}).encode(), "FHIR"),
        "too large": (b" " * (11 * 1024 * 1024), "grænsen"),
        "unknown category": (_unknown_category(cw), "Ukendt kategori"),
        "reply to a thread that does not exist": (incoming(cw, kind="reply", replies_to="nowhere",
                                                           thread_id="nowhere"), "ikke findes"),
        "unknown sender": (incoming(cw, sender=type(cw.ward)(name="X", sor_code="1", ean_code="2")),
                           "ikke en kendt samarbejdspartner"),
        "another municipality's receiver": (incoming(cw, receiver=herlev_receiver), "ikke sendt til kommunen"),
        "another municipality's citizen": (incoming(cw, cpr="0404851237", family="Herlevsen"), "ikke kendt"),
        "CPR and name do not match": (incoming(cw, family="Hansen"), "passer ikke sammen"),
    }


@pytest.mark.parametrize("name", ["malformed JSON", "not FHIR", "too large", "unknown category",
                                  "reply to a thread that does not exist", "unknown sender",
                                  "another municipality's receiver", "another municipality's citizen",
                                  "CPR and name do not match"])
def test_hostile_bundles_are_refused_with_a_stored_reason_and_nothing_else_is_written(world, cw, name):
    data, words = _hostile(world, cw)[name]
    receipt, message = receive(world, data)
    assert message is None and receipt.outcome == Receipt.Outcome.REFUSED
    assert words in receipt.reason
    assert not CareMessage.objects.exists() and not CareThread.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="care_message").exists()


def test_the_inbox_shows_only_the_teams_citizens_the_worker_knows(world, cw):
    receive(world, incoming(cw))
    assert care_selectors.inbox(world.own_worker).threads
    assert care_selectors.inbox(world.manager).threads  # the manager sees the teams below
    assert not care_selectors.inbox(world.other_worker).threads
    assert not care_selectors.inbox(world.herlev_worker).threads


def test_the_transports_inbox_files_care_messages_beside_notifications(world, cw, settings):
    from tovholder.crosssector.services import receive_all
    from tovholder.crosssector.transport import FolderTransport

    transport = FolderTransport(settings.MEDCOM_FOLDER)
    (transport.folder("ind") / "cc-1.json").write_bytes(incoming(cw))
    (transport.folder("ind") / "cc-2.json").write_bytes(b"{broken")
    assert receive_all(transport) == {"accepted": 1, "refused": 1}
    assert CareMessage.objects.get().direction == "in"
    assert (transport.folder("afvist") / "cc-2.json").exists()
