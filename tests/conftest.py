"""Standing test users and a small world around them (ARCHITECTURE.md, "Tests and checks").

own_worker (SKP) · other_worker (Ungeindsats) · manager (over both teams) · caseworker ·
admin · herlev_worker (the other municipality).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from tovholder.accounts.models import StaffProfile, Unit
from tovholder.citizens.models import Citizen, Consent, Involvement, Relative
from tovholder.tenancy.models import Municipality


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    ballerup: Municipality
    herlev: Municipality
    skp: Unit
    ung: Unit
    casework: Unit
    management: Unit
    own_worker: object
    other_worker: object
    manager: object
    caseworker: object
    admin: object
    herlev_worker: object
    anna: Citizen  # SKP citizen; own_worker is contact person and coordinator
    bo: Citizen  # Ungeindsats citizen
    casey: Citizen  # open case with the caseworker
    herlev_citizen: Citizen

    def users(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in
                ("own_worker", "other_worker", "manager", "caseworker", "admin", "herlev_worker")}


def make_staff(username, municipality, unit, role, title="Medarbejder"):
    user = get_user_model().objects.create_user(username=username, password="Korrekt-Hest-Batteri-9",
                                                first_name=username.title(), last_name="Testesen")
    user.groups.add(Group.objects.get(name=role))
    profile = StaffProfile.objects.create(user=user, municipality=municipality, title=title, fte=Decimal("1"))
    profile.units.add(unit)
    return user


def make_citizen(municipality, cpr, first, last, *, unit=None, worker=None, coordinator=None):
    from tovholder.citizens.cpr import birth_date

    citizen = Citizen.objects.create(municipality=municipality, cpr=cpr, birth_date=birth_date(cpr),
                                     first_name=first, last_name=last, coordinator=coordinator)
    if unit is not None:
        Involvement.objects.create(municipality=municipality, citizen=citizen, unit=unit, worker=worker,
                                   started_on=datetime.date(2025, 1, 6))
    return citizen


@pytest.fixture
def world(db) -> World:
    ballerup = Municipality.objects.create(code="151", name="Ballerup Kommune")
    herlev = Municipality.objects.create(code="163", name="Herlev Kommune")
    management = Unit.objects.create(municipality=ballerup, name="Socialpsykiatrien", kind="management")
    skp = Unit.objects.create(municipality=ballerup, name="SKP-teamet", kind="team", parent=management)
    ung = Unit.objects.create(municipality=ballerup, name="Ballerup Ungeindsats", kind="team", parent=management)
    casework = Unit.objects.create(municipality=ballerup, name="Social Vejledning", kind="casework")
    herlev_team = Unit.objects.create(municipality=herlev, name="Flex Bostøtte", kind="team")

    own_worker = make_staff("own", ballerup, skp, "Medarbejder")
    other_worker = make_staff("other", ballerup, ung, "Medarbejder")
    manager = make_staff("manager", ballerup, management, "Leder", "Leder")
    caseworker = make_staff("casew", ballerup, casework, "Sagsbehandler", "Sagsbehandler")
    admin = make_staff("admin", ballerup, management, "Administrator", "Administrator")
    herlev_worker = make_staff("herlev", herlev, herlev_team, "Medarbejder")

    anna = make_citizen(ballerup, "0101901234", "Anna", "Jensen", unit=skp, worker=own_worker,
                        coordinator=own_worker)
    bo = make_citizen(ballerup, "0202951235", "Bo", "Hansen", unit=ung, worker=other_worker)
    casey = make_citizen(ballerup, "0303801236", "Casey", "Nielsen", unit=casework, worker=caseworker)
    herlev_citizen = make_citizen(herlev, "0404851237", "Hanne", "Herlevsen", unit=herlev_team,
                                  worker=herlev_worker)
    mor = Relative.objects.create(municipality=ballerup, citizen=anna, name="Birthe Jensen", relation="mor")
    Consent.objects.create(municipality=ballerup, citizen=anna, relative=mor, scope="general",
                           given_on=datetime.date(2025, 2, 1))
    return World(ballerup, herlev, skp, ung, casework, management, own_worker, other_worker, manager,
                 caseworker, admin, herlev_worker, anna, bo, casey, herlev_citizen)


from tests.crosssector.care_world import cw  # noqa: E402, F401 - partners and an admission, for care messages
from tests.races import _triggers_back, committed_db  # noqa: E402, F401 - for the race tests (tests/races.py)
from tests.support.conftest import sw  # noqa: E402, F401 - the support world (offers and a grant), for every test

# The long tests first, one to each test worker: the hostile walk's halves (tests/test_hostile_input.py) take
# longer than most modules together, so the run would otherwise end with one worker walking them alone.
# pytest-xdist's "load" schedule sends each worker a first chunk of consecutive tests (a quarter of its share),
# so one half goes first in the first chunk and the other first in the second; the rest balances as usual.
LONG_FIRST = ("test_no_hostile_input_gives_a_server_error",)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    import os

    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT") or 1)
    long = [item for item in items if item.originalname in LONG_FIRST]
    if workers < 2 or not long:
        return
    rest = [item for item in items if item.originalname not in LONG_FIRST]
    chunk = max(len(items) // workers // 4, 2)
    items[:] = rest
    for worker, item in enumerate(long):
        items.insert(min((worker % workers) * chunk, len(items)), item)
