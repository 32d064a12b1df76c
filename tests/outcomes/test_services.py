"""Recording measurements, corrections, goal attainment and importing instruments: happy paths,
hostile input (nothing saved), need to know and the audit trail."""

import copy
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tovholder.audit.models import AuditEvent
from tovholder.outcomes import services
from tovholder.outcomes.models import Instrument, InstrumentVersion, Measurement, Score
from tovholder.plans.models import Goal, Plan
from tovholder.visitation.models import Assessment, Case, ConditionScore

from .conftest import measure, who5

ECONOMY = "70443014-3faf-402d-abcf-396bfad32eb9"  # FFB: Varetage økonomi
COOKING = "b947f321-7cdb-4b33-9653-f3ff800572b0"  # FFB: Lave mad
DEVELOP = "d41c8072-52f8-42b5-9375-ddbea454d27f"  # FFB goal type: Udvikle funktionsevne


def _nothing_saved():
    assert not Measurement.objects.exists() and not Score.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="measurement").exists()


def test_record_who5_with_audit(world, versions):
    m = measure(world, versions["who5"], answers=who5([3, 4, 2, 3, 3]), answered_by="citizen", note="  God snak ")
    assert m.unit == world.skp and m.recorded_by == world.own_worker and m.note == "God snak"
    assert dict(m.scores.values_list("area_key", "value")) == who5([3, 4, 2, 3, 3])
    event = AuditEvent.objects.get(action="measurement.recorded")
    assert event.citizen == world.anna and event.detail["redskab"] == "who5"


@pytest.mark.parametrize(("answers", "message"), [
    (who5([3, 3, 3, 3, 6]), "Svaret skal ligge mellem 0 og 5; 6 er uden for skalaen."),
    (who5([3, 3, 3, 3, -1]), "uden for skalaen"),
    ({**who5([3, 3, 3, 3, 3]), "interesse": "fem"}, "Svaret skal være et helt tal."),
    ({**who5([3, 3, 3, 3, 3]), "interesse": 2.5}, "Svaret skal være et helt tal."),
    ({**who5([3, 3, 3, 3, 3]), "ukendt": 2}, "Området 'ukendt' findes ikke"),
    ({"glad": 3, "rolig": 3}, "skal besvares helt. Mangler"),
    ({}, "Besvar mindst ét område."),
])
def test_bad_answers_are_refused(world, versions, answers, message):
    with pytest.raises(ValidationError) as exc:
        measure(world, versions["who5"], answers=answers)
    assert message in " ".join(exc.value.messages)
    _nothing_saved()


@pytest.mark.parametrize(("field", "value", "message"), [
    ("measured_on", "future", "fremtiden"),
    ("measured_on", datetime.date(1985, 1, 1), "før borgeren blev født"),
    ("answered_by", "hunden", "Vælg hvem der svarede."),
    ("note", "x" * 10_000, "højst være 2000 tegn"),
])
def test_bad_fields_are_refused(world, versions, field, value, message):
    if value == "future":
        value = timezone.localdate() + datetime.timedelta(days=1)
    kwargs = {"day": value} if field == "measured_on" else {field: value}
    with pytest.raises(ValidationError, match=message):
        measure(world, versions["who5"], **kwargs)
    _nothing_saved()


def test_script_in_the_note_is_kept_as_text(world, versions, client):
    m = measure(world, versions["who5"], note="<script>alert('x')</script>")
    client.force_login(world.own_worker)
    html = client.get(f"/effekt/borger/{world.anna.pk}/maaling/{m.pk}/").content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;" in html


def test_a_retired_version_cannot_be_answered(world, versions):
    old = versions["who5"]
    InstrumentVersion.objects.filter(pk=old.pk).update(retired_at=timezone.now())
    with pytest.raises(ValidationError, match="er udgået"):
        measure(world, InstrumentVersion.objects.get(pk=old.pk))
    _nothing_saved()


@pytest.mark.parametrize(("user", "citizen", "error"), [
    ("other_worker", "anna", PermissionDenied),  # no need to know
    ("manager", "anna", PermissionDenied),  # sees, but the role does not record
    ("caseworker", "anna", PermissionDenied),  # would need to break the glass; writing never through it
    ("herlev_worker", "anna", PermissionDenied),  # other municipality
    ("admin", "anna", PermissionDenied),
])
def test_who_may_record(world, versions, user, citizen, error):
    with pytest.raises(error):
        measure(world, versions["who5"], getattr(world, citizen), actor=getattr(world, user))
    _nothing_saved()


def test_the_municipality_of_an_instrument_is_checked(world, versions):
    data = copy.deepcopy(versions["recovery-kompas"].definition) | {"key": "herlevs-eget"}
    herlev_admin = world.herlev_worker
    herlev_admin.groups.add(*world.admin.groups.all())
    version = services.import_instrument(actor=herlev_admin, data=data)
    with pytest.raises(PermissionDenied, match="en anden kommune"):
        measure(world, version, answers={"haab": 5})
    _nothing_saved()


def test_a_correction_keeps_the_original_and_only_once(world, versions):
    first = measure(world, versions["who5"], answers=who5([1, 1, 1, 1, 1]))
    fixed = measure(world, versions["who5"], answers=who5([2, 2, 2, 2, 2]), replaces=first)
    assert fixed.replaces == first and Measurement.objects.count() == 2
    assert AuditEvent.objects.filter(action="measurement.corrected", detail__retter=first.pk).exists()
    with pytest.raises(ValidationError, match="allerede rettet"):
        measure(world, versions["who5"], answers=who5([3, 3, 3, 3, 3]), replaces=first)
    with pytest.raises(ValidationError, match="samme måleredskab"):
        measure(world, versions["recovery-kompas"], answers={"haab": 3}, replaces=fixed)
    assert Measurement.objects.count() == 2


