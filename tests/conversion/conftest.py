"""An administrator holding the import role, and a builder for import files (docs/import-format.md)."""

import datetime
import json

import pytest
from django.contrib.auth.models import Group

TODAY = datetime.date.today()


def ago(days: int) -> str:
    return (TODAY - datetime.timedelta(days=days)).isoformat()


def ahead(days: int) -> str:
    return (TODAY + datetime.timedelta(days=days)).isoformat()


@pytest.fixture
def importer(world):
    """The standing administrator, given the import role for the move-in."""
    world.admin.groups.add(Group.objects.get(name="Indlæsningsansvarlig"))
    return world.admin


def citizen(ext="NX-1", cpr="1105821234", first="Mette", last="Sørensen", **extra) -> dict:
    return {"id": ext, "cpr": cpr, "first_name": first, "last_name": last, "municipality_code": "151", **extra}


def full_citizen(ext="NX-1", cpr="1105821234", offer="SKP", status="granted") -> dict:
    """A citizen with one of every kind of row."""
    return citizen(ext, cpr, known_from=ago(400), phone="44778899", postal_code="2750", city="Ballerup",
                   relatives=[{"id": f"{ext}-R1", "name": "Birthe Sørensen", "relation": "mor",
                               "consents": [{"id": f"{ext}-S1", "scope": "general", "given_on": ago(300)},
                                            {"id": f"{ext}-S2", "scope": "plan", "given_on": ago(300),
                                             "withdrawn_on": ago(100)}]}],
                   cases=[{"id": f"{ext}-C1", "number": f"NX-{ext}", "opened_on": ago(200),
                           "citizen_wishes": "Bo i egen bolig",
                           "decisions": [{"id": f"{ext}-D1", "offer": offer, "status": status,
                                          "requested_on": ago(190), "decided_on": ago(180), "start_on": ago(170),
                                          "review_on": ahead(60), "hours_per_week": "3.5",
                                          "reasons": "Borgeren har behov for støtte i eget hjem til struktur.",
                                          "activated_on": ago(160)}]}],
                   plan={"id": f"{ext}-P", "aim": "At klare mig selv", "review_on": ahead(90),
                         "goals": [{"id": f"{ext}-G1", "text": "Handle ind selv", "goal_type": "udvikle",
                                    "next_follow_up_on": ahead(30), "created_on": ago(150),
                                    "decision": f"{ext}-D1"}]})


def document(*citizens, code="151") -> bytes:
    return json.dumps({"format": "tovholder-import", "version": 1, "source": "Nexus", "municipality_code": code,
                       "citizens": list(citizens)}).encode()
