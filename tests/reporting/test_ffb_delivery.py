# ruff: noqa: E501
"""KL's daily FFB delivery (ADR 0029): the worked case day by day, element by element."""

import datetime
import json

import pytest

from tests.reporting.ffb_case import WorkedCase, activity, code, day, function, status, support_need
from tovholder.audit.models import AuditEvent
from tovholder.reporting import ffb_bundle as fb
from tovholder.reporting.ffb_transport import FolderTransport
from tovholder.reporting.models import FfbBundle, FfbDelivery, FfbSent
from tovholder.reporting.services import run_delivery


@pytest.fixture
def folder(tmp_path):
    return FolderTransport(tmp_path)


def deliver(world, folder, n):
    return run_delivery(municipality=world.ballerup, until=day(n), transport=folder)


def casey_bundle(world, n):
    row = FfbBundle.objects.filter(citizen=world.casey, delivery__day=day(n)).order_by("-pk").first()
    return row.content if row else None


def by_type(bundle) -> dict:
    found: dict = {}
    for e in bundle["entry"]:
        found.setdefault(e["resource"]["resourceType"], []).append(e["resource"])
    return found


def counts(bundle) -> dict:
    return {k: len(v) for k, v in by_type(bundle).items()}


def ref(resource) -> str:
    return f"{resource['resourceType']}/{resource['id']}"


def profile(resource) -> str:
    return resource["meta"]["profile"][0].rsplit("/", 1)[1]


def coded(resource, field) -> str:
    return resource[field]["coding"][0]["code"]


