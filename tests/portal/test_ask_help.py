"""Item 9 of the citizen's own Tovholder: ask for help (a request in visitation from the citizen), messages to the
team with the staff's answer, and the citizen's letters with the letter outbox and its file transport."""

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from tovholder.audit.models import AccessEvent, AuditEvent
from tovholder.portal import selectors, services
from tovholder.portal.events import Event
from tovholder.portal.models import Message, MessageThread
from tovholder.portal.principals import PERMS
from tovholder.visitation import outbox
from tovholder.visitation.events import Event as VisitationEvent
from tovholder.visitation.models import Case, Letter, LetterDispatch, Request, Source

from .conftest import log_in_as

# ---- Bed om hjælp ----


def test_a_request_for_help_lands_in_visitation_from_the_citizen(portal, world):
    request = services.ask_for_help(actor=portal.anna.user, text="  Jeg har brug for hjælp til min økonomi.  ")
    assert request.source == Source.PORTAL and request.get_source_display() == "Borgeren selv (Min Tovholder)"
    assert request.citizen_id == world.anna.pk and request.municipality_id == world.ballerup.pk
    assert request.asks_for == "Jeg har brug for hjælp til min økonomi." and request.received_by == portal.anna.user
    assert request.status == Request.Status.OPEN
    assert AuditEvent.objects.filter(action=VisitationEvent.REQUEST_REGISTERED, actor=portal.anna.user,
                                     citizen=world.anna).count() == 1
    assert AuditEvent.objects.filter(action=Event.HELP_ASKED, citizen=world.anna).count() == 1


def test_the_citizen_principal_holds_only_what_the_request_service_asks():
    assert PERMS == {"portal.read_own", "portal.write_own", "visitation.register_requests"}


def test_the_caseworker_sees_it_on_the_desk_marked_as_from_the_citizen(client, portal, world):
    request = services.ask_for_help(actor=portal.anna.user, text="Jeg vil gerne have en bostøtte.")
    client.force_login(world.caseworker)  # the caseworker has no case with Anna: it came to the municipality
    page = client.get(reverse("visitation_desk")).content.decode()
    assert 'data-source="portal"' in page and "Borgeren selv (Min Tovholder)" in page and "Anna" in page
    detail = client.get(reverse("request_detail", args=[request.pk]))
    assert detail.status_code == 200 and "Jeg vil gerne have en bostøtte." in detail.content.decode()
    assert AccessEvent.objects.filter(actor=world.caseworker, citizen=world.anna,
                                      what="Henvendelse fra borgeren (Min Tovholder)").exists()
    client.force_login(world.own_worker)  # a request made by staff for Anna is still need to know only
    assert client.get(reverse("visitation_desk")).status_code == 403


def test_the_help_page_sends_and_shows_the_request(client, portal, world):
    log_in_as(client, portal.anna)
    page = client.get(reverse("portal:ask_help")).content.decode()
    assert "Ikke til akut hjælp" in page and 'href="tel:112"' in page
    response = client.post(reverse("portal:ask_help"), {"text": "<b>Hjælp</b> til at åbne min post"})
    assert response.status_code == 302
    page = client.get(reverse("portal:ask_help")).content.decode()
    assert "&lt;b&gt;Hjælp&lt;/b&gt; til at åbne min post" in page and "<b>Hjælp</b>" not in page
    log_in_as(client, portal.bo)
    assert "åbne min post" not in client.get(reverse("portal:ask_help")).content.decode()


@pytest.mark.parametrize("text", ["", "   ", "hej", "x" * 4001, "\x00"])
def test_hostile_help_text_is_refused_and_nothing_written(client, portal, text):
    log_in_as(client, portal.anna)
    response = client.post(reverse("portal:ask_help"), {"text": text})
    assert response.status_code == 400 and "Formularen er ikke gemt" in response.content.decode()
    assert not Request.objects.exists()


