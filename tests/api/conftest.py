"""API clients around the standing world: one of Ballerup that sees the whole municipality (the
caseworker's role), one that sees only what the SKP team follows (the worker's role), and one of Herlev."""

from dataclasses import dataclass

import pytest
from django.core.cache import cache

from tests.conftest import make_staff
from tovholder.api import services
from tovholder.api.models import ApiClient, Scope


@dataclass
class Keys:
    whole: ApiClient
    team: ApiClient
    herlev: ApiClient
    whole_token: str  # read and write:requests
    read_token: str  # the whole client, read only
    team_token: str
    herlev_token: str


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def keys(world) -> Keys:
    herlev_unit = world.herlev_worker.staff.units.first()
    herlev_admin = make_staff("herlevadmin", world.herlev, herlev_unit, "Administrator", "Administrator")
    whole = services.register_client(actor=world.admin, name="Jobcentrets system", role="Sagsbehandler",
                                     whole_municipality=True)
    team = services.register_client(actor=world.admin, name="SKP-teamets kalender", role="Medarbejder",
                                    whole_municipality=False, units=[world.skp])
    herlev = services.register_client(actor=herlev_admin, name="Herlevs datavarehus", role="Sagsbehandler",
                                      whole_municipality=True)
    both = [Scope.READ, Scope.WRITE_REQUESTS]
    return Keys(whole, team, herlev,
                services.issue_token(actor=world.admin, client=whole, scopes=both, days=30)[1],
                services.issue_token(actor=world.admin, client=whole, scopes=[Scope.READ], days=30)[1],
                services.issue_token(actor=world.admin, client=team, scopes=both, days=30)[1],
                services.issue_token(actor=herlev_admin, client=herlev, scopes=both, days=30)[1])
