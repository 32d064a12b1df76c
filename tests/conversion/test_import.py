"""The import of issue 19.5: each kind of row, each refusal, idempotence, the dry run, another municipality."""

import pytest
from django.apps import apps

from tovholder.audit.models import AccessEvent, AuditEvent
from tovholder.citizens.models import Citizen, Consent, Relative
from tovholder.conversion import services
from tovholder.conversion.models import ImportedRecord, ImportRun
from tovholder.plans.models import Goal, Plan
from tovholder.visitation.models import Case, Decision, WaitlistEntry

from .conftest import ago, ahead, citizen, document, full_citizen


def run(actor, data: bytes, *, dry_run=False, name="nexus.json") -> ImportRun:
    started = services.start_import(actor=actor, file_name=name, data=data, dry_run=dry_run)
    started.refresh_from_db()
    assert started.status == ImportRun.Status.DONE, started.error
    return started


def refused(result: ImportRun) -> dict[str, str]:
    return {row["id"]: row["message"] for row in result.report if row["outcome"] == "refused"}


def test_every_kind_of_row_is_created_through_the_services(world, sw, importer):
    result = run(importer, document(full_citizen(status="active")))
    assert refused(result) == {}
    assert (result.created, result.unchanged, result.refused, result.total) == (8, 0, 0, 8)
    mette = Citizen.objects.get(municipality=world.ballerup, cpr="1105821234")
    relative = Relative.objects.get(citizen=mette)
    assert {c.scope: c.withdrawn_on is not None for c in Consent.objects.filter(relative=relative)} == {
        "general": False, "plan": True}
    case = Case.objects.get(citizen=mette)
    assert case.number == "NX-NX-1" and case.caseworker == importer
    decision = Decision.objects.get(case=case)
    assert decision.status == Decision.Status.ACTIVE and decision.offer == sw.skp
    goal = Goal.objects.get(citizen=mette)
    assert goal.decision == decision and Plan.objects.get(citizen=mette).aim == "At klare mig selv"
    # everything is audited in the importer's name
    actions = set(AuditEvent.objects.filter(citizen_id=mette.pk).values_list("action", flat=True))
    assert {"citizen.created", "relative.added", "consent.given", "consent.withdrawn", "case.opened",
            "decision.granted", "decision.activated", "goal.added"} <= actions
    assert set(AuditEvent.objects.filter(citizen_id=mette.pk).values_list("actor_id", flat=True)) == {importer.pk}
    assert ImportedRecord.objects.filter(run=result).count() == 8
    assert result.content == ""  # the file is not kept once the run has finished


def test_an_open_waitlist_entry_is_brought_over(world, sw, importer):
    entry = full_citizen(status="waiting")
    entry["cases"][0]["decisions"][0]["waitlisted_on"] = ago(175)
    result = run(importer, document(entry))
    assert refused(result) == {}
    waiting = WaitlistEntry.objects.get(citizen__cpr="1105821234")
    assert waiting.offer == sw.skp and waiting.removed_on is None and str(waiting.added_on) == ago(175)


def test_a_second_run_creates_nothing_and_changes_nothing(world, sw, importer):
    data = document(full_citizen(), full_citizen("NX-2", "1206831235"))
    first = run(importer, data)
    assert first.created == 16
    rows = {m._meta.label: m.objects.count() for m in (Citizen, Relative, Consent, Case, Decision, Plan, Goal)}
    audits = AuditEvent.objects.exclude(action__startswith="import_run.").count()
    second = run(importer, data)
    assert (second.created, second.unchanged, second.refused) == (0, 16, 0)
    assert rows == {m._meta.label: m.objects.count() for m in (Citizen, Relative, Consent, Case, Decision, Plan, Goal)}
    assert AuditEvent.objects.exclude(action__startswith="import_run.").count() == audits
    # a later export with one new relative: only that is created
    grown = full_citizen()
    grown["relatives"].append({"id": "NX-1-R2", "name": "Ole Sørensen", "relation": "bror"})
    third = run(importer, document(grown))
    assert (third.created, third.unchanged) == (1, 8)


def _snapshot():
    rows = {}
    for model in apps.get_models():
        if model.__module__.startswith("tovholder.") and model not in (AccessEvent, AuditEvent, ImportRun):
            rows[model._meta.label] = sorted(model.objects.values_list(), key=repr)
    return rows


def test_a_dry_run_writes_nothing_and_reports_what_would_happen(world, sw, importer):
    before = _snapshot()
    bad = citizen("NX-9", "3213821234")
    result = run(importer, document(full_citizen(), bad), dry_run=True)
    assert _snapshot() == before
    assert (result.created, result.refused) == (8, 1)
    assert "fødselsdato" in refused(result)["NX-9"]
    assert {r["outcome"] for r in result.report if r["id"] != "NX-9"} == {"created"}
    # and the import of the same file does what the dry run said
    real = run(importer, document(full_citizen(), bad))
    assert (real.created, real.refused) == (8, 1)


@pytest.mark.parametrize("change, expected", [
    ({"cpr": "1234"}, "10 cifre"),
    ({"cpr": "3213821234"}, "fødselsdato"),
    ({"municipality_code": "163"}, "anden kommune"),
    ({"first_name": "<b>Mette</b>"}, "< og >"),
    ({"first_name": "M" * 10_000}, "10000 tegn"),
    ({"known_from": "0001-01-01"}, "år 1900"),
    ({"known_from": "9999-12-31"}, "fremtiden"),
    ({"known_from": "2024-02-30"}, "findes ikke"),
    ({"first_name": {"a": [1, [2, [3]]]}}, "skal være tekst"),
    ({"id": ""}, "mangler sit id"),
])
def test_a_bad_citizen_row_is_refused_and_the_rest_goes_in(world, sw, importer, change, expected):
    result = run(importer, document({**citizen("NX-BAD", "1206831235"), **change}, full_citizen()))
    messages = [r["message"] for r in result.report if r["outcome"] == "refused"]
    assert len(messages) == 1 and expected in messages[0], messages
    assert Citizen.objects.filter(cpr="1105821234").exists()
    assert not Citizen.objects.filter(cpr="1206831235").exists()


