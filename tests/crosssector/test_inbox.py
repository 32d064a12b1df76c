"""The inbox: every activity code on a stay, revisions and cancellations, the legal filter, idempotence,
ordering, hostile input and the coordinator's tasks."""

import datetime
import json

import pytest
from django.db import connection

from tovholder.audit.models import AuditEvent
from tovholder.crosssector import bundles, services
from tovholder.crosssector.models import Activity, Admission, AdmissionEvent, Receipt, Share
from tovholder.crosssector.transport import Incoming
from tovholder.todo.models import Task

from .conftest import deliver

A = Activity
S = Admission.State
H = datetime.timedelta(hours=1)


@pytest.fixture
def stay(world, sw, cross):  # Anna has § 85 support (sw's grant) and own_worker as coordinator
    return cross.stay(world.anna)


def send(stay, activity, hours, **kw):
    return deliver(bundles.notification(stay, activity, at=stay.admitted_at + hours * H, **kw))


def admission(stay) -> Admission:
    return Admission.objects.get(episode_identifier__endswith=stay.episode)


def test_admission_inpatient_flags_the_stay_and_gives_the_coordinator_a_task(world, stay, cross):
    receipt = send(stay, A.ADMIT_INPATIENT, 0)
    assert receipt.outcome == Receipt.Outcome.ACCEPTED and receipt.municipality == world.ballerup
    a = admission(stay)
    assert (a.state, a.kind, a.citizen, a.ward) == (S.ADMITTED, Admission.Kind.INPATIENT, world.anna, cross.ward)
    assert a.admitted_at == stay.admitted_at
    task = Task.objects.get(citizen=world.anna, source=services.TASK_ADMITTED)
    assert task.assignee == world.own_worker and task.title == services.ADMITTED_TITLE
    share = Share.objects.get(citizen=world.anna)
    assert share.partner == cross.ward and share.basis == cross.basis and share.direction == "in"
    cross.ward.refresh_from_db()
    event = AuditEvent.objects.get(action="admission.notification_received")
    assert event.actor == cross.ward.user and event.citizen_id == world.anna.pk


def test_acute_ambulant(world, cross, sw):
    stay = cross.stay(world.anna, emergency=True)
    send(stay, A.ADMIT_EMERGENCY, 0)
    assert (admission(stay).state, admission(stay).kind) == (S.ADMITTED, Admission.Kind.EMERGENCY)
    send(stay, A.REVISE_ADMIT_EMERGENCY, 1)
    send(stay, A.DISCHARGE_EMERGENCY, 5, discharged_at=stay.admitted_at + 5 * H)
    assert admission(stay).state == S.DISCHARGED
    send(stay, A.REVISE_DISCHARGE_EMERGENCY, 6, discharged_at=stay.admitted_at + 4 * H)
    assert admission(stay).discharged_at == stay.admitted_at + 4 * H
    send(stay, A.CANCEL_DISCHARGE_EMERGENCY, 7)
    assert admission(stay).state == S.ADMITTED and admission(stay).discharged_at is None
    send(stay, A.CANCEL_ADMIT_EMERGENCY, 8)
    assert admission(stay).state == S.CANCELLED and admission(stay).admitted_at is None


def test_leave_end_leave_discharge_and_their_revisions_and_cancellations(world, stay):
    send(stay, A.ADMIT_INPATIENT, 0)
    send(stay, A.REVISE_ADMIT_INPATIENT, 1)  # the admission's time corrected
    send(stay, A.START_LEAVE, 10, leave_start=stay.admitted_at + 10 * H)
    assert admission(stay).state == S.ON_LEAVE
    send(stay, A.REVISE_START_LEAVE, 11, leave_start=stay.admitted_at + 9 * H)
    assert admission(stay).leave_started_at == stay.admitted_at + 9 * H
    send(stay, A.CANCEL_START_LEAVE, 12)
    assert admission(stay).state == S.ADMITTED and admission(stay).leave_started_at is None
    send(stay, A.START_LEAVE, 13, leave_start=stay.admitted_at + 13 * H)
    send(stay, A.END_LEAVE, 20, leave_start=stay.admitted_at + 13 * H, leave_end=stay.admitted_at + 20 * H)
    assert admission(stay).state == S.ADMITTED and admission(stay).leave_ended_at == stay.admitted_at + 20 * H
    send(stay, A.REVISE_END_LEAVE, 21, leave_start=stay.admitted_at + 13 * H, leave_end=stay.admitted_at + 19 * H)
    assert admission(stay).leave_ended_at == stay.admitted_at + 19 * H
    send(stay, A.CANCEL_END_LEAVE, 22)
    assert admission(stay).state == S.ON_LEAVE and admission(stay).leave_ended_at is None
    send(stay, A.END_LEAVE, 23, leave_end=stay.admitted_at + 23 * H)
    send(stay, A.DISCHARGE_INPATIENT, 26, discharged_at=stay.admitted_at + 26 * H)
    a = admission(stay)
    assert a.state == S.DISCHARGED and a.discharged_at == stay.admitted_at + 26 * H
    follow = Task.objects.get(citizen=world.anna, source=services.TASK_DISCHARGED)
    assert follow.title == services.DISCHARGED_TITLE and follow.assignee == world.own_worker
    send(stay, A.REVISE_DISCHARGE_INPATIENT, 27, discharged_at=stay.admitted_at + 25 * H)
    assert admission(stay).discharged_at == stay.admitted_at + 25 * H
    send(stay, A.CANCEL_DISCHARGE_INPATIENT, 28)
    assert admission(stay).state == S.ADMITTED and admission(stay).discharged_at is None
    assert AdmissionEvent.objects.filter(admission=a).count() == 13


