"""A case as it happened and as FFB describes it: its number and dates (back-dated, in order, as far back
as the municipality allows), target groups, an assessment of any number of conditions with the overall
support need and a summary that are shown."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tovholder.offers import ffb
from tovholder.visitation import services
from tovholder.visitation.models import Assessment, Case

TODAY = datetime.date.today


def _code(display: str, category: str) -> str:
    return next(c.code for c in ffb.leaves(category) if c.display == display)


def _request(world, received_on, citizen=None, source="third_party"):
    return services.register_request(actor=world.caseworker, source=source, asks_for="Naboen er bekymret",
                                     received_on=received_on, citizen=citizen or world.bo,
                                     requester_name="Naboen")


def test_a_case_from_a_request_months_ago_keeps_its_dates(world, sw):
    months_ago = TODAY() - datetime.timedelta(days=120)
    request = _request(world, months_ago)
    case = services.open_case(actor=world.caseworker, citizen=world.bo, request=request,
                              opened_on=months_ago + datetime.timedelta(days=3))
    assert case.opened_on == months_ago + datetime.timedelta(days=3) and case.registered_at is not None
    assert case.number == f"{case.opened_on.year}-{case.pk:06d}"
    decision = services.request_offer(actor=world.caseworker, case=case, offer=sw.skp,
                                      requested_on=months_ago + datetime.timedelta(days=5))
    assert decision.requested_on == months_ago + datetime.timedelta(days=5)
    assert decision.deadline_on is None or decision.deadline_on > decision.requested_on  # runs from the application
    assert request.get_source_display().startswith("En anden")


@pytest.mark.parametrize("opened_on, message", [
    (lambda: TODAY() + datetime.timedelta(days=1), "fremtiden"),
    (lambda: TODAY() - datetime.timedelta(days=30), "før henvendelsen blev modtaget"),
    (lambda: datetime.date(1, 1, 1), "mere end 10 år tilbage"),
    (lambda: datetime.date(9999, 12, 31), "fremtiden"),
])
def test_case_dates_out_of_order_are_refused(world, sw, opened_on, message):
    request = _request(world, TODAY() - datetime.timedelta(days=10))
    with pytest.raises(ValidationError, match=message):
        services.open_case(actor=world.caseworker, citizen=world.bo, request=request, opened_on=opened_on())
    assert not Case.objects.filter(citizen=world.bo).exists()


def test_how_far_back_is_the_municipality_s_setting(world, sw):
    world.ballerup.backdate_years = 30
    world.ballerup.save()
    long_ago = TODAY() - datetime.timedelta(days=365 * 20)
    request = _request(world, long_ago)
    assert services.open_case(actor=world.caseworker, citizen=world.bo, request=request,
                              opened_on=long_ago).opened_on == long_ago


def test_the_municipality_s_own_case_number_is_unique(world, sw):
    services.open_case(actor=world.caseworker, citizen=world.casey, number="27.12.04-G01-123-26")
    request = _request(world, TODAY())
    with pytest.raises(ValidationError, match="allerede brugt"):
        services.open_case(actor=world.caseworker, citizen=world.bo, request=request, number="27.12.04-G01-123-26")


def test_target_groups_come_from_ffb(world, sw):
    case = services.open_case(actor=world.caseworker, citizen=world.casey)
    isolation, angst = _code("Social isolation", "Målgruppe"), _code("Angst", "Målgruppe")
    case = services.record_target_groups(actor=world.caseworker, case=case, version=case.version, primary=angst,
                                         others=[isolation, angst])
    assert case.primary_target_group_display == "Angst" and case.target_groups_display == ["Social isolation"]
    service = _code("Social aktivitet", "Ydelse")  # a service, not a target group
    for primary, others in (("not-a-code", []), (service, []), ("", [angst])):
        with pytest.raises(ValidationError):
            services.record_target_groups(actor=world.caseworker, case=case, version=case.version, primary=primary,
                                          others=others)


def test_an_assessment_of_twelve_conditions_with_the_overall_support_need(client, world, sw):
    case = services.open_case(actor=world.caseworker, citizen=world.casey)
    conditions = [c for c in ffb.under("FFB tilstande") if len(c.path) >= 3][:12]
    activity = {c.code for c in ffb.under("Aktivitet og deltagelse")}
    client.force_login(world.caseworker)
    url = reverse("assessment_create", args=[case.pk])
    data = {"assessed_on": TODAY().isoformat(), "support_need": "", "summary": "Har brug for struktur.",
            "t-TOTAL_FORMS": "6", "t-INITIAL_FORMS": "0", "t-MIN_NUM_FORMS": "0", "t-MAX_NUM_FORMS": "100"}
    for i in range(6):
        data[f"t-{i}-condition"] = conditions[i].code
        data[f"t-{i}-functional_level"] = "2" if conditions[i].code in activity else ""
    more = client.post(url, {**data, "more": "1"})  # not enough rows: four more, nothing lost
    assert more.status_code == 200 and not Assessment.objects.exists()
    assert more.context["formset"].total_form_count() == 10
    assert f'value="{conditions[5].code}" selected' in more.content.decode()
    data["t-TOTAL_FORMS"] = "14"
    for i in range(6, 12):
        data[f"t-{i}-condition"] = conditions[i].code
        data[f"t-{i}-functional_level"] = "3" if conditions[i].code in activity else ""
    need = next(c.code for c in ffb.under("Støttebehovsniveau") if c.display == "Moderat støttebehov")
    data["support_need"] = need
    assert client.post(url, data).status_code == 302
    assessment = Assessment.objects.get()
    assert assessment.scores.count() == 12 and assessment.support_need_display == "Moderat støttebehov"
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "Har brug for struktur." in page and "Moderat støttebehov" in page


def test_an_assessment_cannot_be_dated_before_its_case(world, sw):
    request = _request(world, TODAY() - datetime.timedelta(days=20), citizen=world.casey)
    case = services.open_case(actor=world.caseworker, citizen=world.casey, request=request,
                              opened_on=TODAY() - datetime.timedelta(days=10))
    with pytest.raises(ValidationError, match="før sagen blev oprettet"):
        services.record_assessment(actor=world.caseworker, case=case, assessed_on=TODAY() - datetime.timedelta(days=11),
                                   scores=[{"condition": next(c.code for c in ffb.under("FFB tilstande")
                                                              if len(c.path) >= 3)}])
