"""Two staff sign up two citizens for the last seat at the same moment, on two real database
connections: exactly one wins, every round (the session's row is locked in the transaction).
The rows are committed so both connections see them: `committed_db` and `race` (tests/races.py)."""

import datetime

from django.core.exceptions import ValidationError

from tests.races import race
from tovholder.activities.models import Occasion, Participation
from tovholder.dropin import services
from tovholder.offers.models import Offer, OfferQuota

ROUNDS = 20


def _outcome(result) -> str:
    if isinstance(result, Participation):
        return "won"
    if isinstance(result, ValidationError) and "ledige pladser" in " ".join(result.messages):
        return "full"
    return f"error: {result!r}"


def test_exactly_one_wins_the_last_seat(committed_db, world):
    w = world
    sports = Offer.objects.create(municipality=w.ballerup, name="IF Aktivisterne", format=Offer.Format.GROUP,
                                  capacity_kind=Offer.CapacityKind.SEATS, requires_visitation=False, unit=w.skp,
                                  shared=True)
    OfferQuota.objects.create(offer=sports, municipality=w.herlev, places=None)
    activity = services.create_activity(actor=w.own_worker, offer=sports, title="Badminton", seats=1,
                                        first_day=datetime.date.today() + datetime.timedelta(days=1),
                                        starts=datetime.time(18), minutes=60, weeks=ROUNDS)
    sessions = list(Occasion.objects.filter(series=activity.series).order_by("starts_at"))
    assert len(sessions) == ROUNDS
    contenders = [(w.own_worker, w.anna), (w.herlev_worker, w.herlev_citizen)]
    for session in sessions:
        results = [_outcome(r) for r in race([
            lambda actor=actor, citizen=citizen, session=session: services.sign_up(
                actor=actor, activity=activity, occasion=session, citizen=citizen)
            for actor, citizen in contenders])]
        assert results.count("won") == 1, results
        assert Participation.objects.filter(occasion=session).count() == 1