def test_a_cancelled_admission_restores_the_state_before_it(world, stay):
    send(stay, A.ADMIT_INPATIENT, 0)
    send(stay, A.CANCEL_ADMIT_INPATIENT, 1)
    assert admission(stay).state == S.CANCELLED and not admission(stay).is_open


def test_deceased(world, stay):
    send(stay, A.ADMIT_INPATIENT, 0)
    send(stay, A.DISCHARGE_INPATIENT, 3, discharged_at=stay.admitted_at + 3 * H, deceased=True)
    assert admission(stay).state == S.DECEASED
    assert Task.objects.filter(citizen=world.anna, source=services.TASK_DECEASED).exists()
    assert not Task.objects.filter(citizen=world.anna, source=services.TASK_DISCHARGED).exists()


def test_the_same_bundle_twice_is_stored_once(world, stay):
    bundle = bundles.notification(stay, A.ADMIT_INPATIENT, at=stay.admitted_at)
    assert deliver(bundle).outcome == Receipt.Outcome.ACCEPTED
    assert deliver(bundle).outcome == Receipt.Outcome.DUPLICATE
    assert AdmissionEvent.objects.count() == 1 and Task.objects.filter(source=services.TASK_ADMITTED).count() == 1


def test_a_discharge_before_the_admission_is_held_and_applied_in_order(world, stay):
    admit = bundles.notification(stay, A.ADMIT_INPATIENT, at=stay.admitted_at)
    discharge = bundles.notification(stay, A.DISCHARGE_INPATIENT, at=stay.admitted_at + 5 * H,
                                     discharged_at=stay.admitted_at + 5 * H)
    assert deliver(discharge).outcome == Receipt.Outcome.HELD
    assert admission(stay).state == S.WAITING and admission(stay).held == 1
    assert deliver(admit).outcome == Receipt.Outcome.ACCEPTED
    a = admission(stay)
    assert (a.state, a.held, a.admitted_at) == (S.DISCHARGED, 0, stay.admitted_at)
    assert Task.objects.filter(source=services.TASK_DISCHARGED).count() == 1


def test_without_support_the_notification_is_only_counted(world, cross, sw):
    stay = cross.stay(world.bo)  # Bo is known to a team but has no grant or episode
    receipt = deliver(bundles.notification(stay, A.ADMIT_INPATIENT, at=stay.admitted_at))
    assert receipt.outcome == Receipt.Outcome.DISCARDED and receipt.reason == ""
    assert not Admission.objects.exists() and not AdmissionEvent.objects.exists() and not Share.objects.exists()
    assert not Task.objects.exists()
    row = Receipt.objects.values().get()
    assert world.bo.cpr not in json.dumps(row, default=str) and "Hansen" not in json.dumps(row, default=str)


def test_support_under_a_paragraph_outside_the_basis_is_not_enough(world, cross, sw):
    from tovholder.support.models import Episode

    Episode.objects.create(municipality=world.ballerup, citizen=world.bo, offer=sw.group, worker=world.other_worker,
                           started_on=datetime.date(2025, 1, 1), created_by=world.other_worker)  # § 82 a
    stay = cross.stay(world.bo)
    assert deliver(bundles.notification(stay, A.ADMIT_INPATIENT, at=stay.admitted_at)).outcome == "discarded"
    Episode.objects.create(municipality=world.ballerup, citizen=world.bo, offer=sw.komp, worker=world.other_worker,
                           started_on=datetime.date(2025, 1, 1), created_by=world.other_worker)  # § 85
    stay = cross.stay(world.bo)
    assert deliver(bundles.notification(stay, A.ADMIT_INPATIENT, at=stay.admitted_at)).outcome == "accepted"


