"""The kompetenceteam: the contact-person suggestion (a pure matching function and the intake page that
uses it), the home-taking of externally bought cases with its saving, and the ASF offer's two services."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.conftest import make_staff
from tovholder.accounts.models import Competence, Unit
from tovholder.audit.models import AccessEvent
from tovholder.offers.models import LegalBasis, Offer
from tovholder.support import hometaking, matching, services
from tovholder.support.models import ExternalPlacement, HomeTakingStep
from tovholder.visitation import services as visitation
from tovholder.visitation.models import Need

TODAY = datetime.date.today
OUTWARD = "e1b59a4a-9cc2-4113-a5f1-84af588b02a2"  # FFB target group: Udadreagerende adfærd
DRUGS = "0e25a2ec-4f04-4d14-a5ad-a6519a7d1d5f"  # FFB target group: Stofmisbrug
SOCIAL = "7e419926-bb04-4829-99c9-95ea20403c2c"  # FFB service: Social aktivitet
HOME = "638f44df-6bf2-47f8-9935-b8fdc83e5bf5"  # FFB service: Støtte til daglige opgaver i hjemmet


# --- the pure function ---------------------------------------------------------------------------

def _need(code, label, source="målgruppe"):
    return matching.CitizenNeed(code, label, source)


def _cand(pk, name, load, *skills):
    return matching.Candidate(pk, name, tuple(matching.Skill(n, frozenset(c)) for n, c in skills), load)


def test_matching_ranks_by_needs_matched_then_caseload_then_name():
    needs = [_need("out", "Udadreagerende adfærd"), _need("drugs", "Stofmisbrug"), _need("out", "dublet")]
    ranked = matching.suggest(needs, [
        _cand(1, "Åse", 2, ("Misbrug", {"drugs"})),
        _cand(2, "Bent", 14, ("Dobbeltdiagnose", {"drugs"}), ("Udadreagerende adfærd", {"out"})),
        _cand(3, "Carl", 1, ("Misbrug", {"drugs"})),
        _cand(4, "Dorte", 0, ("Autisme", {"autism"})),
        _cand(5, "Anna", 2, ("Misbrug", {"drugs"})),
    ])
    assert [s.worker_id for s in ranked] == [2, 3, 5, 1, 4]
    best = ranked[0]
    assert best.needs_matched == 2 and best.caseload == 14
    assert best.reasons == ["Kompetence: Dobbeltdiagnose – matcher målgruppe Stofmisbrug",
                            "Kompetence: Udadreagerende adfærd – matcher målgruppe Udadreagerende adfærd"]
    assert best.summary.endswith("; 14 borgere nu")
    assert ranked[-1].summary == "Ingen af kompetencerne matcher borgerens behov; ingen borgere nu"
    assert ranked[1].caseload_text == "1 borger nu"


def test_matching_without_needs_or_candidates():
    assert matching.suggest([], []) == []
    ranked = matching.suggest([], [_cand(1, "B", 3), _cand(2, "A", 3), _cand(3, "C", 1)])
    assert [s.worker_id for s in ranked] == [3, 2, 1] and all(s.matches == [] for s in ranked)


# --- the intake: suggestions for the providing team's workers only --------------------------------

@pytest.fixture
def komp(world, sw):
    unit = Unit.objects.create(municipality=world.ballerup, name="Kompetenceteamet", kind="team",
                               parent=world.management)
    sw.komp.unit = unit
    sw.komp.price, sw.komp.price_unit = Decimal(610), "hour"
    sw.komp.save()
    outward = Competence.objects.create(name="Udadreagerende adfærd", covers=[Need.OUTWARD, OUTWARD])
    dual = Competence.objects.create(name="Dobbeltdiagnose", covers=[Need.SUBSTANCE, DRUGS])
    k1 = make_staff("komp1", world.ballerup, unit, "Medarbejder", "Specialkonsulent")
    k2 = make_staff("komp2", world.ballerup, unit, "Medarbejder", "Specialkonsulent")
    k1.staff.competences.add(outward)
    k2.staff.competences.add(outward, dual)
    leader = make_staff("kompleder", world.ballerup, unit, "Leder", "Teamleder")
    return {"unit": unit, "k1": k1, "k2": k2, "leader": leader}


@pytest.fixture
def komp_order(world, sw, komp):
    case = visitation.open_case(actor=world.caseworker, citizen=world.casey)
    visitation.record_wishes_and_needs(actor=world.caseworker, case=case, version=case.version, citizen_wishes="",
                                       needs=[Need.SUBSTANCE])
    case.refresh_from_db()
    visitation.record_target_groups(actor=world.caseworker, case=case, version=case.version, primary=OUTWARD,
                                    others=[DRUGS])
    d = visitation.request_offer(actor=world.caseworker, case=case, offer=sw.komp)
    d = visitation.grant(actor=world.caseworker, decision=d, version=d.version, start_on=TODAY(),
                         review_on=TODAY() + datetime.timedelta(days=90), hours_per_week=Decimal(3),
                         reasons="Borgeren har brug for specialiseret støtte.")
    return visitation.order(actor=world.caseworker, decision=d).orders.get()


def test_the_order_page_suggests_the_team_workers_with_reasons_and_the_leader_picks(client, world, sw, komp,
                                                                                     komp_order):
    client.force_login(komp["leader"])
    page = client.get(reverse("order", args=[komp_order.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    names = [s.name for s in page.context["v"].suggestions]
    assert names == [komp["k2"].get_full_name(), komp["k1"].get_full_name()]  # k2 matches more
    assert "Kompetence: Dobbeltdiagnose – matcher behov Misbrug og målgruppe Stofmisbrug" in text
    assert world.own_worker.get_full_name() not in names  # only the providing team's workers
    assert komp["leader"].get_full_name() not in names  # who gives support, not the leader
    # a malformed worker id: a Danish message, nothing written
    bad = client.post(reverse("order", args=[komp_order.pk]), {
        "action": "accept", "version": komp_order.version, "contact_person": "1; DROP", "accepted_on": TODAY()})
    assert bad.status_code == 200 and "form-error-message" in bad.content.decode()
    komp_order.refresh_from_db()
    assert komp_order.contact_person is None
    done = client.post(reverse("order", args=[komp_order.pk]), {
        "action": "accept", "version": komp_order.version, "contact_person": komp["k1"].pk,
        "accepted_on": TODAY().isoformat()})
    assert done.status_code == 302
    komp_order.refresh_from_db()
    assert komp_order.contact_person == komp["k1"]  # the leader decides, not the ranking


def test_the_caseload_counts_running_episodes_and_accepted_orders(world, sw, komp, komp_order):
    from tovholder.support.selectors import team_candidates

    visitation.accept_order(actor=komp["leader"], order=komp_order, version=komp_order.version,
                            contact_person=komp["k1"])
    loads = {c.worker_id: c.caseload for c in team_candidates(komp["unit"])}
    assert loads == {komp["k1"].pk: 1, komp["k2"].pk: 0}


# --- home-taking ---------------------------------------------------------------------------------

def _register(world, komp, **kw):
    args = dict(actor=komp["leader"], citizen=world.bo, unit=komp["unit"], provider="Bostøtten Lyngly ApS",
                what="§ 85-støtte, 20 timer pr. uge", price=Decimal(78000), price_unit="month",
                starts_on=TODAY() - datetime.timedelta(days=300))
    return services.register_placement(**{**args, **kw})


def test_register_plan_step_and_take_home_with_the_saving(world, sw, komp):
    p = _register(world, komp)
    assert p.status_display == "Købt eksternt"
    assert world.bo.involvements.filter(unit=komp["unit"], ended_on__isnull=True).exists()
    p = services.plan_home_taking(actor=komp["leader"], placement=p, version=p.version,
                                  target_on=TODAY() + datetime.timedelta(days=60), home_offer=sw.komp,
                                  hours_per_week="8", responsible=komp["k1"], note="Tættere på hjemmet")
    saving = hometaking.saving_of(p)
    assert saving.external == Decimal("78000.00") and saving.team == Decimal("21146.67")  # 8 × 610 × 52 / 12
    assert saving.per_year == Decimal("682240.00")
    step = services.add_home_taking_step(actor=komp["leader"], placement=p, text="Møde med leverandøren",
                                         due_on=TODAY() + datetime.timedelta(days=10))
    services.complete_home_taking_step(actor=komp["leader"], step=step)
    with pytest.raises(ValidationError):
        services.complete_home_taking_step(actor=komp["leader"], step=step)
    p = services.record_taken_home(actor=komp["leader"], placement=p, version=p.version, on=TODAY())
    assert p.taken_home_on == TODAY() and p.ends_on == TODAY() and p.status_display == "Hjemtaget"
    assert hometaking.saving_of(
        ExternalPlacement(price=Decimal(910000), price_unit="year", home_offer=sw.komp,
                          home_hours_per_week=Decimal(10))).per_year == Decimal("592800.00")


@pytest.mark.parametrize("bad, field", [
    ({"price": Decimal(-1)}, "price"), ({"price": "mange"}, "price"), ({"price": "NaN"}, "price"),
    ({"ends_on": TODAY() - datetime.timedelta(days=400)}, "ends_on"), ({"price_unit": "week"}, "price_unit"),
    ({"provider": "  "}, "provider"),
])
def test_hostile_registrations_write_nothing(world, sw, komp, bad, field):
    with pytest.raises(ValidationError) as exc:
        _register(world, komp, **bad)
    assert field in exc.value.message_dict
    assert not ExternalPlacement.objects.exists()


def test_only_the_units_leader_registers_and_plans(world, sw, komp):
    with pytest.raises(PermissionDenied):
        _register(world, komp, actor=komp["k1"])
    other_leader = make_staff("skpleder", world.ballerup, world.skp, "Leder", "Teamleder")
    with pytest.raises(PermissionDenied):
        _register(world, komp, actor=other_leader)
    p = _register(world, komp, actor=world.manager)  # the manager above the unit
    with pytest.raises(ValidationError) as exc:  # someone outside the unit is not responsible
        services.plan_home_taking(actor=komp["leader"], placement=p, version=p.version, target_on=TODAY(),
                                  home_offer=sw.komp, hours_per_week="8", responsible=world.own_worker)
    assert "responsible" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:  # an hourly offer needs the hours
        services.plan_home_taking(actor=komp["leader"], placement=p, version=p.version, target_on=TODAY(),
                                  home_offer=sw.komp, hours_per_week=None, responsible=None)
    assert "hours_per_week" in exc.value.message_dict
    with pytest.raises(ValidationError):  # taken home before a plan
        services.record_taken_home(actor=komp["leader"], placement=p, version=p.version, on=TODAY())


def test_home_taking_pages_need_to_know(client, world, sw, komp):
    p = _register(world, komp)
    pages = [reverse("home_taking"), reverse("placement", args=[p.pk])]
    other_leader = make_staff("skpleder", world.ballerup, world.skp, "Leder", "Teamleder")
    expected = {komp["leader"]: (200, 200), world.manager: (200, 200), other_leader: (200, 403),
                komp["k1"]: (403, 403), world.own_worker: (403, 403), world.caseworker: (403, 403),
                world.admin: (403, 403), world.herlev_worker: (403, 403)}
    for user, codes in expected.items():
        client.force_login(user)
        got = tuple(client.get(url).status_code for url in pages)
        assert got == codes, user.username
    client.force_login(komp["leader"])
    text = client.get(pages[0]).content.decode()
    assert "Bo Hansen" in text and "78.000,00 kr." in text
    assert AccessEvent.objects.filter(actor=komp["leader"], citizen=world.bo, what="Hjemtagning").exists()
    client.force_login(other_leader)
    assert "Bo Hansen" not in client.get(pages[0]).content.decode()
    client.force_login(komp["leader"])
    assert "Hjemtagning af eksternt købte sager" in client.get(reverse("home")).content.decode()  # the panel


def test_hostile_input_on_the_pages_writes_nothing(client, world, sw, komp):
    client.force_login(komp["leader"])
    base = {"cpr": world.bo.cpr, "unit": komp["unit"].pk, "provider": "X ApS", "what": "Støtte",
            "price_unit": "month", "starts_on": TODAY().isoformat()}
    for bad in ({"price": "-5"}, {"price": "100", "ends_on": (TODAY() - datetime.timedelta(days=3)).isoformat()},
                {"price": "100", "cpr": "12345"}, {"price": "100", "unit": "x'"}):
        response = client.post(reverse("home_taking"), {**base, **bad})
        assert response.status_code == 200 and "form-error-message" in response.content.decode()
    assert not ExternalPlacement.objects.exists()
    p = _register(world, komp)
    response = client.post(reverse("placement", args=[p.pk]), {
        "action": "plan", "version": p.version, "target_on": TODAY().isoformat(), "home_offer": sw.komp.pk,
        "hours_per_week": "8", "responsible": "abc"})
    assert response.status_code == 200 and "form-error-message" in response.content.decode()
    response = client.post(reverse("placement", args=[p.pk]), {"action": "done", "step": "99999999999999999999"})
    assert response.status_code == 404
    p.refresh_from_db()
    assert p.target_on is None and not HomeTakingStep.objects.exists()


# --- ASF: one effort with two services -------------------------------------------------------------

def test_the_asf_grant_has_both_services_and_the_club_evening_counts_under_it(world, sw):
    p85 = LegalBasis.objects.get(paragraph="§ 85")
    asf = Offer.objects.create(municipality=world.ballerup, name="ASF-tilbud", legal_basis=p85, format="mixed",
                               capacity_kind="staff_hours", capacity=Decimal(40), unit=world.skp,
                               grant_services=[HOME, SOCIAL])
    asf.full_clean()
    case = visitation.open_case(actor=world.caseworker, citizen=world.casey)
    d = visitation.request_offer(actor=world.caseworker, case=case, offer=asf)
    d = visitation.grant(actor=world.caseworker, decision=d, version=d.version, start_on=TODAY(),
                         review_on=TODAY() + datetime.timedelta(days=90), hours_per_week=Decimal(2),
                         reasons="Borgeren har brug for støtte og fællesskab.")
    assert d.services == [HOME, SOCIAL]
    assert d.services_display == ["Støtte til daglige opgaver i hjemmet", "Social aktivitet"]
    bad = Offer(municipality=world.ballerup, name="Forkert", format="mixed", capacity_kind="open",
                grant_services=["1f0ff82b-3243-422f-9651-1d00fd2dcd61"])  # a group of services, not a service
    with pytest.raises(ValidationError):
        bad.full_clean()


def test_the_club_evening_counts_under_the_asf_effort(world, sw):
    """The club evening is an occasion of the ASF offer: the member's time counts toward their ASF episode."""
    import time_machine
    from django.utils import timezone

    from tovholder.activities import services as activities
    from tovholder.activities.models import Occasion
    from tovholder.support.selectors import citizen_support

    asf = Offer.objects.create(municipality=world.ballerup, name="ASF-tilbud", format="mixed",
                               capacity_kind="staff_hours", capacity=Decimal(40), unit=world.skp,
                               grant_services=[HOME, SOCIAL])
    case = visitation.open_case(actor=world.caseworker, citizen=world.casey,
                                opened_on=TODAY() - datetime.timedelta(days=30))
    d = visitation.request_offer(actor=world.caseworker, case=case, offer=asf,
                                 requested_on=TODAY() - datetime.timedelta(days=30))
    d = visitation.grant(actor=world.caseworker, decision=d, version=d.version,
                         decided_on=TODAY() - datetime.timedelta(days=20),
                         start_on=TODAY() - datetime.timedelta(days=14),
                         review_on=TODAY() + datetime.timedelta(days=90), hours_per_week=Decimal(3),
                         reasons="Borgeren har brug for støtte og fællesskab.")
    assert d.services == [HOME, SOCIAL]
    leader = make_staff("skpleder", world.ballerup, world.skp, "Leder", "Teamleder")
    order = visitation.order(actor=world.caseworker, decision=d, on=TODAY() - datetime.timedelta(days=12)).orders.get()
    visitation.accept_order(actor=leader, order=order, version=order.version, contact_person=world.own_worker,
                            accepted_on=TODAY() - datetime.timedelta(days=10))
    services.start_episode(actor=world.own_worker, citizen=world.casey, offer=asf, decision=d, mode="mixed",
                           started_on=TODAY() - datetime.timedelta(days=10), hours_per_week=Decimal(3))
    evening = timezone.now() - datetime.timedelta(days=3)
    with time_machine.travel(evening - datetime.timedelta(hours=2), tick=False):
        [club] = activities.plan_occasions(actor=world.own_worker, kind=Occasion.Kind.CLUB_EVENING, starts_at=evening,
                                           minutes=180, citizens=[world.casey], offer=asf, place="Klublokalet")
    activities.record_attendance(actor=world.own_worker, participation=club.participations.get(), status="attended")
    [running] = citizen_support(world.own_worker, world.casey.pk).active
    assert running.episode.offer == asf and running.delivered_hours == Decimal("3.0")


def test_the_team_cost_per_price_unit():
    assert hometaking.team_per_year(Decimal(610), "hour", Decimal(8)) == Decimal(253760)
    assert hometaking.team_per_year(Decimal(610), "hour", None) is None
    assert hometaking.team_per_year(Decimal(1000), "day", None) == Decimal(365000)
    assert hometaking.team_per_year(Decimal(20000), "month", None) == Decimal(240000)
    assert hometaking.team_per_year(Decimal(300000), "year", None) == Decimal(300000)
    assert hometaking.team_per_year(Decimal(0), "none", None) is None
    saving = hometaking.Saving(Decimal(120000), None)
    assert saving.external == Decimal("10000.00") and saving.per_year is None and saving.per_month is None
