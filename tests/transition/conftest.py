import datetime

import pytest
from django.utils import timezone

from tovholder.citizens.models import Citizen, Involvement


def young(world, *, months_to_18: int, first="Ung", unit=None, n=1) -> Citizen:
    """A young person of Ballerup who turns 18 in `months_to_18` months (negative: turned 18 that long ago),
    known to the caseworker's unit (or `unit`)."""
    today = timezone.localdate()
    month = today.month + months_to_18
    year = today.year - 18 + (month - 1) // 12
    month = (month - 1) % 12 + 1
    born = datetime.date(year, month, min(today.day, 28))
    cpr = born.strftime("%d%m%y") + f"4{n:03d}"
    citizen = Citizen.objects.create(municipality=world.ballerup, cpr=cpr, birth_date=born, first_name=first,
                                     last_name="Ungesen")
    Involvement.objects.create(municipality=world.ballerup, citizen=citizen, unit=unit or world.casework,
                               started_on=today - datetime.timedelta(days=30))
    return citizen


@pytest.fixture
def youth(world):
    return {
        "soon": young(world, months_to_18=3, first="Sofie", n=1),  # 17¾: to prepare now
        "later": young(world, months_to_18=9, first="Lars", n=2),  # 17¼: not yet
        "other": young(world, months_to_18=4, first="Olga", unit=world.ung, n=3),  # not the caseworker's
        "adult": young(world, months_to_18=-24, first="Asger", n=4),  # 20: not on the list
    }
