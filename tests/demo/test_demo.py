import datetime

import pytest
from django.core.management import CommandError, call_command

from tovholder.accounts.models import StaffProfile
from tovholder.citizens.cpr import age_on, clean_cpr
from tovholder.citizens.models import Citizen, Consent, Involvement, Relative

TODAY = datetime.date(2026, 11, 23)


def _fingerprint():
    return list(Citizen.objects.order_by("pk").values_list("cpr", "first_name", "last_name", "address")[:200])


@pytest.mark.django_db
def test_demo_is_deterministic_for_a_seed(django_db_blocker):
    call_command("demo", citizens=200, seed=11, today=TODAY, verbosity=0)
    first = _fingerprint()
    counts = (Citizen.objects.count(), Relative.objects.count(), Consent.objects.count())
    assert counts[0] == 200 + 40
    # empty the database again (the generator logs no access events), then build with the same seed
    for model in (Consent, Relative, Involvement):
        model.objects.all().delete()
    Citizen.objects.all().delete()
    StaffProfile.objects.all().delete()
    from django.contrib.auth import get_user_model

    from tovholder.accounts.models import Unit
    from tovholder.offers.models import Offer, OfferQuota
    from tovholder.tenancy.models import Municipality

    OfferQuota.objects.all().delete()
    Offer.objects.all().delete()
    Unit.objects.filter(parent__isnull=False).delete()
    Unit.objects.all().delete()
    get_user_model().objects.all().delete()
    Municipality.objects.all().delete()
    call_command("demo", citizens=200, seed=11, today=TODAY, verbosity=0)
    assert _fingerprint() == first
    assert (Citizen.objects.count(), Relative.objects.count(), Consent.objects.count()) == counts


@pytest.mark.django_db
def test_demo_citizens_are_realistic():
    call_command("demo", citizens=1000, seed=5, today=TODAY, verbosity=0)
    ballerup = Citizen.objects.filter(municipality__code="151")
    ages = [age_on(b, TODAY) for b in ballerup.values_list("birth_date", flat=True)]
    young = sum(18 <= a <= 30 for a in ages) / len(ages)
    assert 0.24 <= young <= 0.32  # seed 002: 25–30 % aged 18–30
    assert min(ages) >= 16
    for cpr, born in ballerup.values_list("cpr", "birth_date")[:300]:
        assert clean_cpr(cpr, today=TODAY) == cpr  # valid CPR whose date is the birth date
        assert cpr[:6] == born.strftime("%d%m%y")
    # everyone active has a coordinator from the unit that supports them
    active = Involvement.objects.filter(ended_on__isnull=True, citizen__municipality__code="151",
                                        unit__kind="team")
    assert active.exists()
    assert all(i.citizen.coordinator_id is not None for i in active.select_related("citizen")[:100])
    assert Consent.objects.filter(withdrawn_on__isnull=False).exists()


@pytest.mark.django_db
def test_staffing_plan_from_the_seeds():
    call_command("demo", citizens=50, seed=1, today=TODAY, verbosity=0)
    workers = {name: StaffProfile.objects.filter(units__name=name, user__groups__name="Medarbejder").count()
               for name in ["SKP-teamet", "Kompetenceteamet", "Ballerup Ungeindsats", "ASF-teamet"]}
    assert workers == {"SKP-teamet": 8, "Kompetenceteamet": 3, "Ballerup Ungeindsats": 10, "ASF-teamet": 2}
    assert StaffProfile.objects.filter(units__name="Social Vejledning").count() >= 3


@pytest.mark.django_db
def test_demo_refuses_a_database_with_data_and_if_empty_reuses_it(capsys):
    call_command("demo", citizens=50, seed=1, today=TODAY, verbosity=0)
    with pytest.raises(CommandError, match="allerede data"):
        call_command("demo", citizens=50, seed=1, verbosity=0)
    call_command("demo", citizens=50, seed=1, if_empty=True, verbosity=0)
    assert "findes allerede" in capsys.readouterr().out
    assert Citizen.objects.filter(municipality__code="151").count() == 50


@pytest.mark.parametrize("n", [0, 49, 100_001])
def test_citizen_count_bounds(n, db):
    with pytest.raises(CommandError, match="mellem 50 og 100000"):
        call_command("demo", citizens=n, seed=1, verbosity=0)
