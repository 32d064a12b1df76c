"""The demo's partners and stays: admissions and discharges over the year for citizens with support, some
readmissions, two citizens at the hospital now, the legal filter's count, and a folder of bundles that the inbox
reads (a discharge, an admission, the same bundle again, one without support, one without a CPR number)."""

import datetime

import pytest
from django.core.management import call_command

from tovholder.accounts.models import StaffProfile
from tovholder.crosssector import selectors, services
from tovholder.crosssector.models import Admission, Partner, Receipt
from tovholder.crosssector.transport import FolderTransport
from tovholder.todo.models import Task

TODAY = datetime.date(2026, 11, 23)


@pytest.mark.django_db
def test_demo_stays_readmissions_and_the_incoming_folder(settings, tmp_path):
    settings.MEDCOM_FOLDER = tmp_path
    call_command("demo", citizens=400, seed=2016, today=TODAY, verbosity=0)
    assert Partner.objects.filter(municipality__code="151", kind="ward").count() == 3
    stays = Admission.objects.filter(municipality__code="151")
    assert stays.count() >= 10 and stays.filter(state__in=selectors.OPEN).count() == 2
    assert Task.objects.filter(source=services.TASK_ADMITTED).count() == 2
    assert Receipt.objects.filter(outcome="discarded").count() >= 30
    leder = StaffProfile.objects.get(user__username="leder").user
    figures = selectors.readmissions(leder, months=12, today=TODAY)
    assert figures.total.admissions >= 10 and 1 <= figures.total.readmissions < figures.total.admissions
    assert figures.by_offer
    waiting = sorted(p.name for p in (tmp_path / "ind").iterdir())
    assert len(waiting) == 5
    counts = services.receive_all(FolderTransport(tmp_path))
    assert counts == {"accepted": 2, "duplicate": 1, "discarded": 1, "refused": 1}
    assert stays.filter(state__in=selectors.OPEN).count() == 2  # one discharged, one admitted
    assert Task.objects.filter(source=services.TASK_DISCHARGED, status="open").exists()
