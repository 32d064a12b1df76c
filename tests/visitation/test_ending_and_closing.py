"""Ending and closing, as the provider and the caseworker do it through the pages: the provider proposes
an end (date, reason), the caseworker decides it with an ending letter (reasons, klagevejledning) — or
refuses and the support goes on; letters are kept as sent; a case with no open efforts is closed and
reopened, dated; the caseworker's own case notes are append-only."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from tests.support.conftest import days, start
from tovholder.audit.models import AccessEvent, AuditEvent
from tovholder.support.models import Episode
from tovholder.visitation import services
from tovholder.visitation.models import Case, CaseNote, Decision, EndProposal, Letter

REASONS = "Anna har nået sine mål og klarer nu hverdagen selv."


@pytest.fixture
def running(world, sw):
    return start(world, sw, on=days(-40))


def test_the_provider_proposes_and_the_caseworker_decides_the_end_with_a_letter(client, world, sw, running):
    client.force_login(world.own_worker)
    page = client.get(reverse("episode", args=[world.anna.pk, running.pk])).content.decode()
    assert "Foreslå afslutning" in page
    form = client.get(reverse("episode_end", args=[world.anna.pk, running.pk]))
    assert "Foreslået slutdato" in form.content.decode()
    response = client.post(reverse("episode_end", args=[world.anna.pk, running.pk]), {
        "version": running.version, "ended_on": days(-2).isoformat(), "reason": "goals_met",
        "note": "Anna klarer indkøb og rengøring selv.", "klippekort_hours": "6",
        "klippekort_valid_until": days(120).isoformat()})
    assert response.status_code == 302
    running.refresh_from_db()
    assert running.ended_on is None  # the support goes on until the caseworker decides
    # a second proposal waits for the first to be answered: the page says so and offers no form
    waiting = client.get(reverse("episode_end", args=[world.anna.pk, running.pk])).content.decode()
    assert "venter på sagsbehandlerens afgørelse" in waiting and "<form" not in waiting.split("<main")[-1]

    client.force_login(world.caseworker)
    desk = client.get(reverse("visitation_desk")).content.decode()
    assert "Forslag om afslutning" in desk and "Anna Jensen – SKP" in desk
    decision_page = client.get(reverse("decision_detail", args=[sw.grant.pk])).content.decode()
    assert "Udføreren foreslår at afslutte" in decision_page and "Klippekort: 6 timer" in decision_page
    bad = client.post(reverse("decision_detail", args=[sw.grant.pk]), {
        "action": "end", "end-version": sw.grant.version + 1, "end-on": days(3).isoformat(),
        "end-decided_on": days(0).isoformat(), "end-reasons": "Kort"})
    assert bad.status_code == 200 and not Letter.objects.exists()
    grant = Decision.objects.get(pk=sw.grant.pk)
    response = client.post(reverse("decision_detail", args=[grant.pk]), {
        "action": "end", "end-version": grant.version, "end-on": days(-2).isoformat(),
        "end-decided_on": days(0).isoformat(), "end-reasons": REASONS})
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.status == Decision.Status.ENDED and grant.ended_on == days(-2)
    running.refresh_from_db()
    assert running.ended_on == days(-2) and running.end_reason == Episode.EndReason.GOALS_MET
    assert running.klippekort_given.hours == Decimal(6)
    assert EndProposal.objects.get().status == EndProposal.Status.ACCEPTED
    letter = Letter.objects.get(kind=Letter.Kind.END)
    assert letter.sent_on == days(0) and REASONS in letter.html and "Sådan klager du" in letter.html
    assert "klippekort på 6 timer" in letter.html and "Serviceloven § 85" in letter.html
    pdf = client.get(reverse("letter_pdf", args=[letter.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert AccessEvent.objects.filter(actor=world.caseworker, citizen=world.anna, what="Brev").exists()
    page = client.get(reverse("decision_detail", args=[grant.pk])).content.decode()
    assert "Afgørelse om ophør af SKP" in page
    # the provider reads the answer on the episode
    client.force_login(world.own_worker)
    page = client.get(reverse("episode", args=[world.anna.pk, running.pk])).content.decode()
    assert "Afgjort: afsluttes" in page


def test_a_refused_proposal_keeps_the_support_going(client, world, sw, running):
    proposal = _propose(world, running)
    client.force_login(world.caseworker)
    response = client.post(reverse("decision_detail", args=[sw.grant.pk]), {
        "action": "refuse_end", "refuse_end-proposal_version": proposal.version,
        "refuse_end-answer": "Vi følger op om tre måneder, før indsatsen afsluttes."})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == EndProposal.Status.REFUSED and proposal.answered_by == world.caseworker
    assert Decision.objects.get(pk=sw.grant.pk).status == Decision.Status.ACTIVE
    client.force_login(world.own_worker)
    page = client.get(reverse("episode", args=[world.anna.pk, running.pk])).content.decode()
    assert "Afvist: fortsætter" in page and "tre måneder" in page


def _propose(world, episode, **kw):
    from tovholder.support import services as support

    return support.propose_end(actor=world.own_worker, episode=episode, version=episode.version,
                               **{"ended_on": days(-1), "reason": "own_wish", **kw})


@pytest.mark.parametrize("kw, message", [
    (dict(on=lambda: days(-41)), "før indsatsens start"),
    (dict(on=lambda: days(3)), "fremtiden"),
    (dict(reasons="For kort"), "mindst 20 tegn"),
    (dict(decided_on=lambda: datetime.date(1, 1, 1)), "tilbage"),
])
def test_a_bad_end_decision_writes_nothing(world, sw, running, kw, message):
    grant = Decision.objects.get(pk=sw.grant.pk)
    data = {"on": days(-1), "reasons": REASONS, **{k: v() if callable(v) else v for k, v in kw.items()}}
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match=message):
        services.decide_end(actor=world.caseworker, decision=grant, version=grant.version, **data)
    assert AuditEvent.objects.count() == before and not Letter.objects.exists()
    assert Decision.objects.get(pk=grant.pk).status == Decision.Status.ACTIVE


def test_a_stale_end_decision_is_refused(world, sw, running):
    grant = Decision.objects.get(pk=sw.grant.pk)
    services.change_services(actor=world.caseworker, decision=grant, version=grant.version, starts_on=days(-5),
                             services=["638f44df-6bf2-47f8-9935-b8fdc83e5bf5"], reason="Mere praktisk støtte")
    with pytest.raises(ValidationError, match="En anden har gemt"):
        services.decide_end(actor=world.caseworker, decision=grant, version=grant.version, on=days(-1),
                            reasons=REASONS)


def test_a_case_closes_only_without_open_efforts_and_reopens(client, world, sw, running):
    client.force_login(world.caseworker)
    url = reverse("case_detail", args=[sw.case.pk])
    response = client.post(url, {"form": "status", "status-version": sw.case.version,
                                 "status-on": days(0).isoformat(), "status-reason": "Færdigbehandlet"})
    assert "ikke er afsluttet: SKP" in response.content.decode()
    assert Case.objects.get(pk=sw.case.pk).status == Case.Status.OPEN
    grant = Decision.objects.get(pk=sw.grant.pk)
    services.decide_end(actor=world.caseworker, decision=grant, version=grant.version, on=days(-3),
                        reasons=REASONS)
    case = Case.objects.get(pk=sw.case.pk)
    with pytest.raises(ValidationError, match="før sagens sidste hændelse"):
        services.close_case(actor=world.caseworker, case=case, version=case.version, on=days(-4),
                            reason="Færdigbehandlet")
    response = client.post(url, {"form": "status", "status-version": case.version,
                                 "status-on": days(-2).isoformat(), "status-reason": "Færdigbehandlet"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED and case.closed_on == days(-2)
    response = client.post(url, {"form": "status", "status-version": case.version,
                                 "status-on": days(0).isoformat(), "status-reason": "Ny henvendelse fra lægen"})
    assert response.status_code == 302, response.content.decode()[-3000:]
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN and case.closed_on is None
    assert [c.status for c in case.status_changes.all()] == ["closed", "open"]
    page = client.get(url).content.decode()
    assert "Lukket" in page and "Ny henvendelse fra lægen" in page


def test_case_notes_are_the_caseworker_s_and_corrections_keep_the_earlier_version(client, world, sw):
    client.force_login(world.caseworker)
    url = reverse("case_detail", args=[sw.case.pk])
    response = client.post(url, {"form": "note", "note-written_on": days(-10).isoformat(),
                                 "note-text": "Telefon med egen læge om medicin."})
    assert response.status_code == 302
    note = CaseNote.objects.get()
    assert note.written_on == days(-10) and note.author == world.caseworker
    response = client.post(url, {"form": "note", "note-written_on": days(-70).isoformat(), "note-text": "Før"})
    assert "før sagen blev oprettet" in response.content.decode()
    response = client.post(url, {"form": "note", "note-written_on": days(0).isoformat(), "note-text": "x" * 8001})
    assert CaseNote.objects.count() == 1
    response = client.post(reverse("case_note_correct", args=[note.pk]), {
        "text": "Telefon med egen læge om medicin og søvn.", "correction_reason": "Manglede søvn"})
    assert response.status_code == 302
    new = CaseNote.objects.get(replaces=note)
    assert new.version_no == 2 and new.written_on == note.written_on
    page = client.get(url).content.decode()
    assert "Rettet senere" in page and "Telefon med egen læge om medicin." in page
    with pytest.raises(DatabaseError), transaction.atomic():
        CaseNote.objects.filter(pk=note.pk).update(text="Skrevet om")  # the database refuses it too
    with pytest.raises(ValidationError, match="allerede rettet"):
        services.correct_case_note(actor=world.caseworker, note=note, text="Igen", reason="Igen igen")


@pytest.mark.parametrize("sql", ["DELETE FROM {t}", "UPDATE {t} SET text = 'x'", "REPLACE", "TRUNCATE"])
def test_case_notes_and_letters_refuse_every_way_around_in_the_database(world, sw, sql):
    """As the logs (tests/audit): only the retention service may delete them (visitation 0008)."""
    services.write_case_note(actor=world.caseworker, case=sw.case, text="Samtale med borgeren.")
    table = CaseNote._meta.db_table
    vendor = connection.vendor
    if sql == "REPLACE":
        sql = "INSERT OR REPLACE INTO {t} SELECT * FROM {t}" if vendor == "sqlite" else "TRUNCATE {t} CASCADE"
    elif sql == "TRUNCATE":
        sql = "TRUNCATE {t} CASCADE" if vendor == "postgresql" else "INSERT OR REPLACE INTO {t} SELECT * FROM {t}"
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql.format(t=table))
    assert CaseNote.objects.get().text == "Samtale med borgeren."


@pytest.mark.parametrize("user_name, sees_notes, can_correct, letter", [
    ("caseworker", True, 302, 200),
    ("own_worker", False, 403, 200),  # the provider knows Anna: the case, not the caseworker's notes
    ("other_worker", False, 403, 403),
    ("admin", False, 403, 403),
    ("herlev_worker", False, 404, 404),
])
def test_need_to_know_for_case_notes_and_letters(client, world, sw, running, user_name, sees_notes, can_correct,
                                                 letter):
    note = services.write_case_note(actor=world.caseworker, case=sw.case, text="Fortroligt sagsnotat om Anna.")
    Decision.objects.filter(pk=sw.grant.pk).update(reasons=REASONS)
    grant = Decision.objects.get(pk=sw.grant.pk)
    sent = services.send_decision_letter(actor=world.caseworker, decision=grant)
    user = getattr(world, user_name)
    client.force_login(user)
    page = client.get(reverse("case_detail", args=[sw.case.pk]))
    if page.status_code == 200:
        assert ("Fortroligt sagsnotat" in page.content.decode()) == sees_notes
        title = re.search(r"<title>(.*?)</title>", page.content.decode(), re.S).group(1)
        assert "<" not in title and "Sagsnotater" not in title  # the page's sections are in the page, once
        assert page.content.decode().count('id="h-notater"') == (1 if sees_notes else 0)
    else:
        assert not sees_notes
    response = client.post(reverse("case_note_correct", args=[note.pk]), {"text": "Ændret", "correction_reason":
                                                                            "Ændret tekst"})
    assert response.status_code == can_correct
    assert client.get(reverse("letter_pdf", args=[sent.pk])).status_code == letter


def test_the_caseworker_knows_the_citizen_of_a_closed_case_for_a_while(world, sw):
    import time_machine

    from tovholder.accounts.principals import forget_principal
    from tovholder.citizens.gate import knows

    Decision.objects.filter(pk=sw.grant.pk).update(status=Decision.Status.REFUSED)
    services.close_case(actor=world.caseworker, case=sw.case, version=sw.case.version, on=days(0),
                        reason="Afslag; intet andet søgt")
    forget_principal(world.caseworker)
    assert knows(world.caseworker, world.anna)  # to reopen it or write the last note
    with time_machine.travel(days(91)):
        forget_principal(world.caseworker)
        assert not knows(world.caseworker, world.anna)
