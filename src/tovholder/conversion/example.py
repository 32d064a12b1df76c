"""A small example of the import format (docs/import-format.md) with dates counted from a given day: offered for
download on the import page and imported by the demo. Three citizens: one with every kind of row, one waiting
for a place, and one whose CPR number is invalid (so the report shows a refusal)."""

import datetime
import json

from tovholder.plans.models import GOAL_TYPE_DEVELOP

SKP = "SKP – støtte-kontaktperson-ordning"
SKOLEHAVEN = "Opgangsfællesskabet Skolehaven"


def example_document(today: datetime.date, municipality_code: str) -> dict:
    def ago(days: int) -> str:
        return (today - datetime.timedelta(days=days)).isoformat()

    def ahead(days: int) -> str:
        return (today + datetime.timedelta(days=days)).isoformat()

    return {
        "format": "tovholder-import", "version": 1, "source": "Nexus", "exported_at": today.isoformat(),
        "municipality_code": municipality_code,
        "citizens": [
            {"id": "NX-100234", "cpr": "1708794113", "first_name": "Lærke", "last_name": "Vestergaard",
             "phone": "40506070", "email": "", "address": "Søndergade 12, 2. th.", "postal_code": "2750",
             "city": "Ballerup", "known_from": ago(420),
             "relatives": [{"id": "NX-P-5511", "name": "Inger Vestergaard", "relation": "mor", "phone": "44556677",
                            "consents": [{"id": "NX-S-9001", "scope": "contact", "given_on": ago(400)},
                                         {"id": "NX-S-9002", "scope": "general", "given_on": ago(400),
                                          "withdrawn_on": ago(60), "note": "Trukket tilbage ved samtale"}]}],
             "cases": [{"id": "NX-SAG-77120", "number": "NX-2025-77120", "opened_on": ago(400),
                        "citizen_wishes": "At bo i egen bolig og komme i gang med en uddannelse.",
                        "decisions": [{"id": "NX-AFG-3301", "offer": SKP, "status": "active",
                                       "requested_on": ago(395), "decided_on": ago(380), "start_on": ago(370),
                                       "review_on": ahead(45), "hours_per_week": "3.5", "activated_on": ago(365),
                                       "reasons": "Borgeren har brug for støtte til struktur i hverdagen og "
                                                  "kontakt til uddannelsessteder.",
                                       "goals": "Struktur i hverdagen"}]}],
             "plan": {"id": "NX-PLAN-100234", "aim": "Jeg vil klare min egen hverdag.", "review_on": ahead(120),
                      "goals": [{"id": "NX-MAAL-1", "text": "Handle ind og lave mad selv tre dage om ugen",
                                 "goal_type": GOAL_TYPE_DEVELOP, "next_follow_up_on": ahead(30),
                                 "created_on": ago(360), "decision": "NX-AFG-3301"},
                                {"id": "NX-MAAL-2", "text": "Søge ind på en uddannelse", "goal_type": "udvikle",
                                 "next_follow_up_on": ahead(60), "created_on": ago(200)}]}},
            {"id": "NX-100377", "cpr": "0302901218", "first_name": "Karim", "last_name": "Haddad",
             "known_from": ago(120),
             "cases": [{"id": "NX-SAG-78001", "opened_on": ago(110),
                        "decisions": [{"id": "NX-AFG-3420", "offer": SKOLEHAVEN, "status": "waiting",
                                       "requested_on": ago(100), "decided_on": ago(90), "start_on": ago(90),
                                       "review_on": ahead(180), "priority": "normal", "waitlisted_on": ago(90),
                                       "reasons": "Borgeren er bevilget en plads i opgangsfællesskabet og venter "
                                                  "på, at en lejlighed bliver ledig."}]}]},
            {"id": "NX-100412", "cpr": "3113851234", "first_name": "Fejl", "last_name": "Iudtræk",
             "relatives": [{"id": "NX-P-5600", "name": "Ukendt", "relation": "bror"}]},
        ],
    }


def example_bytes(today: datetime.date, municipality_code: str) -> bytes:
    return json.dumps(example_document(today, municipality_code), ensure_ascii=False, indent=2).encode()
