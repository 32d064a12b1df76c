"""One citizen as a FHIR R4 Bundle: built through the services, validated against the R4B models,
with FFB codes from FFB's code system; the download follows need to know and the read is logged."""

import datetime
import json
from collections import Counter

import pytest
from django.urls import reverse
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from tovholder.activities.services import record_contact
from tovholder.audit.models import AccessEvent
from tovholder.outcomes.services import record_goal_attainment
from tovholder.plans.services import save_plan
from tovholder.reporting.fhir import CPR_SYSTEM, citizen_bundle, ffb_system
from tovholder.visitation.services import record_assessment

from ..outcomes.conftest import measure
from ..support.conftest import CONDITION, days, goal, start


def _anna(world, sw, versions):
    """Anna with a plan, a goal, an episode, an assessment, WHO-5 and goal attainment, and a visit."""
    save_plan(actor=world.own_worker, citizen=world.anna, version=0, aim="Jeg vil bo for mig selv",
              review_on=days(90))
    g = goal(world, condition=CONDITION, target_level=1, start_level=3)
    start(world, sw)
    record_assessment(actor=world.caseworker, case=sw.case, assessed_on=days(-50),
                      scores=[{"condition": CONDITION, "functional_level": 3}])
    measure(world, versions["who5"], day=days(-20))
    record_goal_attainment(actor=world.own_worker, citizen=world.anna, measured_on=days(-10), attainment={g.pk: 0})
    record_contact(actor=world.own_worker, citizen=world.anna, kind="home_visit",
                   starts_at=timezone.now() - datetime.timedelta(days=2), minutes=60)
    return g


def _by_type(bundle) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for e in bundle["entry"]:
        out.setdefault(e["resource"]["resourceType"], []).append(e["resource"])
    return out


def test_bundle_of_one_citizen(world, sw, versions):
    g = _anna(world, sw, versions)
    bundle = citizen_bundle(actor=world.own_worker, citizen=world.anna)
    Bundle.model_validate(bundle)  # valid against the R4B models, also after the round trip
    assert bundle["type"] == "collection"
    res = _by_type(bundle)
    assert Counter({k: len(v) for k, v in res.items()}) == Counter(
        Patient=1, EpisodeOfCare=1, CarePlan=2, Goal=1, Condition=1, QuestionnaireResponse=2, Observation=3,
        Appointment=1, Encounter=1)
    patient = res["Patient"][0]
    assert patient["identifier"] == [{"system": CPR_SYSTEM, "value": "0101901234"}]
    assert patient["name"][0]["family"] == "Jensen" and patient["birthDate"] == "1990-01-01"
    assert ffb_system() == "urn:oid:1.2.208.176.2.22"
    condition = res["Condition"][0]
    assert condition["code"]["coding"][0]["system"] == ffb_system()
    assert condition["code"]["coding"][0]["code"] == CONDITION
    assert condition["severity"]["coding"][0]["code"] == "3"
    goal_r = res["Goal"][0]
    assert goal_r["id"] == f"maal-{g.pk}" and goal_r["target"][0]["detailInteger"] == 1
    assert goal_r["target"][0]["measure"]["coding"][0]["code"] == CONDITION
    plan = next(p for p in res["CarePlan"] if p["intent"] == "plan")
    assert plan["goal"] == [{"reference": f"Goal/maal-{g.pk}"}]
    gas = next(o for o in res["Observation"] if "focus" in o)
    assert gas["focus"] == [{"reference": f"Goal/maal-{g.pk}"}] and gas["valueInteger"] == 0
    assert {o["code"]["coding"][0]["code"] for o in res["Observation"]} == {"who5", "maalopfyldelse"}
    assert res["Appointment"][0]["status"] == "fulfilled" and res["Encounter"][0]["class"]["code"] == "HH"
    # every reference inside the bundle resolves inside it
    ids = {f"{r['resourceType']}/{r['id']}" for rs in res.values() for r in rs}
    refs = set()

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("reference"), str):
                refs.add(node["reference"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
    walk(bundle)
    assert refs <= ids


OK, DENY, GLASS, NOTFOUND = 200, 403, 302, 404
EXPECTED = dict(own_worker=OK, other_worker=DENY, manager=OK, caseworker=GLASS, admin=DENY, herlev_worker=NOTFOUND)


@pytest.mark.parametrize("user_name", EXPECTED)
def test_download_follows_need_to_know_and_is_logged(client, world, user_name):
    user = getattr(world, user_name)
    client.force_login(user)
    before = AccessEvent.objects.filter(citizen=world.anna, actor=user).count()
    response = client.get(reverse("citizen_fhir", args=[world.anna.pk]))
    assert response.status_code == EXPECTED[user_name]
    after = AccessEvent.objects.filter(citizen=world.anna, actor=user)
    if EXPECTED[user_name] == OK:
        assert response["Content-Type"].startswith("application/fhir+json")
        assert "attachment" in response["Content-Disposition"]
        body = json.loads(response.content)
        assert body["entry"][0]["resource"]["identifier"][0]["value"] == "0101901234"
        assert after.count() == before + 1 and after.order_by("-pk").first().what == "FHIR-udtræk"
    else:
        assert after.count() == before


def test_overview_links_to_the_download(client, world):
    client.force_login(world.own_worker)
    response = client.get(reverse("citizen", args=[world.anna.pk]))
    assert reverse("citizen_fhir", args=[world.anna.pk]) in response.content.decode()
