"""The demo municipality gets two years of measurements with varied change."""

import datetime

import pytest
from django.core.management import call_command

from tovholder.outcomes.models import Measurement
from tovholder.outcomes.selectors import outcome_figures
from tovholder.outcomes.statistics import Point, overall_change
from tovholder.tenancy.models import Municipality

TODAY = datetime.date(2026, 11, 23)


@pytest.mark.django_db
def test_demo_has_two_years_of_varied_measurements():
    call_command("demo", citizens=150, seed=5, today=TODAY, verbosity=0)
    ballerup = Municipality.objects.get(code="151")
    compass = Measurement.objects.filter(municipality=ballerup, version__instrument__key="recovery-kompas")
    days = compass.values_list("measured_on", flat=True)
    assert min(days) <= TODAY - datetime.timedelta(days=500) and max(days) <= TODAY
    assert Measurement.objects.filter(version__instrument__key="who5").exists()
    series: dict[int, list] = {}
    for m in compass.prefetch_related("scores").order_by("measured_on", "pk"):
        series.setdefault(m.citizen_id, []).append(Point(m.measured_on, {s.area_key: s.value for s in m.scores.all()}))
    changes = [c for s in series.values() if (c := overall_change(s)) is not None]
    assert len(changes) >= 20
    assert sum(c > 0 for c in changes) > len(changes) / 3  # many improve …
    assert sum(c <= 0 for c in changes) >= 5  # … and some do not
    assert set(compass.values_list("unit__name", flat=True)) >= {"SKP-teamet", "Ballerup Ungeindsats"}


@pytest.mark.django_db
def test_demo_manager_figures(django_user_model):
    call_command("demo", citizens=150, seed=5, today=TODAY, verbosity=0)
    leder = django_user_model.objects.get(username="leder")
    compass = Measurement.objects.filter(version__instrument__key="recovery-kompas").first().version.instrument
    figures = outcome_figures(leder, instrument_id=compass.pk)
    assert figures.all_citizens.citizens >= 20 and not figures.all_citizens.suppressed
    hope = next(r for r in figures.all_citizens.rows if r.key == "haab").change
    assert hope.change.low < hope.change.mean < hope.change.high
    assert any(g.label.startswith("SKP") for g in figures.groups)