def test_an_unknown_citizen_is_discarded(world, cross, sw):
    stay = bundles.Stay(cpr="0505055555", family="Ukendt", given="Uma", ward=cross.ward_org, receiver=cross.own_org,
                        admitted_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    assert deliver(bundles.notification(stay, A.ADMIT_INPATIENT, at=stay.admitted_at)).outcome == "discarded"


def test_a_consent_lets_a_notification_in_without_support(world, cross, sw):
    from tovholder.crosssector.models import PartnerConsent

    PartnerConsent.objects.create(municipality=world.ballerup, citizen=world.bo, partner=cross.ward,
                                  purpose="notification", given_on=datetime.date(2025, 1, 1),
                                  recorded_by=world.other_worker)
    stay = cross.stay(world.bo)
    assert deliver(bundles.notification(stay, A.ADMIT_INPATIENT, at=stay.admitted_at)).outcome == "accepted"
    assert Share.objects.get().consent is not None


@pytest.mark.parametrize("case, reason", [
    ("other_municipality", services.OTHER_MUNICIPALITY),
    ("wrong_name", services.NAME_MISMATCH),
    ("unknown_receiver", services.UNKNOWN_RECEIVER),
    ("unknown_sender", services.UNKNOWN_SENDER),
])
def test_hostile_bundles_are_refused_with_a_stored_reason(world, cross, sw, case, reason):
    citizen = world.herlev_citizen if case == "other_municipality" else world.anna
    stay = cross.stay(citizen)
    if case == "wrong_name":
        stay.family, stay.given = "Andersen", "Mette"
    if case == "unknown_receiver":
        stay.receiver = bundles.Org("Et andet sted", sor="999999999999999")
    if case == "unknown_sender":
        stay.ward = bundles.Org("Ukendt afdeling", sor="888888888888888")
    receipt = deliver(bundles.notification(stay, A.ADMIT_INPATIENT, at=stay.admitted_at))
    assert (receipt.outcome, receipt.reason) == (Receipt.Outcome.REFUSED, reason)
    assert not AdmissionEvent.objects.exists() and not Task.objects.exists() and not Share.objects.exists()


@pytest.mark.parametrize("data", [b"{ikke json", b"\x00" * 10, json.dumps({"resourceType": "Bundle"}).encode(),
                                  b'{"resourceType": "Bundle", "type": "message", "entry": "x"}'])
def test_malformed_bundles_are_refused(world, cross, data):
    receipt = deliver(data)
    assert receipt.outcome == Receipt.Outcome.REFUSED and receipt.reason
    assert not AdmissionEvent.objects.exists()


def test_a_50_mb_bundle_is_refused_unread(world, cross, tmp_path, settings):
    from tovholder.crosssector.transport import FolderTransport

    settings.MEDCOM_FOLDER = tmp_path
    transport = FolderTransport()
    with (transport.folder("ind") / "stor.json").open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    counts = services.receive_all(transport)
    assert counts == {"refused": 1}
    assert "større end grænsen" in Receipt.objects.get().reason
    assert (tmp_path / "afvist" / "stor.json").exists()


def test_the_events_are_append_only(world, stay):
    send(stay, A.ADMIT_INPATIENT, 0)
    with pytest.raises(Exception), connection.cursor() as cursor:  # noqa: B017 - the database refuses
        cursor.execute("UPDATE crosssector_admissionevent SET activity = 'x'")


def test_receive_command_reads_the_folder(world, stay, tmp_path, settings):
    from django.core.management import call_command

    settings.MEDCOM_FOLDER = tmp_path
    inbox = tmp_path / "ind"
    inbox.mkdir()
    (inbox / "1.json").write_text(json.dumps(bundles.notification(stay, A.ADMIT_INPATIENT, at=stay.admitted_at)))
    (inbox / "2.json").write_text("not json")
    call_command("receive_medcom")
    assert admission(stay).state == S.ADMITTED
    assert sorted(p.name for p in (tmp_path / "behandlet").iterdir()) == ["1.json"]
    assert Incoming  # the transport's item type is what the inbox takes
