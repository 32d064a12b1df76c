"""Builds the demo municipalities: deterministic for a seed, bulk inserts, a progress bar."""

import datetime
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.module_loading import autodiscover_modules
from faker import Faker

from tovholder.accounts.models import Competence, StaffProfile, Unit
from tovholder.citizens.cpr import serial_digit_for
from tovholder.citizens.models import Citizen, Consent, Involvement, Relative
from tovholder.offers.models import LegalBasis, Offer, OfferQuota
from tovholder.tenancy.models import Municipality

from . import catalogue, organisation
from .steps import run_steps

BATCH = 5000

# Age bands and shares (seed 002: 25–30 % of users aged 18–30 in 2012).
AGE_BANDS = [((16, 17), 0.02), ((18, 30), 0.28), ((31, 65), 0.60), ((66, 85), 0.10)]
RELATIONS = ["mor", "far", "søster", "bror", "partner", "ægtefælle", "ven", "voksent barn", "moster", "nabo"]


@dataclass
class DemoResult:
    citizens: int
    relatives: int
    consents: int
    involvements: int
    staff: int
    caseload: tuple[int, int] = (0, 0)  # fewest and most citizens a team worker is involved with now


class DemoExists(Exception):
    pass


def build_demo(
    *, citizens: int, seed: int, today: datetime.date, progress: Callable[[int], None] | None = None,
    announce: Callable[[str], None] | None = None,
) -> DemoResult:
    """Create both demo municipalities. `progress(n)` is called as citizens are written,
    `announce(text)` as each app's demo history step begins."""
    if Municipality.objects.exists():
        raise DemoExists("Databasen indeholder allerede en kommune.")
    autodiscover_modules("demo")  # each app's demo.py registers its steps; only the demo loads them
    rng = random.Random(seed)
    fake = Faker("da_DK")
    fake.seed_instance(seed)
    progress = progress or (lambda n: None)
    with transaction.atomic():
        main = _municipality(organisation.MAIN)
        neighbour = _municipality(organisation.NEIGHBOUR)
        competences = {name: Competence.objects.get_or_create(name=name)[0] for name in organisation.COMPETENCES}
        main_units = _units(main, organisation.MAIN_UNITS)
        neighbour_units = _units(neighbour, organisation.NEIGHBOUR_UNITS)
        password = make_password(organisation.DEMO_PASSWORD)
        main_staff = _staff(main, main_units, organisation.MAIN_STAFF, competences, password, fake, citizens)
        neighbour_staff = _staff(neighbour, neighbour_units, organisation.NEIGHBOUR_STAFF, competences, password,
                                 fake, citizens)
        _offers(main, neighbour, main_units, neighbour_units)
    counts = [0, 0, 0, 0]
    for municipality, units, staff, n in (
        (main, main_units, main_staff, citizens),
        (neighbour, neighbour_units, neighbour_staff, _neighbour_citizens(citizens)),
    ):
        for batch_counts in _citizens(municipality, units, staff, n, rng, fake, today):
            counts = [a + b for a, b in zip(counts, batch_counts, strict=True)]
            progress(batch_counts[0])
        managers = list(get_user_model().objects.filter(staff__municipality=municipality, groups__name="Leder"))
        with transaction.atomic():
            run_steps(municipality=municipality, units=units, staff=staff, managers=managers, today=today,
                      seed=seed, announce=announce, scale=organisation.scale(citizens))
    _analyze()
    loads = team_caseloads().values()
    return DemoResult(*counts, staff=StaffProfile.objects.count(),
                      caseload=(min(loads, default=0), max(loads, default=0)))


def team_caseloads(unit_name: str | None = None) -> dict[str, int]:
    """Username -> how many citizens the worker is involved with now (open involvements), for every worker
    (Medarbejder) of a team (or of the team `unit_name`), in both demo municipalities."""
    from django.db.models import Count, Q

    workers = get_user_model().objects.filter(groups__name="Medarbejder", staff__units__kind=Unit.Kind.TEAM)
    if unit_name is not None:
        workers = workers.filter(staff__units__name=unit_name)
    rows = workers.annotate(n=Count("involvements", filter=Q(involvements__ended_on__isnull=True),
                                    distinct=True)).values_list("username", "n")
    return dict(rows)


