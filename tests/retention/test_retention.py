"""Retention: the daily job proposes citizens whose every record passed its period; a person with the
Arkivansvarlig role approves; the one deletion service removes the citizen's data, keeps the logs (their
personal fields redacted, rows kept) and writes a deletion record. Nothing of the citizen stays findable."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from tovholder.audit.models import AccessEvent, AuditEvent
from tovholder.citizens.models import Citizen, Involvement, Relative
from tovholder.citizens.selectors import search_citizens, search_for_access_log
from tovholder.journal import services as journal
from tovholder.journal.models import Note
from tovholder.journal.selectors import search_notes
from tovholder.retention import services
from tovholder.retention.models import DeletionProposal, DeletionRecord, LegalHold, RetentionRule
from tovholder.retention.tasks import propose_deletions_task
from tovholder.support.models import Episode
from tovholder.visitation.models import Case

from ..conftest import make_staff
from ..support.conftest import goal, start

WORD = "køkkenet"


@pytest.fixture
def archivist(world):
    return make_staff("arkiv", world.ballerup, world.management, "Arkivansvarlig", "Arkivansvarlig")


def _history(world, sw, client):
    """Anna gets support, a goal and a note (so the logs hold her), then everything ends today."""
    start(world, sw)
    goal(world)
    journal.write_note(actor=world.own_worker, citizen=world.anna, kind="home_visit", minutes=60,
                       text=f"Hjemmebesøg. Vi ryddede op i {WORD} sammen.",
                       occurred_at=timezone.now() - datetime.timedelta(hours=2))
    client.force_login(world.own_worker)
    assert client.get(reverse("citizen", args=[world.anna.pk])).status_code == 200
    assert search_notes(world.own_worker, WORD).page.count == 1
    today = timezone.localdate()
    Involvement.objects.filter(citizen=world.anna).update(ended_on=today)
    Episode.objects.filter(citizen=world.anna).update(ended_on=today)
    Case.objects.filter(citizen=world.anna).update(status=Case.Status.CLOSED, closed_on=today)


def _later(years: int, days: int = 0):
    day = services.add_years(timezone.localdate(), years) + datetime.timedelta(days=days)
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(12)).astimezone(), tick=False)


def test_the_period_is_data_per_kind_and_nothing_running_is_proposed(world, sw, client):
    _history(world, sw, client)
    with _later(5, -1):
        assert propose_deletions_task.enqueue().return_value == 0
    with _later(5):
        assert services.due_citizens(world.ballerup.pk, timezone.localdate()) == {
            world.anna.pk: timezone.localdate() - (services.add_years(timezone.localdate(), 0)
                                                   - services.add_years(timezone.localdate(), -5))}
        RetentionRule.objects.create(municipality=world.ballerup, kind="case", years=10)
        assert services.due_citizens(world.ballerup.pk, timezone.localdate()) == {}
    with _later(10):
        assert propose_deletions_task.enqueue().return_value == 1
        assert propose_deletions_task.enqueue().return_value == 0  # never proposed twice
    # bo and casey have running involvements and no records: never proposed
    assert list(DeletionProposal.objects.values_list("citizen_id", flat=True)) == [world.anna.pk]


def test_an_open_case_or_a_legal_hold_stops_the_proposal(world, sw, client, archivist):
    _history(world, sw, client)
    Case.objects.filter(citizen=world.anna).update(status=Case.Status.OPEN, closed_on=None)
    with _later(6):
        assert services.due_citizens(world.ballerup.pk, timezone.localdate()) == {}
    Case.objects.filter(citizen=world.anna).update(status=Case.Status.CLOSED, closed_on=timezone.localdate())
    services.place_legal_hold(actor=archivist, citizen=world.anna, reason="Klage til Ankestyrelsen verserer")
    with _later(6):
        assert services.due_citizens(world.ballerup.pk, timezone.localdate()) == {}


def test_approval_deletes_everything_and_keeps_the_logs_redacted(world, sw, client, archivist):
    _history(world, sw, client)
    logged = AccessEvent.objects.filter(citizen=world.anna).count()
    audited = AuditEvent.objects.filter(citizen=world.anna).count()
    assert logged and audited
    with _later(6):
        propose_deletions_task.enqueue()
        proposal = DeletionProposal.objects.get(citizen=world.anna)
        with pytest.raises(PermissionDenied):
            services.approve_deletion(actor=world.manager, proposal=proposal)
        record = services.approve_deletion(actor=archivist, proposal=proposal)

    anna = Citizen.objects.get(pk=world.anna.pk)
    assert (anna.first_name, anna.last_name, anna.phone, anna.coordinator) == ("Slettet", "borger", "", None)
    assert "0101901234" not in anna.cpr
    assert record.counts["journalnotater"] == 1 and record.counts["borgere (anonymiseret)"] == 1
    assert record.counts["pårørende"] == 1 and record.counts["samtykker"] == 1
    assert not Note.objects.filter(citizen=anna).exists() and not Relative.objects.filter(citizen=anna).exists()
    assert not Involvement.objects.filter(citizen=anna).exists() and not Case.objects.filter(citizen=anna).exists()
    assert services.holdings(anna) == {}
    # the logs keep their rows, without personal fields
    assert record.redacted == {"opslag": logged, "ændringer": audited}
    assert AccessEvent.objects.filter(citizen=anna).exclude(what=services.REDACTED).count() == 0
    assert set(AccessEvent.objects.filter(citizen=anna).values_list("reason", flat=True)) == {""}
    assert list(AuditEvent.objects.filter(citizen=anna).exclude(action="deletion.approved")
                .values_list("detail", flat=True).distinct()) == [{}]
    assert AuditEvent.objects.filter(citizen=anna, action="deletion.approved", actor=archivist).exists()
    # nothing of her is findable: name, CPR, journal search, lists
    for user in [*world.users().values(), archivist]:
        if user.has_perm("accounts.view_access_log"):
            for text in ("Anna", "Jensen", "0101901234", "Birthe"):
                assert search_for_access_log(user, text, reason="Tjek af sletning") == []
        assert not Citizen.objects.known_to(user).filter(pk=anna.pk).exists()
        for text in ("Anna", "Jensen", "0101901234", "010190"):
            result = search_citizens(user, text)
            assert result.outside_scope_id is None and anna.pk not in [c.pk for c in result.page.object_list]
        assert search_notes(user, WORD).page.count == 0
    assert not Citizen.objects.filter(first_name="Anna").exists()
    assert not Citizen.objects.filter(cpr="0101901234").exists()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM journal_note_fts WHERE journal_note_fts MATCH %s", [WORD])
            assert cursor.fetchone()[0] == 0
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM journal_note WHERE search_vector @@ to_tsquery('danish', %s)",
                           [WORD])
            assert cursor.fetchone()[0] == 0
    # the others are untouched
    assert Citizen.objects.filter(pk=world.bo.pk, first_name="Bo").exists()
    assert DeletionRecord.objects.get().approved_by == archivist


def test_a_legal_hold_placed_after_the_proposal_stops_the_approval(world, sw, client, archivist):
    _history(world, sw, client)
    with _later(6):
        propose_deletions_task.enqueue()
        proposal = DeletionProposal.objects.get()
        hold = services.place_legal_hold(actor=archivist, citizen=world.anna, reason="Retssag om erstatning")
        with pytest.raises(ValidationError, match="retlig tilbageholdelse"):
            services.approve_deletion(actor=archivist, proposal=proposal)
        assert Note.objects.filter(citizen=world.anna).exists()
        services.release_legal_hold(actor=archivist, hold=hold)
        assert services.approve_deletion(actor=archivist, proposal=proposal).counts


def test_the_logs_refuse_changes_outside_the_retention_service(world):
    event = AccessEvent.objects.create(municipality=world.ballerup, actor=world.own_worker, citizen=world.anna,
                                       what="Borgeroverblik")
    table = AccessEvent._meta.db_table
    for sql in (f"UPDATE {table} SET what = 'x' WHERE id = %s", f"DELETE FROM {table} WHERE id = %s"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    # even while redacting, only the personal fields may change, and rows are never deleted
    for sql in (f"UPDATE {table} SET break_glass = TRUE WHERE id = %s",
                f"UPDATE {table} SET citizen_id = {world.bo.pk} WHERE id = %s",
                f"DELETE FROM {table} WHERE id = %s"):
        with pytest.raises(DatabaseError), transaction.atomic(), services._Redacting(), connection.cursor() as c:
            c.execute(sql, [event.pk])
    with transaction.atomic():
        with services._Redacting(), connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET what = 'x', reason = '' WHERE id = %s", [event.pk])
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET what = 'y' WHERE id = %s", [event.pk])  # the flag ended


@pytest.mark.parametrize("reason", ["", "kort", "x" * 501])
def test_hostile_reasons_are_refused(world, sw, client, archivist, reason):
    _history(world, sw, client)
    with _later(6):
        propose_deletions_task.enqueue()
    proposal = DeletionProposal.objects.get()
    client.force_login(archivist)
    url = reverse("retention-proposal", args=[proposal.pk])
    response = client.post(url, {"action": "reject", "reject-reason": reason})
    assert response.status_code == 200 and "Begrundelsen" in response.content.decode() or "Skriv" in \
        response.content.decode()
    assert DeletionProposal.objects.get().status == "proposed" and not LegalHold.objects.exists()
    response = client.post(url, {"action": "approve"})
    assert "Sæt flueben" in response.content.decode()
    assert DeletionProposal.objects.get().status == "proposed"


def test_pages_need_the_role_and_log_the_citizens_they_name(world, sw, client, archivist):
    _history(world, sw, client)
    Citizen.objects.filter(pk=world.anna.pk).update(first_name="<b>Anna</b>")
    with _later(6):
        propose_deletions_task.enqueue()
    proposal = DeletionProposal.objects.get()
    for user in world.users().values():
        client.force_login(user)
        assert client.get(reverse("retention")).status_code == 403
        assert client.get(reverse("retention-proposal", args=[proposal.pk])).status_code == 403
    client.force_login(archivist)
    page = client.get(reverse("retention")).content.decode()
    assert "&lt;b&gt;Anna&lt;/b&gt;" in page and "<b>Anna" not in page
    assert AccessEvent.objects.filter(actor=archivist, citizen=world.anna, what="Sletteforslag").exists()
    with _later(6):
        client.force_login(archivist)  # the session of today would have expired six years on
        response = client.post(reverse("retention-proposal", args=[proposal.pk]),
                               {"action": "approve", "confirm": "on"})
    record = DeletionRecord.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("retention-record", args=[record.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Journalnotater" in page and "Anna" not in page


def test_a_herlev_archivist_cannot_touch_ballerup(world, sw, client):
    herlev_archivist = make_staff("arkiv-herlev", world.herlev, world.herlev_citizen.involvements.get().unit,
                                  "Arkivansvarlig")
    with pytest.raises(PermissionDenied):
        services.place_legal_hold(actor=herlev_archivist, citizen=world.anna, reason="Forsøg på tværs af kommuner")
    _history(world, sw, client)
    with _later(6):
        propose_deletions_task.enqueue()
    client.force_login(herlev_archivist)
    assert client.get(reverse("retention-proposal", args=[DeletionProposal.objects.get().pk])).status_code == 404


def test_letters_and_case_notes_kept_as_written_are_deleted_with_the_citizen(world, sw, client, archivist):
    """Letters as sent and case notes refuse UPDATE and DELETE in the database (records.append_only); the one
    deletion service still removes them with the rest of the citizen."""
    from tovholder.visitation import services as visitation
    from tovholder.visitation.models import CaseNote, Letter

    case = Case.objects.filter(citizen=world.anna).first()
    visitation.write_case_note(actor=world.caseworker, case=case, text="Samtale med borgeren om boligen.")
    sw.grant.reasons = "Borgeren har brug for støtte til at klare hverdagen i eget hjem."
    sw.grant.save(update_fields=["reasons"])
    visitation.send_decision_letter(actor=world.caseworker, decision=sw.grant)
    assert CaseNote.objects.filter(case__citizen=world.anna).exists() and Letter.objects.filter(
        decision__case__citizen=world.anna).exists()
    _history(world, sw, client)
    with _later(6):
        propose_deletions_task.enqueue()
        record = services.approve_deletion(actor=archivist, proposal=DeletionProposal.objects.get(citizen=world.anna))
    assert not CaseNote.objects.filter(case__citizen=world.anna).exists()
    assert not Letter.objects.filter(decision__case__citizen=world.anna).exists()
    assert record.counts["borgere (anonymiseret)"] == 1
