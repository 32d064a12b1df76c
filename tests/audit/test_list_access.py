"""Lists log one event per user, citizen, list and day; a page that opens a citizen logs every time."""

import datetime

import time_machine
from django.urls import reverse
from django.utils import timezone

from tovholder.audit.models import AccessEvent
from tovholder.audit.services import record_list_access


def _events(world, what, actor=None):
    return AccessEvent.objects.filter(actor=actor or world.own_worker, citizen=world.anna, what=what)


def test_a_list_logs_a_citizen_once_per_user_list_and_day(db, world):
    day = timezone.make_aware(datetime.datetime(2030, 5, 6, 9))
    with time_machine.travel(day, tick=False):
        for _ in range(5):  # five reloads of Min dag
            record_list_access(actor=world.own_worker, citizens=[world.anna, world.anna, world.bo], what="Min dag")
        record_list_access(actor=world.own_worker, citizens=[world.anna], what="Borgere")  # another list
        record_list_access(actor=world.manager, citizens=[world.anna], what="Min dag")  # another user
    assert _events(world, "Min dag").count() == 1
    assert AccessEvent.objects.filter(actor=world.own_worker, citizen=world.bo, what="Min dag").count() == 1
    assert _events(world, "Borgere").count() == 1 and _events(world, "Min dag", world.manager).count() == 1
    with time_machine.travel(day + datetime.timedelta(days=1), tick=False):  # the next day counts again
        record_list_access(actor=world.own_worker, citizens=[world.anna], what="Min dag")
    assert _events(world, "Min dag").count() == 2


def test_reloading_the_list_does_not_flood_the_log_but_opening_the_citizen_always_logs(client, world):
    client.force_login(world.own_worker)
    for _ in range(3):
        assert client.get(reverse("citizens")).status_code == 200
    listed = AccessEvent.objects.filter(actor=world.own_worker, citizen=world.anna).exclude(
        what__startswith="Borgeroverblik")
    assert listed.count() == 1
    what = listed.get().what
    for _ in range(2):
        client.get(reverse("citizen", args=[world.anna.pk]))
    assert _events(world, "Borgeroverblik").count() == 2
    client.force_login(world.manager)
    log = client.get(reverse("citizen_access_log", args=[world.anna.pk])).content.decode()
    assert log.count(f"<td>{what}") == 1 and "Own Testesen" in log
