"""Regression tests of issue 16's defects: each reproduced, then refused in Danish with nothing written."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.activities.test_visits_and_calendar import at, plan
from tests.forecast import conftest as forecast_fixtures
from tests.support.conftest import days
from tests.visitation import conftest as visitation_fixtures
from tovholder.activities.models import Occasion
from tovholder.citizens import services as citizen_services
from tovholder.citizens.models import Citizen, Consent
from tovholder.layout.dates import check_date
from tovholder.records import clean_decimal, int_or_none, load_json
from tovholder.visitation.models import DirectHelp, Request

catalogue = forecast_fixtures.catalogue  # the fixtures of the forecast and visitation tests
offers = visitation_fixtures.offers


def _client(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


# --- server errors on bad input ------------------------------------------------------------------

def test_a_malformed_request_id_on_direct_help_is_not_found(world):
    client = _client(world.own_worker)
    for ref in ("abc", "١٢٣", "²", "9" * 30, "1\x00"):
        assert client.get(reverse("direct_help"), {"henvendelse": ref}).status_code == 404, ref


def test_a_malformed_request_id_posted_to_a_new_case_is_not_found(world):
    client = _client(world.caseworker)
    for ref in ("abc", "²", "9" * 30):
        response = client.post(reverse("case_open", args=[world.casey.pk]), {"henvendelse": ref})
        assert response.status_code == 404, ref


@pytest.mark.parametrize("value", ["abc", "1" * 5000, "-1", "١"])
def test_int_or_none_never_raises(value):
    assert int_or_none(value) is None
    assert int_or_none("42") == 42


@pytest.mark.parametrize("text, message", [
    ("[" * 100_000, "indlejret"),
    ('{"a": ' * 40 + "1" + "}" * 40, "indlejret"),
    ('{"horizon_years": 1e400}', "for stort"),
    ('{"x": NaN}', "NaN"),
    ('{"x": "a\\u0000b"}', "NUL"),
    ('{"x": "a\x00b"}', "NUL"),
    ('{"seed": ' + "9" * 5000 + "}", "for stort"),
])
def test_load_json_refuses_what_would_crash_later(text, message):
    with pytest.raises(ValidationError, match=message):
        load_json(text)


def test_json_escapes_in_strings_do_not_count_as_nesting():
    assert load_json('{"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\""}') == {"a": "[" * 39 + '"'}


@pytest.mark.parametrize("text", ["[" * 100_000, '{"horizon_years": 1e308}', '{"seed": 1e400}',
                                  '{"name": "a\\u0000"}', '{"seed": ' + "1" + "0" * 400 + "}"])
def test_the_scenario_editor_refuses_hostile_json(world, catalogue, text):
    from tovholder.forecast import services
    from tovholder.forecast.models import Scenario

    scenario = services.create_scenario(actor=world.manager, name="Grundscenarie", shipped="baseline_2016")
    if text.startswith('{"'):  # a real scenario with the one field made hostile
        data = dict(scenario.data)
        key, raw = text[2:].split('":', 1)
        text = json.dumps(data)[:-1] + f', "{key}":{raw}'
    response = _client(world.manager).post(reverse("forecast_scenario_json", args=[scenario.pk]),
                                           {"version": scenario.version, "data": text})
    assert response.status_code == 200
    assert Scenario.objects.get().version == scenario.version


def test_a_scenario_seed_of_ten_to_the_400_is_refused(world, catalogue):
    from tovholder.forecast.engine import ScenarioError
    from tovholder.forecast.scenarios import shipped_dict, validate

    with pytest.raises((ScenarioError, ValidationError), match="Seed"):
        validate({**shipped_dict("baseline_2016"), "seed": 10 ** 400})


def test_the_instrument_import_refuses_deep_json(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = _client(world.admin)
    for content in (b"[" * 100_000, b'{"a": "\\u0000"}', b"[1, 2]"):
        response = client.post(reverse("instrument_import"), {"file": SimpleUploadedFile("r.json", content)})
        assert response.status_code in (200, 403), content[:10]


def test_calibration_with_a_malformed_version_is_no_server_error(world, catalogue):
    from tovholder.forecast import services

    scenario = services.create_scenario(actor=world.manager, name="Grundscenarie", shipped="baseline_2016")
    response = _client(world.manager).post(reverse("forecast_calibration", args=[scenario.pk]),
                                           {"version": "abc", "date_from": "2025-01-01", "date_to": "2025-12-31"})
    assert response.status_code < 500


def test_a_nul_character_in_a_text_field_is_refused(world):
    response = _client(world.caseworker).post(reverse("citizen_create"), {
        "cpr": "120388-4321", "first_name": "Ib\x00", "last_name": "Lund", "postal_code": "2750"})
    assert response.status_code == 200
    assert not Citizen.objects.filter(cpr="1203884321").exists()


# --- weak validation saved with success ----------------------------------------------------------

@pytest.mark.parametrize("code", ["abcd", "-123", "١٢٣٤", "２７５０", "275", "1 23"])
def test_postal_codes_are_four_ascii_digits_at_create_and_edit(world, code):
    client = _client(world.caseworker)
    response = client.post(reverse("citizen_create"), {"cpr": "120388-4321", "first_name": "Ib", "last_name": "Lund",
                                                       "postal_code": code})
    assert response.status_code == 200 and "Et postnummer har 4 cifre" in response.content.decode()
    assert not Citizen.objects.filter(cpr="1203884321").exists()
    with pytest.raises(ValidationError, match="postnummer"):
        citizen_services.create_citizen(actor=world.caseworker, cpr="1203884321", first_name="Ib", last_name="Lund",
                                        postal_code=code)
    with pytest.raises(ValidationError, match="postnummer"):
        citizen_services.update_contact(actor=world.caseworker, citizen=world.casey, version=world.casey.version,
                                        postal_code=code)
    world.casey.refresh_from_db()
    assert world.casey.postal_code == ""


def test_a_good_postal_code_is_kept(world):
    citizen = citizen_services.update_contact(actor=world.caseworker, citizen=world.casey,
                                              version=world.casey.version, postal_code="2750")
    assert citizen.postal_code == "2750"


@pytest.mark.parametrize("day, kind, message", [
    (datetime.date(1, 1, 1), "any", "før år 1900"),
    (datetime.date(1899, 12, 31), "any", "før år 1900"),
    (datetime.date(9999, 12, 31), "any", "fremtiden"),
    (datetime.date(9999, 12, 31), "planned", "3 år frem"),
])
def test_the_one_date_validation(day, kind, message):
    with pytest.raises(ValidationError, match=message):
        check_date(day, kind=kind)


def test_a_date_before_the_citizens_birth_is_refused():
    with pytest.raises(ValidationError, match="før borgerens fødsel"):
        check_date(datetime.date(1980, 1, 1), born=datetime.date(1990, 1, 1))
    assert check_date(datetime.date(2000, 1, 1), born=datetime.date(1990, 1, 1)) == datetime.date(2000, 1, 1)


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31"])
def test_a_request_received_in_year_0001_or_1899_is_refused(world, offers, day):
    response = _client(world.caseworker).post(reverse("request_create"), dict(
        source="citizen", asks_for="Har brug for hjælp", urgency="normal", received_on=day, cpr=world.casey.cpr,
        first_name="", last_name="", anonymous_label=""))
    assert response.status_code == 200 and "før år 1900" in response.content.decode()
    assert not Request.objects.exists()


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31"])
def test_direct_help_in_year_0001_or_1899_is_refused(world, offers, day):
    response = _client(world.own_worker).post(reverse("direct_help"), dict(
        offer=offers.counselling.pk, cpr="", anonymous_label="Mand", given_on=day, minutes=30, note=""))
    assert response.status_code == 200 and "før år 1900" in response.content.decode()
    assert not DirectHelp.objects.exists()


@pytest.mark.parametrize("day, message", [("0001-01-01", "før år 1900"), ("1899-12-31", "før år 1900"),
                                          ("1979-01-01", "før borgerens fødsel")])
def test_consent_before_1900_or_before_birth_is_refused(world, day, message):
    relative = citizen_services.add_relative(actor=world.caseworker, citizen=world.casey, name="Ole Nielsen",
                                             relation="far")
    before = Consent.objects.count()
    response = _client(world.caseworker).post(reverse("consent_create", args=[world.casey.pk]),
                                              {"relative": relative.pk, "scope": "plan", "given_on": day})
    assert response.status_code == 200 and message in response.content.decode()
    assert Consent.objects.count() == before
    with pytest.raises(ValidationError, match=message):
        citizen_services.give_consent(actor=world.caseworker, relative=relative, scope="plan",
                                      given_on=datetime.date.fromisoformat(day))


@pytest.mark.parametrize("form_class, field", [
    ("visitation.GrantForm", "review_on"), ("visitation.EffortFollowUpForm", "next_on"),
    ("visitation.DeadlineNoticeForm", "expected_by"), ("plans.PlanForm", "review_on"),
    ("plans.GoalForm", "next_follow_up_on"), ("plans.FollowUpForm", "next_on"),
])
def test_review_dates_and_the_expected_decision_in_year_9999_are_refused(form_class, field):
    import importlib

    app, name = form_class.split(".")
    form_field = getattr(importlib.import_module(f"tovholder.{app}.forms"), name).base_fields[field]
    with pytest.raises(ValidationError, match="fremtiden"):
        form_field.clean("9999-12-31")
    with pytest.raises(ValidationError, match="3 år frem"):
        form_field.clean((timezone.localdate() + datetime.timedelta(days=4 * 366)).isoformat())
    soon = timezone.localdate() + datetime.timedelta(days=300)
    assert form_field.clean(soon.isoformat()) == soon


def test_every_date_field_of_every_form_uses_the_one_validation():
    """Driven by the forms: a new date field that is a plain DateField fails here."""
    import importlib
    import inspect

    from django import forms
    from django.conf import settings

    from tovholder.layout.forms import Day

    plain = []
    # the forecast's scenario dates look years ahead and are bounded by the scenario's horizon instead
    apps = [a.removeprefix("tovholder.") for a in settings.INSTALLED_APPS if a.startswith("tovholder.")]
    for app in [a for a in apps if a != "forecast"]:
        try:
            module = importlib.import_module(f"tovholder.{app}.forms")
        except ModuleNotFoundError:
            continue
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                plain += [f"{app}.{name}.{f}" for f, field in cls.base_fields.items()
                          if isinstance(field, forms.DateField) and not isinstance(field, Day)]
    assert not plain, plain


def test_a_repeating_series_may_not_reach_beyond_a_year(world, sw):
    with pytest.raises(ValidationError, match="et år frem"):
        plan(world, at(days(1)), repeat_weeks=52, every_weeks=8)  # the last one would be in 2034
    assert not Occasion.objects.exists()
    assert len(plan(world, at(days(1)), repeat_weeks=52, every_weeks=1)) == 53  # 52 weeks is within the year


@pytest.mark.parametrize("value", ["9" * 30, "abc", "²"])
def test_a_hostile_goal_id_in_a_journal_note_is_an_invalid_choice(world, value):
    from tovholder.journal.forms import GoalsField
    from tovholder.plans.models import Goal

    field = GoalsField(queryset=Goal.objects.all(), required=False)
    with pytest.raises(ValidationError, match="gyldig"):
        field.clean([value])


@pytest.mark.parametrize("typed, expected", [("27,5", Decimal("27.50")), ("27.5", Decimal("27.50")),
                                             (" 1 250,25 ", Decimal("1250.25")), ("0", Decimal("0.00")),
                                             (Decimal("3"), Decimal("3.00"))])
def test_a_number_typed_the_danish_or_the_machine_way_is_read(typed, expected):
    assert clean_decimal(typed, field="f", label="tallet") == expected


@pytest.mark.parametrize("typed", ["abc", "", "1,2,3", "1.234,5", "NaN", "Infinity", "1e400", "2,555", "\x00",
                                   "9" * 10_000, None])
def test_a_number_that_is_not_one_gets_a_danish_message(typed):
    with pytest.raises(ValidationError) as refused:
        clean_decimal(typed, field="f", label="tallet")
    assert refused.value.message_dict["f"][0].startswith("Skriv tallet ")