def test_at_most_five_requests_a_day(client, portal):
    for n in range(services.HELP_PER_DAY):
        services.ask_for_help(actor=portal.anna.user, text=f"Henvendelse nummer {n}")
    with pytest.raises(ValidationError):
        services.ask_for_help(actor=portal.anna.user, text="Den sjette henvendelse")
    log_in_as(client, portal.anna)
    response = client.post(reverse("portal:ask_help"), {"text": "Den sjette henvendelse"})
    assert response.status_code == 400 and "5 gange det seneste døgn" in response.content.decode()
    assert Request.objects.count() == services.HELP_PER_DAY
    services.ask_for_help(actor=portal.bo.user, text="Bo må stadig bede om hjælp")  # the limit is per citizen


def test_staff_cannot_ask_for_help_as_a_citizen(world):
    with pytest.raises(PermissionDenied):
        services.ask_for_help(actor=world.own_worker, text="Jeg er medarbejder")
    assert not Request.objects.exists()


# ---- Beskeder ----


def test_a_thread_with_the_coordinators_answer(client, portal, world):
    thread = services.write_message(actor=portal.anna.user, subject="Min aftale", text="Kan vi flytte torsdag?")
    assert not thread.answered and thread.citizen_id == world.anna.pk
    answer = services.answer_message(actor=world.own_worker, thread=thread, text="Ja, til mandag kl. 10.")
    thread.refresh_from_db()
    assert thread.answered and not answer.from_citizen and answer.written_by == world.own_worker
    assert AuditEvent.objects.filter(action=Event.MESSAGE_ANSWERED, actor=world.own_worker).count() == 1
    services.add_to_thread(actor=portal.anna.user, thread_id=thread.pk, text="Tak, det passer fint.")
    thread.refresh_from_db()
    assert not thread.answered and thread.messages.count() == 3
    log_in_as(client, portal.anna)
    page = client.get(reverse("portal:thread", args=[thread.pk])).content.decode()
    assert "Ja, til mandag kl. 10." in page and "Tak, det passer fint." in page
    assert "Own fra dit team" in page or f"{world.own_worker.first_name.split(' ')[0]} fra dit team" in page
    assert world.own_worker.last_name not in page
    assert "Ikke til akut hjælp – ring 112" in page


def test_the_message_pages_write_and_reply(client, portal, world):
    log_in_as(client, portal.anna)
    response = client.post(reverse("portal:threads"), {"subject": "Spørgsmål", "text": "Hvornår ses vi?"})
    thread = MessageThread.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("portal:thread", args=[thread.pk])
    assert client.post(reverse("portal:thread", args=[thread.pk]), {"text": "Og en ting mere"}).status_code == 302
    client.logout()
    client.force_login(world.own_worker)
    inbox = client.get(reverse("citizen_messages")).content.decode()
    assert "Spørgsmål" in inbox and "Venter på svar" in inbox
    response = client.post(reverse("citizen_message", args=[thread.pk]), {"text": "Vi ses på tirsdag."})
    assert response.status_code == 302
    assert AccessEvent.objects.filter(actor=world.own_worker, citizen=world.anna,
                                      what="Besked fra borgeren (Min Tovholder)").exists()
    assert AccessEvent.objects.filter(actor=world.own_worker, citizen=world.anna,
                                      what="Beskeder fra borgere").exists()
    client.logout()
    log_in_as(client, portal.anna)
    assert "Vi ses på tirsdag." in client.get(reverse("portal:thread", args=[thread.pk])).content.decode()


