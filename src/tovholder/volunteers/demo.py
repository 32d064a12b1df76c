"""Demo: ten volunteer companions (one whose certificate is about to expire, one expired), six agreements
(two ended, most with outings), and three wishes waiting for a volunteer. Bulk inserts, deterministic."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from tovholder.activities.models import Occasion, Participation
from tovholder.citizens.models import Involvement
from tovholder.demo.steps import DemoContext, step

from .matching import rank
from .models import INTERESTS, SLOTS, Agreement, CompanionWish, Outing, Volunteer

WISHES = [
    ("Jeg vil gerne i svømmehallen igen, men tør ikke gå alene.", ["swimming", "sport"]),
    ("Komme ud at gå en tur i naturen en gang om ugen.", ["walks"]),
    ("Gå på biblioteket og måske en café bagefter.", ["library", "cafe"]),
    ("Jeg vil gerne i biografen, det er svært for mig med mange mennesker.", ["cinema", "culture"]),
    ("Prøve et kor eller en forening.", ["music", "association"]),
    ("Lære at tage bussen til Herlev.", ["transport", "shopping"]),
    ("Noget kreativt sammen med andre.", ["creative", "cafe"]),
    ("Gå til fodbold som tilskuer.", ["sport", "association"]),
    ("Besøge et museum.", ["culture", "walks"]),
]
PLACES = ["Foran Ballerup Station", "Ved indgangen til Ballerup Bibliotek", "Ved Ballerup Centret, hovedindgangen",
          "Ved busstoppestedet på Torvevej", "Foran Sundhedshuset"]
WHAT = ["Svømmehallen", "Gåtur i Pederstrup", "Biblioteket og kaffe", "Biografen", "Korprøve",
        "Bustur til Herlev", "Café", "Museum"]


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


@step(order=90)
def volunteer_companions(ctx: DemoContext) -> None:
    rng, today, m = ctx.rng, ctx.today, ctx.municipality
    coordinator = get_user_model().objects.filter(groups__name="Frivilligkoordinator",
                                                  staff__municipality=m).order_by("pk").first()
    if coordinator is None:
        return
    interest_codes = [c for c, _ in INTERESTS]
    slot_codes = [c for c, _ in SLOTS]
    volunteers = []
    for i in range(10):
        seen = today - datetime.timedelta(days=rng.randint(60, 900))
        renew = seen + datetime.timedelta(days=3 * 365)
        if i == 0:  # about to expire
            renew = today + datetime.timedelta(days=12)
        elif i == 1:  # expired
            renew = today - datetime.timedelta(days=20)
        seen = min(seen, renew - datetime.timedelta(days=365))
        first = ctx.fake.first_name()
        volunteers.append(Volunteer(
            municipality=m, first_name=first, last_name=ctx.fake.last_name(),
            phone=f"{rng.randint(20, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
            email=f"{first.lower().replace(' ', '.')}{i}@frivillig.demo.invalid",
            interests=sorted(rng.sample(interest_codes, rng.randint(3, 5)), key=interest_codes.index),
            availability=sorted(rng.sample(slot_codes, rng.randint(5, 9)), key=slot_codes.index),
            certificate_seen_on=seen, certificate_renew_by=renew, consents_to_contact=True,
            max_agreements=2 if i in (2, 5) else 1))
    volunteers = Volunteer.objects.bulk_create(volunteers)

    involved = list(Involvement.objects.active_on(today).filter(
        municipality=m, worker__isnull=False, unit__kind="team").order_by("citizen_id").values_list(
        "citizen_id", "worker_id").distinct())
    seen_citizens: dict[int, int] = {}
    for citizen_id, worker_id in involved:
        seen_citizens.setdefault(citizen_id, worker_id)
    picked = rng.sample(sorted(seen_citizens), min(len(WISHES), len(seen_citizens)))
    wishes = []
    for n, citizen_id in enumerate(picked):
        text, interests = WISHES[n]
        wishes.append(CompanionWish(
            municipality=m, citizen_id=citizen_id, interests=interests,
            availability=sorted(rng.sample(slot_codes, 6), key=slot_codes.index), wish=text,
            contact_arrangement=rng.choice(["Ring dagen før efter kl. 10.", "Send en sms om tid og sted.",
                                            "Ring til kontaktpersonen, som giver besked videre."]),
            meeting_place=rng.choice(PLACES), consent_given_on=today - datetime.timedelta(days=200 - 15 * n),
            recorded_by_id=seen_citizens[citizen_id]))
    wishes = CompanionWish.objects.bulk_create(wishes)
    for w in wishes:  # registered the day consent was given
        w.recorded_at = _at(w.consent_given_on, 10)

    # six matches, chosen the way the coordinator would: the best suggestion on the day of the match
    load: dict[int, int] = {}
    agreements: list[Agreement] = []
    for n, wish in enumerate(wishes[:6]):
        start = wish.consent_given_on + datetime.timedelta(days=rng.randint(7, 21))
        suggestions, _ = rank(wish, volunteers, day=start, load=load)
        if not suggestions:
            continue
        best = suggestions[0]
        load[best.volunteer.pk] = load.get(best.volunteer.pk, 0) + 1
        ended = n in (1, 4)
        agreements.append(Agreement(
            municipality=m, wish=wish, citizen_id=wish.citizen_id, volunteer=best.volunteer, starts_on=start,
            ends_on=start + datetime.timedelta(days=365), match_reasons=best.reasons, created_by=coordinator,
            ended_on=start + datetime.timedelta(days=rng.randint(60, 120)) if ended else None,
            end_reason=rng.choice(["citizen_stops", "volunteer_stops"]) if ended else ""))
        wish.status = CompanionWish.Status.MATCHED
        if ended:
            load[best.volunteer.pk] -= 1
    Agreement.objects.bulk_create(agreements)
    CompanionWish.objects.bulk_update(wishes, ["status", "recorded_at"])

    occasions, rows = [], []
    for a in agreements:
        if rng.random() < 0.2:
            continue  # an agreement that has not got going yet
        last = min(a.ended_on or today, today - datetime.timedelta(days=1))
        day = a.starts_on + datetime.timedelta(days=rng.randint(3, 10))
        while day <= last:
            minutes = rng.choice([60, 90, 120, 120, 150, 180])
            starts = _at(day, rng.choice([10, 13, 15, 18]))
            occasions.append(Occasion(municipality=m, kind=Occasion.Kind.OUTING, starts_at=starts,
                                      ends_at=starts + datetime.timedelta(minutes=minutes),
                                      status=Occasion.Status.HELD, place=a.wish.meeting_place,
                                      created_by=coordinator))
            rows.append((a, minutes, rng.choice(WHAT)))
            day += datetime.timedelta(days=rng.choice([7, 14, 14, 21]))
    occasions = Occasion.objects.bulk_create(occasions)
    participations = Participation.objects.bulk_create([
        Participation(municipality=m, occasion=o, citizen_id=a.citizen_id, status=Participation.Status.ATTENDED,
                      minutes=minutes) for o, (a, minutes, _w) in zip(occasions, rows, strict=True)])
    Outing.objects.bulk_create([Outing(municipality=m, agreement=a, participation=p, what=what)
                                for p, (a, _m, what) in zip(participations, rows, strict=True)])