def _neighbour_citizens(citizens: int) -> int:
    return max(10, citizens // 5)


def _analyze() -> None:
    """Give the query planner statistics after the bulk load (PostgreSQL plans badly without them)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _municipality(spec) -> Municipality:
    code, name, _, town = spec
    return Municipality.objects.create(code=code, name=name, **organisation.public_pages(code, name, town))


def _units(municipality, specs) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for name, kind, parent, description in specs:
        units[name] = Unit.objects.create(municipality=municipality, name=name, kind=kind,
                                          parent=units.get(parent), description=description)
    return units


def _staff(municipality, units, specs, competences, password, fake, citizens: int) -> dict[str, list]:
    """Create staff sized for the demo's citizens (`organisation.sized_staff`), in bulk; returns the workers and
    caseworkers per unit name. A new worker has the role, title, unit and competences of their kind."""
    User = get_user_model()
    groups = {g.name: g for g in Group.objects.all()}
    base_counts = {spec[0]: spec[1] for spec in specs}
    people = []  # (user, role, unit name, title, fte, competence names)
    for prefix, count, unit_name, role, title, comps, fte in organisation.sized_staff(specs, citizens):
        for i in range(1, count + 1):
            username = organisation.username(prefix, base_counts[prefix], i)
            user = User(username=username, password=password, first_name=fake.first_name(),
                        last_name=fake.last_name(), email=f"{username}@demo.invalid")
            picked = [comps[(i - 1 + k) % len(comps)] for k in range(min(2, len(comps)))] if comps else []
            people.append((user, role, unit_name, title, fte, picked))
    User.objects.bulk_create([p[0] for p in people], batch_size=1000)
    profiles = StaffProfile.objects.bulk_create(
        [StaffProfile(user=user, municipality=municipality, title=title, fte=Decimal(fte))
         for user, _, _, title, fte, _ in people], batch_size=1000)
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=p[0].pk, group_id=groups[p[1]].pk) for p in people], batch_size=1000)
    StaffProfile.units.through.objects.bulk_create(
        [StaffProfile.units.through(staffprofile_id=profile.pk, unit_id=units[p[2]].pk)
         for p, profile in zip(people, profiles, strict=True)], batch_size=1000)
    StaffProfile.competences.through.objects.bulk_create(
        [StaffProfile.competences.through(staffprofile_id=profile.pk, competence_id=competences[c].pk)
         for p, profile in zip(people, profiles, strict=True) for c in p[5]], batch_size=1000)
    by_unit: dict[str, list] = {}
    for (user, role, unit_name, *_), profile in zip(people, profiles, strict=True):
        user.staff = profile  # the steps read user.staff without a query each
        if role in organisation.GROWING_ROLES:
            by_unit.setdefault(unit_name, []).append(user)
    return by_unit


def _offers(main, neighbour, main_units, neighbour_units) -> None:
    bases = {}
    for law, paragraph, title in catalogue.LEGAL_BASES:
        bases[paragraph] = LegalBasis.objects.get_or_create(law=law, paragraph=paragraph,
                                                            defaults={"title": title})[0]
    municipalities = {main.name: main, neighbour.name: neighbour}
    for operator, units, specs in ((main, main_units, catalogue.OFFERS),
                                   (neighbour, neighbour_units, catalogue.NEIGHBOUR_OFFERS)):
        for spec in specs:
            spec = dict(spec)
            shared_with = spec.pop("shared_with", None)
            paragraph = spec.pop("paragraph")
            days, working = catalogue.DEADLINES.get(paragraph, (None, False))
            if spec["requires_visitation"] or spec.get("may_be_granted"):
                spec.setdefault("deadline_days", days)
                spec.setdefault("deadline_working_days", working)
            offer = Offer(municipality=operator, legal_basis=bases.get(paragraph), unit=units.get(spec.pop("unit")),
                          shared=bool(shared_with), **spec)
            offer.full_clean()
            offer.save()
            for name, places in (shared_with or {}).items():
                OfferQuota.objects.create(offer=offer, municipality=municipalities[name], places=places)


def _phone(rng: random.Random) -> str:
    """A Danish phone number: eight digits, never starting with 0 or 1, written in pairs ("42 17 80 63")."""
    digits = str(rng.randint(2, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(7))
    return " ".join(digits[i:i + 2] for i in range(0, 8, 2))


def _birth_date(rng: random.Random, today: datetime.date) -> datetime.date:
    (low, high), = rng.choices([band for band, _ in AGE_BANDS], weights=[w for _, w in AGE_BANDS])
    age = rng.randint(low, high)
    born = today - datetime.timedelta(days=age * 365 + rng.randint(0, 364))
    return born


def _cpr(born: datetime.date, female: bool, used: set[str], rng: random.Random) -> str:
    digits7 = serial_digit_for(born.year)
    for _ in range(1000):
        serial = rng.choice(digits7) * 1000 + rng.randint(0, 999)
        serial = serial - serial % 2 + (0 if female else 1)
        number = f"{born:%d%m%y}{serial:04d}"
        if number not in used:
            used.add(number)
            return number
    raise RuntimeError("ran out of CPR serials")


def _primary_unit(age: int, rng: random.Random, units: dict[str, Unit]) -> str:
    """Route like the seeds: young to Ungeindsats (some ASF), 30+ to SKP (some kompetenceteam)."""
    if "SKP-teamet" not in units:  # the neighbour
        return rng.choice(["Herlev Bostøtte", "Herlev Bostøtte", "Flex Bostøtte"])
    if age < 30:
        return rng.choices(["Ballerup Ungeindsats", "ASF-teamet", "Kompetenceteamet"], [0.82, 0.10, 0.08])[0]
    if age <= 65:
        return rng.choices(["SKP-teamet", "Kompetenceteamet", "Støberiet", "Skolehaven"],
                           [0.70, 0.10, 0.15, 0.05])[0]
    return rng.choices(["SKP-teamet", "Støberiet"], [0.7, 0.3])[0]


def _citizens(municipality, units, staff, n, rng, fake, today) -> Iterator[tuple[int, int, int, int]]:
    _, _, postcode, city = organisation.MAIN if municipality.code == organisation.MAIN[0] else organisation.NEIGHBOUR
    casework = next(name for name, unit in units.items() if unit.kind == Unit.Kind.CASEWORK)
    used: set[str] = set()
    done = 0
    while done < n:
        size = min(BATCH, n - done)
        rows, plans = [], []
        for _ in range(size):
            born = _birth_date(rng, today)
            female = rng.random() < 0.52
            first = fake.first_name_female() if female else fake.first_name_male()
            age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
            rows.append(Citizen(
                municipality=municipality, cpr=_cpr(born, female, used, rng), birth_date=born, first_name=first,
                last_name=fake.last_name(), phone=_phone(rng) if rng.random() < 0.9 else "",
                email=f"{first.lower()}.{rng.randint(10, 999)}@example.dk" if rng.random() < 0.5 else "",
                address=fake.street_address(), postal_code=postcode, city=city,
            ))
            plans.append(age)
        with transaction.atomic():
            Citizen.objects.bulk_create(rows, batch_size=1000)
            involvements, relatives = [], []
            coordinators: list[Citizen] = []
            for citizen, age in zip(rows, plans, strict=True):
                unit_name = _primary_unit(age, rng, units)
                started = today - datetime.timedelta(days=rng.randint(20, 900))
                ends = started + datetime.timedelta(days=rng.randint(60, 700))
                if ends >= today:  # ended already: some weeks ago, not all on the day the demo is made
                    ends = max(today - datetime.timedelta(days=rng.randint(1, 90)), started + (today - started) / 2)
                active = rng.random() < 0.35
                ended = None if active else ends
                worker = rng.choice(staff[unit_name]) if unit_name in staff else None
                involvements.append(Involvement(municipality=municipality, citizen=citizen, unit=units[unit_name],
                                                worker=worker, started_on=started, ended_on=ended))
                if active and worker is not None:
                    citizen.coordinator = worker
                    coordinators.append(citizen)
                if rng.random() < 0.10:  # an open case with a caseworker
                    involvements.append(Involvement(
                        municipality=municipality, citizen=citizen, unit=units[casework],
                        worker=rng.choice(staff[casework]),
                        started_on=today - datetime.timedelta(days=rng.randint(0, 60))))
                for _ in range(rng.choices([0, 1, 2, 3], [0.25, 0.45, 0.22, 0.08])[0]):
                    relatives.append(Relative(municipality=municipality, citizen=citizen, name=fake.name(),
                                              relation=rng.choice(RELATIONS), phone=_phone(rng)))
            Involvement.objects.bulk_create(involvements, batch_size=1000)
            Citizen.objects.bulk_update(coordinators, ["coordinator"], batch_size=1000)
            Relative.objects.bulk_create(relatives, batch_size=1000)
            consents = []
            for relative in relatives:
                if rng.random() < 0.7:
                    scopes = rng.sample([s for s, _ in Consent.Scope.choices], rng.randint(1, 3))
                    for scope in scopes:
                        given = today - datetime.timedelta(days=rng.randint(1, 800))
                        withdrawn = None
                        if rng.random() < 0.1:
                            withdrawn = min(today, given + datetime.timedelta(days=rng.randint(1, 300)))
                        consents.append(Consent(municipality=municipality, citizen_id=relative.citizen_id,
                                                relative=relative, scope=scope, given_on=given,
                                                withdrawn_on=withdrawn))
            Consent.objects.bulk_create(consents, batch_size=1000)
        done += size
        yield size, len(relatives), len(consents), len(involvements)
