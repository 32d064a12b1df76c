"""Each municipality's accessibility statement, contact and privacy pages: public, its own data only,
linked from the footer of every page, and the logo in the header is the municipality's."""

import pytest
from django.urls import reverse

from tovholder.tenancy.models import Compliance

PAGES = ("tenancy:accessibility", "tenancy:contact", "tenancy:privacy")


@pytest.fixture
def pages(world):
    world.ballerup.logo = "tovholder/logos/151.svg"
    world.ballerup.accessibility_url = "https://www.was.digst.dk/ballerup-tovholder"
    world.ballerup.accessibility_compliance = Compliance.PARTIAL
    world.ballerup.accessibility_known_issues = "Brevene i PDF kan ikke læses af skærmlæsere."
    world.ballerup.accessibility_contact = "tilg@ballerup.example"
    world.ballerup.contact_text = "Socialpsykiatrien, Ballerup Rådhus"
    world.ballerup.contact_phone = "44 77 20 00"
    world.ballerup.privacy_text = "Ballerup er dataansvarlig for Tovholder."
    world.ballerup.privacy_officer = "dpo@ballerup.example"
    world.ballerup.save()
    world.herlev.accessibility_url = "https://www.was.digst.dk/herlev-tovholder"
    world.herlev.accessibility_compliance = Compliance.FULL
    world.herlev.contact_text = "Herlev Rådhus, Herlev Bygade 90"
    world.herlev.privacy_text = "Herlev er dataansvarlig for Tovholder."
    world.herlev.save()
    return world


@pytest.mark.parametrize("name", PAGES)
def test_pages_are_public_and_show_only_their_municipality(client, pages, name):
    ballerup = client.get(reverse(name, args=[pages.ballerup.code]))
    herlev = client.get(reverse(name, args=[pages.herlev.code]))
    assert ballerup.status_code == herlev.status_code == 200  # no login needed
    b, h = ballerup.content.decode(), herlev.content.decode()
    assert "Ballerup" in b and "Herlev" not in b
    assert "Herlev" in h and "Ballerup" not in h


def test_statement_shows_its_fields_and_the_published_statement(client, pages):
    b = client.get(reverse("tenancy:accessibility", args=[pages.ballerup.code])).content.decode()
    assert "Delvist overholdt" in b
    assert "Brevene i PDF kan ikke læses af skærmlæsere." in b
    assert 'href="https://www.was.digst.dk/ballerup-tovholder"' in b
    assert "tilg@ballerup.example" in b
    h = client.get(reverse("tenancy:accessibility", args=[pages.herlev.code])).content.decode()
    assert "Fuldt ud overholdt" in h
    assert 'href="https://www.was.digst.dk/herlev-tovholder"' in h
    assert "ballerup-tovholder" not in h and "Brevene i PDF" not in h


def test_contact_and_privacy_show_their_text(client, pages):
    contact = client.get(reverse("tenancy:contact", args=[pages.ballerup.code])).content.decode()
    assert "Socialpsykiatrien, Ballerup Rådhus" in contact and 'href="tel:44772000"' in contact
    privacy = client.get(reverse("tenancy:privacy", args=[pages.herlev.code])).content.decode()
    assert "Herlev er dataansvarlig for Tovholder." in privacy and "dpo@ballerup" not in privacy


def test_unknown_municipality_is_404(client, pages):
    assert client.get(reverse("tenancy:accessibility", args=["999"])).status_code == 404


def test_footer_and_header_follow_the_user_s_municipality(client, pages):
    client.force_login(pages.own_worker)
    page = client.get(reverse("citizens")).content.decode()
    assert reverse("tenancy:accessibility", args=[pages.ballerup.code]) in page
    assert reverse("tenancy:privacy", args=[pages.ballerup.code]) in page
    assert "tovholder/logos/151.svg" in page
    client.force_login(pages.herlev_worker)
    page = client.get(reverse("citizens")).content.decode()
    assert reverse("tenancy:accessibility", args=[pages.herlev.code]) in page
    assert reverse("tenancy:accessibility", args=[pages.ballerup.code]) not in page
    assert "tovholder/logos/151.svg" not in page


def test_login_page_links_to_every_municipality_s_pages(client, pages):
    login = client.get(reverse("login")).content.decode()
    assert reverse("tenancy:index") in login
    index = client.get(reverse("tenancy:index")).content.decode()
    for m in (pages.ballerup, pages.herlev):
        for name in PAGES:
            assert reverse(name, args=[m.code]) in index
