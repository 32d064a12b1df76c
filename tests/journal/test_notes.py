"""Journal notes: each documents a contact (a participation in the ledger), never edited in place,
searchable inside need to know; hostile input gets a clear Danish message and writes nothing."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tovholder.activities import services as activities
from tovholder.activities.models import Occasion, Participation
from tovholder.audit.models import AccessEvent, AuditEvent
from tovholder.journal import selectors, services
from tovholder.journal.models import Note
from tovholder.records import StaleEditError

from ..support.conftest import days, goal, start


def ago(**kw):
    return timezone.now() - datetime.timedelta(**kw)


def write(world, text="Hjemmebesøg. Vi ryddede op i køkkenet sammen.", **kw):
    data = dict(kind="home_visit", occurred_at=ago(hours=2), minutes=60)
    data.update(kw)
    return services.write_note(actor=world.own_worker, citizen=world.anna, text=text, **data)


def test_a_note_records_the_contact_under_the_running_episode(world, sw):
    episode = start(world, sw)
    g = goal(world)
    note = write(world, goals=[g])
    p = note.participation
    assert (p.citizen, p.offer, p.status, p.minutes) == (world.anna, episode.offer, "attended", 60)
    assert p.occasion.status == "held" and list(p.occasion.staff.all()) == [world.own_worker]
    assert list(note.goals.all()) == [g] and note.is_current
    assert AuditEvent.objects.filter(action="note.written", citizen=world.anna, object_id=str(note.pk)).exists()


@pytest.mark.parametrize("kw, message", [
    (dict(occurred_at=timezone.now() + datetime.timedelta(days=1)), "fremtiden"),
    (dict(occurred_at=timezone.now() - datetime.timedelta(days=11 * 366)), "mere end 10 år tilbage"),
    (dict(minutes=0), "mere end 0 minutter"),
    (dict(minutes=24 * 60), "24 timer eller mere"),
    (dict(minutes=-5), "varigheden"),
    (dict(text="   "), "Skriv notatet"),
    (dict(text="x" * 10_001), "10.001 tegn"),
    (dict(kind="tea_party"), "kontaktform"),
    (dict(status="asleep"), "deltog, udeblev"),
])
def test_hostile_notes_are_refused(world, sw, kw, message):
    with pytest.raises(ValidationError, match=message):
        write(world, **kw)
    assert not Note.objects.exists() and not Occasion.objects.exists() and not Participation.objects.exists()


def test_long_notes_and_no_shows_are_fine(world, sw):
    assert len(write(world, text="å" * 10_000).text) == 10_000
    no_show = write(world, status="no_show", minutes=0, text="Anna åbnede ikke døren.").participation
    assert (no_show.status, no_show.minutes, no_show.occasion.status) == ("no_show", 0, "not_held")


def test_script_in_a_note_is_shown_as_text(client, world, sw):
    write(world, text="<script>alert('x')</script> og <b>fed</b>")
    client.force_login(world.own_worker)
    text = client.get(reverse("citizen_notes", args=[world.anna.pk])).content.decode()
    assert "<script>alert('x')</script>" not in text and "&lt;script&gt;" in text and "<b>fed</b>" not in text


def test_hostile_note_on_the_page_gets_a_danish_message(client, world, sw):
    client.force_login(world.own_worker)
    tomorrow = days(1)
    response = client.post(reverse("note_write", args=[world.anna.pk]), dict(
        kind="phone", status="attended", day=tomorrow.isoformat(), time="10:00", minutes=20, text="Ringede"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Formularen er ikke gemt" in text and "fremtiden" in text
    assert not Note.objects.exists()


def test_a_correction_is_a_new_version_and_both_stay(client, world, sw):
    old = write(world, text="Vi gik en tur til Lyngby.")
    new = services.correct_note(actor=world.own_worker, note=old, text="Vi gik en tur til Ballerup.",
                                reason="Forkert by")
    old.refresh_from_db()
    assert old.text == "Vi gik en tur til Lyngby." and not old.is_current
    assert new.replaces == old and new.version_no == 2 and new.is_current
    client.force_login(world.own_worker)
    page = client.get(reverse("note", args=[world.anna.pk, old.pk])).content.decode()
    assert "Lyngby" in page and "Ballerup" in page and "Forkert by" in page
    with pytest.raises(StaleEditError, match="allerede rettet"):
        services.correct_note(actor=world.own_worker, note=old, text="Vi gik en tur til Herlev.", reason="Igen")
    assert Note.objects.count() == 2


def test_only_the_author_corrects_and_a_correction_must_change_something(world, sw):
    from tests.conftest import make_staff

    note = write(world)
    colleague = make_staff("colleague", world.ballerup, world.skp, "Medarbejder")
    with pytest.raises(PermissionDenied):
        services.correct_note(actor=colleague, note=note, text="Andet", reason="Jeg ved bedre")
    with pytest.raises(ValidationError, match="ændrer intet"):
        services.correct_note(actor=world.own_worker, note=note, text=note.text, reason="Ingenting")


def _past_visit(world, sw, hours_ago=3, minutes=60):
    """A visit planned with Anna that has taken place (planned, then the clock moved on)."""
    at = ago(hours=hours_ago)
    with time_machine.travel(at - datetime.timedelta(hours=1), tick=False):
        [o] = activities.plan_occasions(actor=world.own_worker, kind="home_visit", starts_at=at, minutes=minutes,
                                        citizens=[world.anna], offer=sw.skp)
    return o.participations.get()


def test_a_note_on_a_visit_records_what_happened_and_takes_it_off_the_list(world, sw):
    start(world, sw)
    p = _past_visit(world, sw)
    assert selectors.notes_to_write(world.own_worker) == [p]
    note = write(world, participation=p, minutes=None, kind=None, occurred_at=None)
    p.refresh_from_db()
    assert note.participation == p and (p.status, p.minutes, p.occasion.status) == ("attended", 60, "held")
    assert selectors.notes_to_write(world.own_worker) == []
    with pytest.raises(ValidationError, match="allerede registreret"):
        write(world, participation=p)


def test_a_visit_that_happened_later_and_shorter_is_recorded_as_it_was(world, sw):
    start(world, sw)
    p = _past_visit(world, sw, hours_ago=5)
    later = ago(hours=4)
    write(world, participation=p, kind="phone", occurred_at=later, minutes=25)
    p.refresh_from_db()
    assert (p.occasion.kind, p.occasion.starts_at, p.minutes) == ("phone", later, 25)


def test_correcting_the_contact_corrects_the_ledger(world, sw):
    start(world, sw)
    note = write(world, minutes=60)
    services.correct_note(actor=world.own_worker, note=note, text=note.text, reason="Varede kortere",
                          minutes=45)
    p = Participation.objects.get()
    assert p.minutes == 45 and p.occasion.minutes == 45 and Note.objects.count() == 2
    assert AuditEvent.objects.filter(action="participation.corrected").exists()


def test_search_finds_words_inside_need_to_know_and_logs(world, sw):
    write(world, text="Anna fortalte om sin angst for at handle ind i Netto.")
    other = services.write_note(actor=world.other_worker, citizen=world.bo, kind="phone", occurred_at=ago(hours=1),
                                minutes=15, text="Bo har også angst for indkøb.")
    found = selectors.search_notes(world.own_worker, "angst")
    assert [n.citizen_id for n in found.page.object_list] == [world.anna.pk]
    assert AccessEvent.objects.filter(actor=world.own_worker, citizen=world.anna,
                                      what__startswith="Søgning i journalnotater").count() == 1
    assert not AccessEvent.objects.filter(actor=world.own_worker, citizen=world.bo).exists()
    both = selectors.search_notes(world.manager, "angst")
    assert {n.pk for n in both.page.object_list} == {other.pk, Note.objects.get(citizen=world.anna).pk}
    assert selectors.search_notes(world.herlev_worker, "angst").page.count == 0
    assert selectors.search_notes(world.own_worker, "Nett").page.count == 1  # word beginnings
    assert selectors.search_notes(world.own_worker, "angst Netto").page.count == 1  # all words
    assert selectors.search_notes(world.own_worker, "angst Føtex").page.count == 0


def test_search_survives_query_syntax(world, sw):
    write(world, text="Almindelig tekst om en tur")
    for query in ['"', "tur*", "NEAR(tur", "tur OR", "-tur", "tur)", "'; DROP TABLE journal_note; --", "ø" * 300]:
        selectors.search_notes(world.own_worker, query)
    assert selectors.search_notes(world.own_worker, "x").message


def test_search_corrected_notes_finds_both_versions(world, sw):
    old = write(world, text="Besøg hos tandlægen")
    services.correct_note(actor=world.own_worker, note=old, text="Besøg hos lægen", reason="Forkert sted")
    assert selectors.search_notes(world.own_worker, "tandlægen").page.count == 1
    assert selectors.search_notes(world.own_worker, "lægen").page.count == 1
