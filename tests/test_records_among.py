"""`records.among`: ids computed in Python as one SQL parameter, however many – a figure's list at national size
has more ids than SQLite takes parameters (32 766)."""

from tovholder.citizens.models import Citizen
from tovholder.records import among


def test_among_finds_the_ids_however_many(world):
    real = list(Citizen.objects.order_by("pk").values_list("pk", flat=True))
    assert real
    beyond = max(real) + 1
    ids = [*real, *range(beyond, beyond + 40_000)]  # more than one parameter per id could carry on SQLite
    assert sorted(Citizen.objects.filter(pk__in=among(ids)).values_list("pk", flat=True)) == real
    assert Citizen.objects.filter(pk__in=among(real[:1])).count() == 1
    assert not Citizen.objects.filter(pk__in=among([])).exists()
    assert Citizen.objects.exclude(pk__in=among(real[1:])).count() == 1
