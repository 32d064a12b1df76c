"""Partners and legal bases as data; the notifications stay as written."""

import pytest
from django.db import IntegrityError, transaction

from tovholder.crosssector.models import Partner, SharingBasis, paragraph_number


@pytest.mark.parametrize("text, number", [("§ 85", 85), ("§ 82 a", 82), ("§107", 107), ("", None), ("stk.", None)])
def test_paragraph_numbers(text, number):
    assert paragraph_number(text) == number


@pytest.mark.parametrize("law, paragraph, covered", [
    ("Serviceloven", "§ 85", True), ("Serviceloven", "§ 83 a", True), ("Serviceloven", "§ 99", True),
    ("Serviceloven", "§ 107", True), ("Serviceloven", "§ 108", True), ("Serviceloven", "§ 104", False),
    ("Serviceloven", "§ 82 b", False), ("Sundhedsloven", "§ 85", False), ("Serviceloven", "", False),
])
def test_the_notification_basis_covers_the_support_paragraphs(cross, law, paragraph, covered):
    assert cross.basis.covers_paragraph(law, paragraph) is covered


def test_a_basis_without_support_paragraphs_covers_everyone():
    assert SharingBasis(law="L", paragraph="§ 1", title="t", purpose="general").covers_paragraph("X", "§ 200")


def test_sor_and_ean_codes_are_unique_in_a_municipality(world, cross):
    with pytest.raises(IntegrityError), transaction.atomic():
        Partner.objects.create(municipality=world.ballerup, name="Dublet", kind="gp", sor_code=cross.ward.sor_code)
    Partner.objects.create(municipality=world.herlev, name="Samme kode i Herlev", kind="gp",
                           sor_code=cross.ward.sor_code)