def test_import_creates_a_new_version_and_old_answers_keep_theirs(world, versions):
    data = copy.deepcopy(versions["recovery-kompas"].definition) | {"key": "forandringskompas",
                                                                     "name": "Vores kompas"}
    v1 = services.import_instrument(actor=world.admin, data=data)
    m = measure(world, v1, answers={"haab": 4})
    data2 = copy.deepcopy(data)
    data2["areas"][1]["label"] = "Håb"
    v2 = services.import_instrument(actor=world.admin, data=data2)
    v1.refresh_from_db()
    assert (v1.number, v2.number) == (1, 2) and v1.retired_at is not None and v2.retired_at is None
    m.refresh_from_db()
    assert m.version == v1 and m.version.spec.area("haab").label == "Håb og optimisme"
    with pytest.raises(ValidationError, match="udgået"):
        measure(world, v1, answers={"haab": 5})
    with pytest.raises(ValidationError, match="magen til"):
        services.import_instrument(actor=world.admin, data=data2)
    assert AuditEvent.objects.filter(action="instrument.imported").count() == 2


def test_import_refuses_bad_files_and_shipped_keys(world, versions):
    bad = copy.deepcopy(versions["who5"].definition) | {"key": "eget"}
    bad["areas"][0]["label"] = "<i>glad</i>"
    with pytest.raises(ValidationError, match="HTML"):
        services.import_instrument(actor=world.admin, data=bad)
    with pytest.raises(ValidationError, match="følger med Tovholder"):
        services.import_instrument(actor=world.admin, data=copy.deepcopy(versions["who5"].definition))
    with pytest.raises(PermissionDenied):
        services.import_instrument(actor=world.own_worker, data=versions["who5"].definition | {"key": "x2"})
    assert not Instrument.objects.filter(municipality__isnull=False).exists()


def test_retire_an_own_instrument(world, versions):
    version = services.import_instrument(actor=world.admin, data=versions["who5"].definition | {"key": "w5"})
    services.retire_instrument(actor=world.admin, instrument=version.instrument)
    with pytest.raises(ValidationError, match="udgået"):
        measure(world, version)
    with pytest.raises(PermissionDenied):
        services.retire_instrument(actor=world.admin, instrument=versions["who5"].instrument)


def _goal(world, text="Jeg vil selv betale mine regninger", condition=ECONOMY, target=1):
    plan = Plan.objects.get_or_create(municipality=world.ballerup, citizen=world.anna,
                                      defaults={"updated_by": world.own_worker})[0]
    return Goal.objects.create(municipality=world.ballerup, plan=plan, citizen=world.anna, text=text,
                               goal_type=DEVELOP, condition=condition, target_level=target,
                               created_on=datetime.date(2025, 1, 10), created_by=world.own_worker)


def test_goal_attainment_per_goal(world, versions):
    goal = _goal(world)
    other = _goal(world, "Lave mad tre gange om ugen", COOKING, 2)
    m = services.record_goal_attainment(actor=world.own_worker, citizen=world.anna,
                                        measured_on=datetime.date(2025, 4, 1), attainment={goal.pk: -1, other.pk: 2})
    scores = {s.goal_id: (s.value, s.area_label) for s in m.scores.all()}
    assert scores == {goal.pk: (-1, goal.text), other.pk: (2, other.text)}
    assert m.version.spec.total({"a": -1, "b": 2}) == 0.5
    with pytest.raises(ValidationError, match="uden for skalaen"):
        services.record_goal_attainment(actor=world.own_worker, citizen=world.anna,
                                        measured_on=datetime.date(2025, 4, 1), attainment={goal.pk: 3})
    bo_plan = Plan.objects.create(municipality=world.ballerup, citizen=world.bo, updated_by=world.other_worker)
    bos = Goal.objects.create(municipality=world.ballerup, plan=bo_plan, citizen=world.bo, text="Bos mål",
                              goal_type=DEVELOP, created_on=datetime.date(2025, 1, 1), created_by=world.other_worker)
    with pytest.raises(ValidationError, match="findes ikke"):  # another citizen's goal
        services.record_goal_attainment(actor=world.own_worker, citizen=world.anna,
                                        measured_on=datetime.date(2025, 4, 1), attainment={bos.pk: 1})


def test_ffb_follow_up_uses_the_visitation_conditions(world, versions, client):
    case = Case.objects.create(municipality=world.ballerup, citizen=world.anna, caseworker=world.caseworker,
                               opened_on=datetime.date(2025, 1, 2))
    assessment = Assessment.objects.create(municipality=world.ballerup, case=case, citizen=world.anna,
                                           assessed_on=datetime.date(2025, 1, 5), assessed_by=world.caseworker)
    ConditionScore.objects.create(municipality=world.ballerup, assessment=assessment, condition=ECONOMY,
                                  functional_level=3)
    _goal(world)
    client.force_login(world.own_worker)
    html = client.get(f"/effekt/borger/{world.anna.pk}/ny/ffb-funktionsevne/").content.decode()
    assert "Varetage økonomi" in html and "Ved visitationen: Svært nedsat funktionsevne." in html
    assert "Mål: Let nedsat funktionsevne" in html
    assert 'name="a_' + COOKING not in html  # not chosen, but can be added
    html = client.get(f"/effekt/borger/{world.anna.pk}/ny/ffb-funktionsevne/?tilstand={COOKING}").content.decode()
    assert 'name="a_' + COOKING in html
    m = measure(world, versions["ffb-funktionsevne"], answers={ECONOMY: 2, COOKING: 1})
    assert m.version.spec.total({ECONOMY: 2}) is None  # a profile, no total
