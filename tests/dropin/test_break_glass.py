"""The drop-in pages that write a citizen's data, tried by a worker of the centre who reaches the
citizen only by breaking the glass: refused, and not one row changes (a grant lets one read, never
write). With need to know, the same posts write."""

import datetime

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_staff
from tovholder.activities.models import Occasion, Participation
from tovholder.citizens import services as citizen_services
from tovholder.citizens.models import Involvement
from tovholder.dropin import services
from tovholder.dropin.models import ActivityOutcome, Shift


def _posts(dw, shift, session):
    bo = dw.w.bo.pk
    return [
        (reverse("dropin_day", args=[dw.centre.pk]), {"action": "checkin", "tjekind-citizen": bo}),
        (reverse("dropin_worklist", args=[dw.centre.pk]), {"action": "take", "shift": shift.pk, "citizen": bo}),
        (reverse("activity_detail", args=[dw.activity.pk]), {"action": "signup", "session": session.pk,
                                                              "citizen": bo}),
        (reverse("activity_detail", args=[dw.activity.pk]), {
            "action": "outcome", "udfald-citizen": bo, "udfald-kind": "ordinary_club",
            "udfald-day": timezone.localdate().isoformat()}),
    ]


def _rows():
    return (Participation.objects.filter(citizen__isnull=False).count(),
            Shift.objects.filter(citizen__isnull=False).count(), ActivityOutcome.objects.count())


def test_a_grant_never_writes_on_the_drop_in_pages(client, dw):
    w = dw.w
    glass = make_staff("glass", w.ballerup, w.skp, "Sagsbehandler")  # works at the centre, may break the glass
    glass.groups.add(Group.objects.get(name="Medarbejder"))
    citizen_services.break_glass(actor=glass, citizen=w.bo, reason="Akut henvendelse ved døren")
    shift = services.add_shift(actor=w.own_worker, offer=dw.centre, task_name="Cafévagt",
                               day=timezone.localdate(), hours="2")
    session = Occasion.objects.filter(series=dw.activity.series).first()
    client.force_login(glass)
    for url, data in _posts(dw, shift, session):
        response = client.post(url, data, follow=True)
        assert response.status_code in (200, 403)
        assert "Bo Hansen" not in response.content.decode() or response.status_code == 403
    assert _rows() == (0, 0, 0)
    Involvement.objects.create(municipality=w.ballerup, citizen=w.bo, unit=w.skp, started_on=datetime.date.today())
    for url, data in _posts(dw, shift, session):
        client.post(url, data)
    assert _rows() == (2, 1, 1)
