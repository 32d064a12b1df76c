"""A volunteer coordinator, volunteers and Anna's wish, on top of the standing `world`."""

import datetime

import pytest
from django.utils import timezone

from tests.conftest import make_staff
from tovholder.volunteers import services


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def volunteer_data(**over) -> dict:
    data = {"first_name": "Lise", "last_name": "Frivillig", "phone": "12 34 56 78", "email": "",
            "interests": ["swimming", "walks"], "availability": ["mon-pm", "wed-pm"],
            "certificate_seen_on": days(-100), "certificate_renew_by": days(600), "consents_to_contact": True,
            "max_agreements": 1, "active": True, "note": ""}
    data.update(over)
    return data


def wish_data(**over) -> dict:
    data = {"interests": ["swimming"], "availability": ["mon-pm", "fri-am"], "wish": "Svømmehallen",
            "contact_arrangement": "Ring dagen før", "meeting_place": "Ballerup Station",
            "consent_given_on": days(-1), "consent": True}
    data.update(over)
    return data


@pytest.fixture
def coord(world):
    return make_staff("coord", world.ballerup, world.management, "Frivilligkoordinator", "Frivilligkoordinator")


@pytest.fixture
def vw(world, coord):
    """Two volunteers (one whose certificate has expired), Anna's waiting wish."""
    lise = services.register_volunteer(actor=coord, **volunteer_data())
    old = services.register_volunteer(actor=coord, **volunteer_data(
        first_name="Ole", certificate_seen_on=days(-1200), certificate_renew_by=days(-5),
        interests=["swimming", "walks", "culture"], availability=["mon-pm", "fri-am"]))
    wish = services.record_wish(actor=world.own_worker, citizen=world.anna, **wish_data())
    return {"lise": lise, "old": old, "wish": wish, "coord": coord}
