"""An offer without visitation (§ 104) is used directly; the municipality may choose, per offer, that it
can also be granted formally — with a decision, a letter and an order to the provider — and both work."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.conftest import make_staff
from tovholder.audit.models import AuditEvent
from tovholder.offers.models import LegalBasis, Offer
from tovholder.support import services as support
from tovholder.visitation import services
from tovholder.visitation.models import Decision, Order

TODAY = datetime.date.today
REASONS = "Borgeren har brug for et fast holdepunkt i hverdagen og fællesskab med andre."


@pytest.fixture
def cafe(world):
    p104 = LegalBasis.objects.create(law="Serviceloven", paragraph="§ 104", title="Aktivitets- og samværstilbud")
    return Offer.objects.create(municipality=world.ballerup, name="Værestedet", legal_basis=p104, format="dropin",
                                capacity_kind="places", capacity=Decimal(30), requires_visitation=False,
                                unit=world.skp)


def test_used_directly_until_the_municipality_chooses_it_may_be_granted(client, world, sw, cafe):
    case = services.open_case(actor=world.caseworker, citizen=world.casey)
    with pytest.raises(ValidationError, match="ikke valgt"):
        services.request_offer(actor=world.caseworker, case=case, offer=cafe)
    client.force_login(world.caseworker)
    form = client.get(reverse("case_detail", args=[case.pk])).context["offer_form"]
    assert cafe not in form.fields["offer"].queryset
    # a worker cannot choose; the manager can, on the offer's page
    client.force_login(world.own_worker)
    assert client.post(reverse("offer", args=[cafe.pk]), {"version": cafe.version, "may_be_granted": "on"}) \
        .status_code == 200
    assert not Offer.objects.get(pk=cafe.pk).may_be_granted
    client.force_login(world.manager)
    page = client.get(reverse("offer", args=[cafe.pk])).content.decode()
    assert "kan også bevilges formelt" in page
    response = client.post(reverse("offer", args=[cafe.pk]), {"version": cafe.version, "may_be_granted": "on"})
    assert response.status_code == 302 and Offer.objects.get(pk=cafe.pk).may_be_granted
    assert AuditEvent.objects.filter(action="offer.granting_chosen", actor=world.manager).exists()

    # now the whole path works: decision, letter, order, the provider accepts and starts
    cafe.refresh_from_db()
    d = services.request_offer(actor=world.caseworker, case=case, offer=cafe)
    d = services.grant(actor=world.caseworker, decision=d, version=d.version, start_on=TODAY(),
                       review_on=TODAY() + datetime.timedelta(days=180), reasons=REASONS)
    letter = services.send_decision_letter(actor=world.caseworker, decision=d)
    assert "Serviceloven § 104 (aktivitets- og samværstilbud)" in letter.html
    d = services.order(actor=world.caseworker, decision=d)
    leader = make_staff("skpleder", world.ballerup, world.skp, "Leder", "Teamleder")
    order = Order.objects.get(decision=d)
    services.accept_order(actor=leader, order=order, version=order.version, contact_person=world.own_worker)
    support.start_episode(actor=world.own_worker, citizen=world.casey, offer=cafe, decision=d, started_on=TODAY(),
                          hours_per_week=Decimal(1), worker=world.own_worker)
    assert Decision.objects.get(pk=d.pk).status == Decision.Status.ACTIVE
    # and it is still used directly by others, without a decision
    direct = support.start_episode(actor=world.own_worker, citizen=world.anna, offer=cafe, started_on=TODAY(),
                                   hours_per_week=Decimal(1))
    assert direct.decision is None


def test_an_offer_that_needs_visitation_is_always_granted(world, cafe):
    from tovholder.offers import services as offers

    skp = Offer.objects.create(municipality=world.ballerup, name="SKP-x", format="mixed", capacity_kind="open")
    with pytest.raises(ValidationError, match="kræver visitation"):
        offers.set_may_be_granted(actor=world.manager, offer=skp, version=skp.version, may_be_granted=False)