def _decision(**change) -> dict:
    entry = full_citizen()
    entry["cases"][0]["decisions"][0].update(change)
    return entry


@pytest.mark.parametrize("change, expected", [
    ({"offer": "Findes ikke"}, "findes ikke i kommunens katalog"),
    ({"decided_on": ago(195)}, "før ansøgningen"),
    ({"start_on": ago(185)}, "før afgørelsen"),
    ({"status": "ended"}, "Status skal være"),
    ({"review_on": "9999-01-01"}, "for langt ude"),
    ({"reasons": "kort"}, "mindst 20 tegn"),
    ({"requested_on": ahead(3)}, "fremtiden"),
])
def test_a_bad_decision_is_refused_and_its_goal_with_it(world, sw, importer, change, expected):
    result = run(importer, document(_decision(**change)))
    reasons = refused(result)
    assert expected in reasons["NX-1-D1"], reasons
    assert "NX-1-G1" in reasons  # the goal names the refused decision
    assert set(reasons) == {"NX-1-D1", "NX-1-G1"}
    assert Case.objects.filter(citizen__cpr="1105821234").exists()


def test_a_refused_citizen_refuses_its_rows_with_the_reason(world, sw, importer):
    result = run(importer, document(full_citizen(cpr="0000000000")))
    assert result.refused == 8 and result.created == 0
    assert all("Borgeren blev ikke indlæst" in m for k, m in refused(result).items() if k != "NX-1")


def test_consent_dates_in_the_wrong_order_and_unknown_scope(world, sw, importer):
    entry = full_citizen()
    entry["relatives"][0]["consents"][0].update(scope="alt")
    entry["relatives"][0]["consents"][1].update(withdrawn_on=ago(400))
    reasons = refused(run(importer, document(entry)))
    assert "omfang" in reasons["NX-1-S1"] and "forkert rækkefølge" in reasons["NX-1-S2"]


def test_a_second_open_case_and_a_duplicate_id_are_refused(world, sw, importer):
    entry = full_citizen()
    entry["cases"].append({"id": "NX-1-C2", "opened_on": ago(10)})
    twin = citizen("NX-1", "1206831235")
    reasons = refused(run(importer, document(entry, twin)))
    assert "allerede en åben sag" in reasons["NX-1-C2"] and "mere end én gang" in reasons["NX-1"]


def test_a_citizen_already_registered_by_hand_is_not_duplicated(world, sw, importer):
    reasons = refused(run(importer, document(citizen("NX-A", world.anna.cpr))))
    assert "findes allerede" in reasons["NX-A"]
    assert Citizen.objects.filter(municipality=world.ballerup, cpr=world.anna.cpr).count() == 1


def test_the_other_municipality_is_untouched(world, sw, importer):
    """A CPR known in Herlev is a separate citizen in Ballerup (the import never looks into another tenant);
    a file of Herlev's citizens is refused row by row."""
    herlev = world.herlev_citizen
    result = run(importer, document(citizen("NX-H", herlev.cpr), code="151"))
    assert result.created == 1
    herlev.refresh_from_db()
    assert herlev.municipality == world.herlev and herlev.first_name == "Hanne"
    other = run(importer, document(citizen("NX-H2", "1206831235", municipality_code=None), code="163"))
    assert other.refused == 1 and "anden kommune" in refused(other)["NX-H2"]


def test_an_unreadable_file_is_refused_whole_and_nothing_is_stored(world, importer):
    from django.core.exceptions import ValidationError

    for data in (b"", b"\xff\xfe not utf-8", b"{" * 100 + b"}" * 100, b"[1, 2", b'{"citizens": 3}',
                 b"just,some\ncsv,file"):
        with pytest.raises(ValidationError):
            services.start_import(actor=importer, file_name="x.json", data=data, dry_run=True)
    assert ImportRun.objects.count() == 0


def test_csv_citizens_then_relatives(world, importer):
    citizens = ("id;cpr;first_name;last_name;municipality_code;known_from\r\n"
                f"C1;1105821234;Mette;Sørensen;151;{ago(30)}\r\nC2;12345;Bo;Ib;151;\r\n").encode()
    first = run(importer, citizens, name="borgere.csv")
    assert (first.created, first.refused) == (1, 1) and first.fmt == "csv"
    relatives = ("id,citizen_id,name,relation,consents,consent_given_on\n"
                 f"R1,C1,Birthe Sørensen,mor,general|contact,{ago(10)}\nR2,C2,Ole,far,,\n").encode()
    second = run(importer, relatives, name="paaroerende.csv")
    assert (second.created, second.refused) == (3, 1)
    assert "ikke indlæst" in refused(second)["R2"]
    assert Consent.objects.filter(citizen__cpr="1105821234").count() == 2


def test_only_the_import_role_may_import(world, importer):
    from django.core.exceptions import PermissionDenied

    for user in (world.caseworker, world.manager, world.own_worker):
        with pytest.raises(PermissionDenied):
            services.start_import(actor=user, file_name="x.json", data=document(citizen()), dry_run=True)
