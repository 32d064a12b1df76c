"""Move delivered time into the ledger (ADR 0004), keeping every figure it can:

- each appointment becomes an occasion (its worker as staff) with the citizen's participation;
- each chain of note versions documents one participation; its newest version says what happened:
  attended for the note's minutes, or a no-show / a cancellation; the note's episode gives the offer
  the time was delivered under;
- a note written about an appointment records the appointment's outcome (and the time the contact
  really took place);
- other notes become a contact of their own — except group sessions noted by the same author at the
  same moment, which become one session with a participation per citizen: the leader's time then
  counts once, not once per note (the only figure that changes).

A contact that did not take place and had no planned length gets a nominal hour; it counts nowhere.
"""

import datetime
from collections import defaultdict

from django.db import migrations

BATCH = 2000
NOMINAL = datetime.timedelta(minutes=60)
KINDS = {"home_visit", "phone", "video", "meeting", "outing", "group_session"}
NOT_HELD = {"no_show", "cancelled"}


def _chunks(rows, size=BATCH):
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def forward(apps, schema_editor):
    Appointment = apps.get_model("support", "Appointment")
    Episode = apps.get_model("support", "Episode")
    Note = apps.get_model("journal", "Note")
    Occasion = apps.get_model("activities", "Occasion")
    OccasionStaff = apps.get_model("activities", "OccasionStaff")
    Participation = apps.get_model("activities", "Participation")
    StaffProfile = apps.get_model("accounts", "StaffProfile")
    db = schema_editor.connection.alias

    episodes = {pk: (offer, unit) for pk, offer, unit in
                Episode.objects.using(db).values_list("pk", "offer_id", "unit_id")}
    first_unit: dict[int, int] = {}
    for user_id, unit_id in (StaffProfile.units.through.objects.using(db).order_by("unit_id")
                             .values_list("staffprofile__user_id", "unit_id")):
        first_unit.setdefault(user_id, unit_id)

    # 1. Appointments: occasions with their worker and the citizen, planned or cancelled.
    appointments = list(Appointment.objects.using(db).order_by("pk"))
    by_appointment: dict[int, tuple] = {}  # appointment id -> (occasion, participation)
    for chunk in _chunks(appointments):
        occasions = []
        for a in chunk:
            offer, unit = episodes.get(a.episode_id, (None, None))
            occasions.append(Occasion(
                municipality_id=a.municipality_id, kind=a.kind if a.kind in KINDS else "home_visit",
                offer_id=offer, unit_id=unit or first_unit.get(a.worker_id), starts_at=a.starts_at, ends_at=a.ends_at,
                place=a.place, status="cancelled" if a.status == "cancelled" else "planned",
                cancel_reason=a.cancel_reason, series=a.series, created_by_id=a.created_by_id, version=a.version))
        occasions = Occasion.objects.using(db).bulk_create(occasions)
        OccasionStaff.objects.using(db).bulk_create(
            OccasionStaff(municipality_id=a.municipality_id, occasion_id=o.pk, user_id=a.worker_id)
            for a, o in zip(chunk, occasions, strict=True))
        participations = Participation.objects.using(db).bulk_create(
            Participation(municipality_id=a.municipality_id, occasion_id=o.pk, citizen_id=a.citizen_id,
                          offer_id=episodes.get(a.episode_id, (None, None))[0],
                          status="cancelled" if a.status == "cancelled" else "planned",
                          minutes=0 if a.status == "cancelled" else None)
            for a, o in zip(chunk, occasions, strict=True))
        for a, o, p in zip(chunk, occasions, participations, strict=True):
            by_appointment[a.pk] = (o, p)

    # 2. Notes: one participation per chain of versions, decided by the newest version.
    notes = list(Note.objects.using(db).order_by("pk").values(
        "pk", "replaces_id", "municipality_id", "citizen_id", "author_id", "episode_id", "appointment_id", "kind",
        "occurred_at", "minutes"))
    successor = {n["replaces_id"]: n["pk"] for n in notes if n["replaces_id"]}
    by_pk = {n["pk"]: n for n in notes}
    chains = []  # (newest version, [pks of the chain])
    for n in notes:
        if n["replaces_id"] is None:
            chain = [n["pk"]]
            while chain[-1] in successor:
                chain.append(successor[chain[-1]])
            chains.append((by_pk[chain[-1]], chain))

    participation_of_note: dict[int, int] = {}
    contacts = []  # chains that become contacts of their own
    for newest, chain in chains:
        appointment = next((by_pk[pk]["appointment_id"] for pk in chain if by_pk[pk]["appointment_id"]), None)
        if appointment is None or appointment not in by_appointment:
            contacts.append((newest, chain))
            continue
        occasion, participation = by_appointment.pop(appointment)
        status = newest["kind"] if newest["kind"] in NOT_HELD else "attended"
        participation.status = status
        participation.minutes = newest["minutes"] if status == "attended" else 0
        if newest["episode_id"] in episodes:
            participation.offer_id = episodes[newest["episode_id"]][0]
        participation.save(update_fields=["status", "minutes", "offer"])
        if occasion.status != "cancelled":
            occasion.status = "held" if status == "attended" else "not_held"
            if status == "attended":
                occasion.starts_at = newest["occurred_at"]
                occasion.ends_at = newest["occurred_at"] + datetime.timedelta(minutes=max(newest["minutes"], 1))
                occasion.kind = newest["kind"] if newest["kind"] in KINDS else occasion.kind
            occasion.save(update_fields=["status", "starts_at", "ends_at", "kind"])
        for pk in chain:
            participation_of_note[pk] = participation.pk

    # Contacts of their own; group sessions by one author at one moment are one occasion.
    groups: dict[tuple, list] = defaultdict(list)
    for newest, chain in contacts:
        if newest["kind"] == "group_session":
            key = ("group", newest["municipality_id"], newest["author_id"], newest["occurred_at"])
        else:
            key = ("single", newest["pk"])
        groups[key].append((newest, chain))
    members = []  # (occasion index, newest, chain)
    occasions = []
    for group in groups.values():
        seen: set[int] = set()
        current = None
        for newest, chain in group:
            if current is None or newest["citizen_id"] in seen:  # a citizen is in an occasion once
                offer, unit = episodes.get(newest["episode_id"], (None, None))
                length = max((n["minutes"] for n, _c in group), default=0) if newest["kind"] == "group_session" \
                    else newest["minutes"]
                attended = any(n["kind"] not in NOT_HELD for n, _c in group)
                occasions.append(Occasion(
                    municipality_id=newest["municipality_id"],
                    kind=newest["kind"] if newest["kind"] in KINDS else "home_visit", offer_id=offer,
                    unit_id=unit or first_unit.get(newest["author_id"]), starts_at=newest["occurred_at"],
                    ends_at=newest["occurred_at"] + (datetime.timedelta(minutes=length) if length else NOMINAL),
                    status="held" if attended else "not_held", created_by_id=newest["author_id"]))
                current, seen = len(occasions) - 1, set()
            seen.add(newest["citizen_id"])
            members.append((current, newest, chain))
    for chunk_start in range(0, len(occasions), BATCH):
        chunk = occasions[chunk_start:chunk_start + BATCH]
        occasions[chunk_start:chunk_start + BATCH] = Occasion.objects.using(db).bulk_create(chunk)
    OccasionStaff.objects.using(db).bulk_create(
        (OccasionStaff(municipality_id=o.municipality_id, occasion_id=o.pk, user_id=o.created_by_id)
         for o in occasions), batch_size=BATCH)
    participations = [Participation(
        municipality_id=newest["municipality_id"], occasion_id=occasions[i].pk, citizen_id=newest["citizen_id"],
        offer_id=episodes.get(newest["episode_id"], (None, None))[0],
        status=newest["kind"] if newest["kind"] in NOT_HELD else "attended",
        minutes=0 if newest["kind"] in NOT_HELD else newest["minutes"]) for i, newest, _chain in members]
    for chunk_start in range(0, len(participations), BATCH):
        chunk = participations[chunk_start:chunk_start + BATCH]
        participations[chunk_start:chunk_start + BATCH] = Participation.objects.using(db).bulk_create(chunk)
    for (_i, _newest, chain), participation in zip(members, participations, strict=True):
        for pk in chain:
            participation_of_note[pk] = participation.pk

    Note.objects.using(db).bulk_update(
        [Note(pk=note_pk, participation_id=participation_pk) for note_pk, participation_pk in
         participation_of_note.items()], ["participation"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("activities", "0001_initial"),
        ("journal", "0004_note_participation"),
        ("support", "0002_plan_moves_to_plans"),
    ]

    operations = [migrations.RunPython(forward)]  # one way: the notes lose their minutes in 0006
