"""The migration into the ledger (journal 0005), run for real on a fresh database of its own: the schema
as it was, old rows written with the historical models, then `migrate` to the end — group-session notes
by one author at one moment become one session, a corrected note's chain documents one participation,
a note on an appointment records its outcome."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = textwrap.dedent('''
    import datetime, json, django
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    target = [("journal", "0004_note_participation")]
    executor = MigrationExecutor(connection)
    executor.migrate(target)  # the schema as it was (no post-migrate signals: the rest is not there yet)
    old = executor.loader.project_state(target).apps
    M = lambda label: old.get_model(*label.split("."))
    UTC = datetime.timezone.utc
    town = M("tenancy.Municipality").objects.create(code="151", name="Ballerup")
    team = M("accounts.Unit").objects.create(municipality=town, name="SKP", kind="team")
    user = M("auth.User").objects.create(username="leder1")
    profile = M("accounts.StaffProfile").objects.create(user=user, municipality=town, title="SKP")
    profile.units.add(team)
    offer = M("offers.Offer").objects.create(municipality=town, name="SKP", format="mixed",
                                             capacity_kind="staff_hours", unit=team)
    people = [M("citizens.Citizen").objects.create(municipality=town, cpr=f"0{i}019012{i}4", first_name=f"P{i}",
              last_name="Test", birth_date=datetime.date(1990, 1, i)) for i in range(1, 5)]
    episodes = [M("support.Episode").objects.create(municipality=town, citizen=c, offer=offer, unit=team,
                worker=user, started_on=datetime.date(2026, 1, 1), created_by=user) for c in people]
    Note = M("journal.Note")
    at = datetime.datetime(2026, 3, 5, 9, tzinfo=UTC)
    def note(citizen, episode, kind, minutes, when=at, **kw):
        return Note.objects.create(municipality=town, citizen=citizen, episode=episode, author=user, kind=kind,
                                   occurred_at=when, minutes=minutes, text="x", **kw)
    group = [note(c, e, "group_session", m) for c, e, m in zip(people[:3], episodes[:3], (120, 120, 90))]
    first = note(people[3], episodes[3], "home_visit", 60, when=at + datetime.timedelta(days=1))
    second = note(people[3], episodes[3], "home_visit", 45, when=at + datetime.timedelta(days=1), replaces=first,
                  version_no=2, correction_reason="kortere")
    visit = M("support.Appointment").objects.create(
        municipality=town, citizen=people[0], episode=episodes[0], worker=user, kind="home_visit",
        starts_at=at + datetime.timedelta(days=2), ends_at=at + datetime.timedelta(days=2, hours=1), created_by=user)
    absent = note(people[0], episodes[0], "no_show", 0, when=visit.starts_at, appointment=visit)
    future = M("support.Appointment").objects.create(
        municipality=town, citizen=people[1], episode=episodes[1], worker=user, kind="phone",
        starts_at=at + datetime.timedelta(days=30), ends_at=at + datetime.timedelta(days=30, minutes=30),
        created_by=user)

    call_command("migrate", verbosity=0)
    from tovholder.activities.models import Occasion, Participation
    from tovholder.journal.models import Note
    def of(n):
        p = Note.objects.select_related("participation__occasion").get(pk=n.pk).participation
        o = p.occasion
        return {"occasion": o.pk, "kind": o.kind, "status": o.status, "length": o.minutes,
                "staff": list(o.staff.values_list("username", flat=True)), "p_status": p.status,
                "minutes": p.minutes, "offer": p.offer_id, "participation": p.pk}
    print(json.dumps({"group": [of(n) for n in group], "first": of(first), "second": of(second),
                      "absent": of(absent), "offer": offer.pk,
                      "planned": list(Participation.objects.filter(status="planned").values_list(
                          "occasion__kind", "occasion__status")),
                      "occasions": Occasion.objects.count()}))
''')


def test_old_notes_and_appointments_move_into_the_ledger(tmp_path):
    env = {**os.environ, "TOVHOLDER_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "tovholder.settings"}
    env.pop("DATABASE_URL", None)  # a fresh SQLite file of its own (PostgreSQL: measured in the notes)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2] / "src")
    out = subprocess.run([sys.executable, "-c", SCRIPT], env=env, check=True, capture_output=True, text=True)
    r = json.loads(out.stdout.strip().splitlines()[-1])
    group = r["group"]
    # three notes by one author at one moment: one session, held once by its leader, 3 participations
    assert len({g["occasion"] for g in group}) == 1 and len({g["participation"] for g in group}) == 3
    assert group[0]["kind"] == "group_session" and group[0]["status"] == "held" and group[0]["length"] == 120
    assert group[0]["staff"] == ["leder1"] and [g["minutes"] for g in group] == [120, 120, 90]
    assert {g["offer"] for g in group} == {r["offer"]}
    # a corrected note: both versions document the same contact, as the newest version says
    assert r["first"]["participation"] == r["second"]["participation"] and r["second"]["minutes"] == 45
    # a note on an appointment records its outcome
    assert (r["absent"]["p_status"], r["absent"]["status"], r["absent"]["minutes"]) == ("no_show", "not_held", 0)
    # an appointment still ahead stays planned
    assert r["planned"] == [["phone", "planned"]]
    assert r["occasions"] == 4  # the session, the corrected visit, the missed visit, the call ahead