def test_the_worked_case_day_by_day(world, sw, folder):
    case = WorkedCase(world, sw)
    mid = fb.resource_id("151", f"citizen:{world.casey.pk}")

    # day 1: the case and the assessment
    case.day1_assessment()
    deliver(world, folder, 1)
    b = casey_bundle(world, 1)
    assert b["type"] == "collection" and b["timestamp"] and profile(b) == "kl-reporting-ffb-deliveryReport"
    assert counts(b) == {"Patient": 1, "ServiceRequest": 1, "Condition": 3, "ClinicalImpression": 1,
                         "Observation": 1}
    t = by_type(b)
    patient = t["Patient"][0]
    assert b["entry"][0]["resource"] is patient or b["entry"][0]["resource"] == patient
    assert patient["id"] == mid and set(patient) == {"resourceType", "id", "meta", "identifier", "managingOrganization"}
    assert patient["identifier"] == [{"use": "official", "system": fb.CPR_SYSTEM, "value": "0303801236"}]
    assert patient["managingOrganization"]["identifier"]["value"] == "151"
    sr = t["ServiceRequest"][0]
    assert sr["status"] == "active" and sr["subject"]["reference"] == f"Patient/{mid}"
    assert sr["extension"][0]["extension"][0]["valueIdentifier"]["value"] == "S-2026-19"
    conditions = {coded(c, "code"): c for c in t["Condition"]}
    assert set(conditions) == {activity(0), activity(1), function(0)}
    assert coded(conditions[activity(0)], "severity") == fb.LEVEL_CODES[3]
    assert coded(conditions[activity(1)], "severity") == fb.LEVEL_CODES[2]
    assert "severity" not in conditions[function(0)]  # a level only on "Aktivitet og deltagelse"
    assert all(profile(c) == "kl-reporting-ffb-condition" for c in conditions.values())
    impression = t["ClinicalImpression"][0]
    assert impression["effectiveDateTime"] == day(1).isoformat()
    assert {f["itemReference"]["reference"] for f in impression["finding"]} == {ref(c) for c in conditions.values()}
    need = t["Observation"][0]
    assert coded(need, "valueCodeableConcept") == support_need("Moderat støttebehov")
    assert profile(need) == "kl-reporting-ffb-carePlanEvaluation"
    text = json.dumps(b, ensure_ascii=False)
    assert "svær tid" not in text and "Fri tekst" not in text and "Casey" not in text and '"text"' not in text
    assert all(e["resource"]["meta"]["lastUpdated"] for e in b["entry"])

    # day 2: target groups — only what changed (and the citizen) is sent
    case.day2_target_groups()
    deliver(world, folder, 2)
    b = casey_bundle(world, 2)
    assert counts(b) == {"Patient": 1, "Condition": 2}
    groups = {coded(c, "code"): c for c in by_type(b)["Condition"]}
    assert set(groups) == {code("Målgruppe", 0), code("Målgruppe", 1)}
    assert all(profile(c) == "kl-reporting-ffb-targetGroup" and "severity" not in c for c in groups.values())

    # day 3: two efforts with their services, goals and providers
    case.day3_efforts()
    deliver(world, folder, 3)
    b = casey_bundle(world, 3)
    t = by_type(b)
    plans = [c for c in t["CarePlan"] if profile(c) == "kl-reporting-ffb-carePlan"]
    interventions = [c for c in t["CarePlan"] if profile(c) == "kl-reporting-ffb-intervention"]
    assert len(plans) == 2 and len(interventions) == 3 and len(t["Goal"]) == 2 and len(t["Organization"]) == 2
    for plan in plans:
        assert plan["status"] == "active" and plan["period"] == {"start": day(3).isoformat()}
        assert plan["extension"][0]["extension"][0]["valueIdentifier"]["value"] == "S-2026-19"
        assert plan["activity"][0]["detail"]["scheduledPeriod"]["start"] == (day(3) + datetime.timedelta(days=90)).isoformat()
        assert [a["extension"][0]["valuePositiveInt"] for a in plan["addresses"]] == [1, 2]
        assert plan["activity"][0]["outcomeReference"][0]["reference"] == ref(need)
    assert sorted(coded(i["activity"][0]["detail"], "code") for i in interventions) == sorted(
        [code("Ydelse", 0), code("Ydelse", 1), code("Ydelse", 2)])
    assert all(i["period"] == {"start": day(3).isoformat()} and i["activity"][0]["detail"]["status"] == "in-progress"
               for i in interventions)
    assert {o["name"] for o in t["Organization"]} == {fb.ffb.display(code("Tilbud", 0)), fb.ffb.display(code("Tilbud", 1))}
    goal = next(g for g in t["Goal"] if g["target"][0]["detailCodeableConcept"]["coding"][0]["code"] != "")
    assert goal["description"] == {"coding": [{"system": fb.SNOMED, "code": fb.SNOMED_GOAL}]}
    text = json.dumps(b, ensure_ascii=False)
    assert "købe ind" not in text and "hverdag" not in text
    # the goal's conditions (primary rank 1, secondary rank 2) are referenced and in the bundle
    first_goal = next(g for g in t["Goal"] if len(g.get("addresses", [])) == 2)
    assert [a["extension"][0]["valuePositiveInt"] for a in first_goal["addresses"]] == [1, 2]
    urls = {e["fullUrl"] for e in b["entry"]}
    assert all(a["reference"] in urls for a in first_goal["addresses"])

    # day 4: nothing changed — nothing is sent
    deliver(world, folder, 4)
    assert casey_bundle(world, 4) is None
    assert FfbDelivery.objects.get(day=day(4)).bundles == 0

    # day 5: one service is replaced by another — the old one ends the day before, the new one starts
    case.day5_service_change()
    deliver(world, folder, 5)
    b = casey_bundle(world, 5)
    interventions = {coded(i["activity"][0]["detail"], "code"): i for i in by_type(b)["CarePlan"]
                     if profile(i) == "kl-reporting-ffb-intervention"}
    assert set(interventions) == {code("Ydelse", 0), code("Ydelse", 3)}  # the kept one is not sent again
    assert interventions[code("Ydelse", 0)]["period"] == {"start": day(3).isoformat(), "end": day(4).isoformat()}
    assert interventions[code("Ydelse", 0)]["status"] == "completed"
    assert interventions[code("Ydelse", 3)]["period"] == {"start": day(5).isoformat()}
    assert interventions[code("Ydelse", 3)]["activity"][0]["detail"]["status"] == "in-progress"

    # day 6: follow-ups with FFB's status, and the next follow-up date on the effort
    case.day6_follow_ups()
    deliver(world, folder, 6)
    b = casey_bundle(world, 6)
    t = by_type(b)
    follow_ups = [o for o in t["Observation"] if profile(o) == "kl-reporting-ffb-followUp"]
    assert len(follow_ups) == 2
    assert all(coded(f, "valueCodeableConcept") == status("Træf afgørelse om fortsættelse")
               and f["status"] == "final" and f["effectiveDateTime"] == day(6).isoformat() for f in follow_ups)
    plans = [c for c in t["CarePlan"] if profile(c) == "kl-reporting-ffb-carePlan"]
    assert {f["focus"][0]["reference"] for f in follow_ups} == {ref(p) for p in plans}
    assert all(p["activity"][0]["detail"]["scheduledPeriod"]["start"] == (day(6) + datetime.timedelta(days=120)).isoformat()
               for p in plans)
    assert "går godt" not in json.dumps(b, ensure_ascii=False)

    # day 7: the efforts end and the case closes
    case.day7_closing()
    deliver(world, folder, 7)
    b = casey_bundle(world, 7)
    t = by_type(b)
    plans = [c for c in t["CarePlan"] if profile(c) == "kl-reporting-ffb-carePlan"]
    assert len(plans) == 2 and all(p["status"] == "completed" and p["period"]["end"] == day(7).isoformat() for p in plans)
    running = [c for c in t["CarePlan"] if profile(c) == "kl-reporting-ffb-intervention"]
    assert len(running) == 3 and all(i["status"] == "completed" and i["period"]["end"] == day(7).isoformat()
                                     for i in running)
    assert by_type(b)["ServiceRequest"][0]["status"] == "completed"
    groups = [c for c in t["Condition"] if profile(c) == "kl-reporting-ffb-targetGroup"]
    assert len(groups) == 2 and all(coded(g, "clinicalStatus") == "inactive" for g in groups)

    # the ids stay the same: each resource has one row in the ledger, however often it was sent
    assert FfbSent.objects.filter(citizen=world.casey, key=f"effort:{case.efforts[0].pk}").count() == 1
    # every bundle was written by the folder transport, one file per citizen and day
    assert (folder.root / "ud" / day(7).isoformat() / f"151-{mid}.json").exists()
    assert AuditEvent.objects.filter(action="ffb.bundle_sent", citizen=world.casey).count() == 6


def test_two_writers_of_the_same_bundle_at_once_leave_one_whole_file(tmp_path):
    """The folder transport writes under a temporary name of each writer's own: two deliveries of the same day at
    once (two workers, or two demo builds on one machine) each rename a whole file, and nothing half is left."""
    from concurrent.futures import ThreadPoolExecutor

    transport = FolderTransport(tmp_path)
    bundles = [{"resourceType": "Bundle", "writer": i, "entry": [{"n": n} for n in range(2000)]} for i in range(8)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        names = list(pool.map(lambda b: transport.send(b, day=datetime.date(2026, 11, 20), name="151-samme"),
                              bundles))
    assert set(names) == {"2026-11-20/151-samme.json"}
    folder = tmp_path / "ud" / "2026-11-20"
    assert [p.name for p in folder.iterdir()] == ["151-samme.json"]
    assert json.loads((folder / "151-samme.json").read_text(encoding="utf-8")) in bundles