def test_staff_without_need_to_know_cannot_read_or_answer(client, portal, world):
    thread = services.write_message(actor=portal.anna.user, subject="Hemmeligt emne", text="Noget personligt")
    client.force_login(world.other_worker)  # Bo's worker: no need to know of Anna, no right to break the glass
    assert "Hemmeligt emne" not in client.get(reverse("citizen_messages")).content.decode()
    assert client.get(reverse("citizen_message", args=[thread.pk])).status_code == 403
    assert client.post(reverse("citizen_message", args=[thread.pk]), {"text": "Hej"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.answer_message(actor=world.other_worker, thread=thread, text="Hej hej")
    with pytest.raises(PermissionDenied):
        selectors.staff_thread(world.other_worker, thread.pk)
    client.force_login(world.caseworker)  # may break the glass: asked for a reason first, nothing shown
    response = client.get(reverse("citizen_message", args=[thread.pk]))
    assert response.status_code in (302, 403) and "Noget personligt" not in response.content.decode()
    client.force_login(world.herlev_worker)
    assert client.get(reverse("citizen_message", args=[thread.pk])).status_code == 404
    assert Message.objects.count() == 1
    assert not AccessEvent.objects.filter(what="Besked fra borgeren (Min Tovholder)").exists()


def test_another_citizens_thread_is_404_and_nothing_written(client, portal):
    thread = services.write_message(actor=portal.anna.user, subject="Annas", text="Annas besked")
    log_in_as(client, portal.bo)
    assert client.get(reverse("portal:thread", args=[thread.pk])).status_code == 404
    assert client.post(reverse("portal:thread", args=[thread.pk]), {"text": "Bo skriver"}).status_code == 404
    with pytest.raises(Http404):
        services.add_to_thread(actor=portal.bo.user, thread_id=thread.pk, text="Bo skriver")
    assert "Annas" not in client.get(reverse("portal:threads")).content.decode()
    for odd in ("abc", "-1", "0", "99999999999999999999"):
        assert client.get(f"/min/beskeder/{odd}/").status_code == 404
    assert Message.objects.count() == 1


@pytest.mark.parametrize("data", [{"subject": "", "text": "Hej med dig"}, {"subject": "Emne", "text": ""},
                                  {"subject": "<script>x</script>", "text": "Hej med dig"},
                                  {"subject": "Emne", "text": "x" * 4001}, {"subject": "x" * 121, "text": "Hej"},
                                  {"subject": "Emne", "text": "\x00"}, {}])
def test_hostile_message_input(client, portal, data):
    log_in_as(client, portal.anna)
    response = client.post(reverse("portal:threads"), data)
    assert response.status_code == 400 and "Formularen er ikke gemt" in response.content.decode()
    assert not MessageThread.objects.exists() and not Message.objects.exists()


def test_html_in_a_message_is_shown_as_text(client, portal, world):
    thread = services.write_message(actor=portal.anna.user, subject="Test", text="<img src=x onerror=alert(1)>")
    client.force_login(world.own_worker)
    page = client.get(reverse("citizen_message", args=[thread.pk])).content.decode()
    assert "<img src=x" not in page and "&lt;img src=x" in page


def test_messages_are_rate_limited(portal):
    for n in range(services.MESSAGES_PER_DAY):
        services.write_message(actor=portal.anna.user, subject=f"Emne {n}", text="En besked")
    with pytest.raises(ValidationError):
        services.write_message(actor=portal.anna.user, subject="For mange", text="En besked")
    assert MessageThread.objects.count() == services.MESSAGES_PER_DAY


# ---- Mine breve og udbakken ----


def _letter(world, citizen, subject="Afgørelse om bostøtte") -> Letter:
    case = Case.objects.create(municipality=world.ballerup, citizen=citizen, caseworker=world.caseworker,
                               opened_on=datetime.date(2025, 6, 1), number=f"S-{citizen.pk}-{subject[:5]}")
    return Letter.objects.create(municipality=world.ballerup, case=case, citizen=citizen, kind=Letter.Kind.GRANT,
                                 subject=subject, sent_on=datetime.date(2025, 6, 2), by=world.caseworker,
                                 html="<html><body><h1>Afgørelse</h1><p>Du får bostøtte.</p></body></html>")


def test_the_citizen_reads_own_letters_and_each_download_is_logged(client, portal, world):
    annas = _letter(world, world.anna)
    bos = _letter(world, world.bo, "Bos afgørelse")
    LetterDispatch.objects.create(municipality=world.ballerup, letter=annas, citizen=world.anna,
                                  status=LetterDispatch.Status.DEMO)
    log_in_as(client, portal.anna)
    page = client.get(reverse("portal:letters")).content.decode()
    assert "Afgørelse om bostøtte" in page and "Bos afgørelse" not in page
    assert "Demo: ikke sendt med Digital Post" in page
    response = client.get(reverse("portal:letter_pdf", args=[annas.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    client.get(reverse("portal:letter_pdf", args=[annas.pk]))
    assert AccessEvent.objects.filter(actor=portal.anna.user, citizen=world.anna,
                                      what__startswith="Brev hentet som PDF").count() == 2
    assert client.get(reverse("portal:letter_pdf", args=[bos.pk])).status_code == 404
    for odd in ("abc", "-1", "99999999999999999999"):
        assert client.get(f"/min/breve/{odd}/brev.pdf").status_code == 404


def test_the_file_transport_writes_the_pdf_and_marks_it_demo(world, tmp_path: Path):
    letter = _letter(world, world.anna)
    dispatch = LetterDispatch.objects.create(municipality=world.ballerup, letter=letter, citizen=world.anna)
    done = outbox.deliver(dispatch.pk, outbox.FileTransport(tmp_path))
    assert done.status == LetterDispatch.Status.DEMO and done.get_status_display() == "Demo: ikke sendt"
    written = Path(done.reference)
    assert written.parent.parent == tmp_path and "demo-ikke-sendt" in written.name
    assert written.read_bytes().startswith(b"%PDF") and done.handled_at is not None
    assert outbox.deliver(dispatch.pk, outbox.FileTransport(tmp_path)).reference == done.reference  # once only


class _Broken:
    name = "broken"
    demo = False

    def deliver(self, letter, pdf):
        raise OSError("Digital Post svarer ikke")


class _Sent:
    name = "digital-post-test"
    demo = False

    def deliver(self, letter, pdf):
        return f"dp-{letter.pk}"


def test_a_failed_delivery_is_kept_and_can_be_tried_again(world, settings):
    letter = _letter(world, world.anna)
    dispatch = LetterDispatch.objects.create(municipality=world.ballerup, letter=letter, citizen=world.anna)
    failed = outbox.deliver(dispatch.pk, _Broken())
    assert failed.status == LetterDispatch.Status.FAILED and "svarer ikke" in failed.error
    settings.LETTER_TRANSPORT = f"{__name__}._Sent"  # the transport is picked by the setting
    sent = outbox.deliver(dispatch.pk)
    assert sent.status == LetterDispatch.Status.SENT and sent.reference == f"dp-{letter.pk}" and sent.error == ""


def test_a_decision_letter_goes_through_the_outbox(client, portal, world, tmp_path, settings,
                                                   django_capture_on_commit_callbacks):
    from decimal import Decimal

    from tovholder.offers.models import LegalBasis, Offer
    from tovholder.visitation import services as visitation
    from tovholder.visitation.models import Decision

    settings.LETTER_FOLDER = tmp_path
    p85 = LegalBasis.objects.create(law="Serviceloven", paragraph="§ 85", title="Socialpædagogisk støtte")
    skp = Offer.objects.create(municipality=world.ballerup, name="SKP", legal_basis=p85, format="mixed",
                               capacity_kind="staff_hours", capacity=Decimal(40), unit=world.skp)
    case = Case.objects.create(municipality=world.ballerup, citizen=world.anna, caseworker=world.caseworker,
                               opened_on=datetime.date.today() - datetime.timedelta(days=60))
    decision = Decision.objects.create(
        municipality=world.ballerup, case=case, citizen=world.anna, offer=skp, status=Decision.Status.GRANTED,
        requested_on=case.opened_on, decided_on=datetime.date.today() - datetime.timedelta(days=2),
        hours_per_week=Decimal(3), start_on=datetime.date.today(), goals="Klare egen bolig",
        reasons="Borgeren har brug for støtte til at klare sin egen bolig og sin økonomi.")
    with django_capture_on_commit_callbacks(execute=True):
        letter = visitation.send_decision_letter(actor=world.caseworker, decision=decision)
    dispatch = LetterDispatch.objects.get(letter=letter)
    assert dispatch.status == LetterDispatch.Status.DEMO and dispatch.transport == "file"
    assert Path(dispatch.reference).is_file() and Path(dispatch.reference).parent.parent == tmp_path
    client.force_login(world.caseworker)  # the caseworker sees the label on the decision
    page = client.get(reverse("decision_detail", args=[decision.pk])).content.decode()
    assert 'data-dispatch="demo"' in page and "Demo: ikke sendt" in page
    client.logout()
    log_in_as(client, portal.anna)  # and the citizen in Mine breve
    page = client.get(reverse("portal:letters")).content.decode()
    assert letter.subject in page and "Demo: ikke sendt med Digital Post" in page
