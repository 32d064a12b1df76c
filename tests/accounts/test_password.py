"""The user's own password (issue 16): changed while logged in, reset through a link sent by e-mail; both
audited. Django's token does the work; these tests check our pages, texts and the hostile cases."""

import datetime
import re

import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tovholder.audit.models import AuditEvent

PASSWORD = "Korrekt-Hest-Batteri-9"
NEW = "Ny-og-Lang-Sætning-2026"


def test_change_password_when_logged_in(client, world):
    client.force_login(world.own_worker)
    page = client.get(reverse("password_change"))
    assert page.status_code == 200 and "Skift adgangskode" in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    response = client.post(reverse("password_change"), {"old_password": PASSWORD, "new_password1": NEW,
                                                         "new_password2": NEW})
    assert response.status_code == 302
    assert "Din adgangskode er skiftet" in client.get(response.url).content.decode()  # still logged in
    world.own_worker.refresh_from_db()
    assert world.own_worker.check_password(NEW)
    assert AuditEvent.objects.filter(actor=world.own_worker, action="password.changed").count() == 1


def test_change_password_refuses_wrong_old_weak_or_mismatched_in_danish(client, world):
    client.force_login(world.own_worker)
    url = reverse("password_change")
    cases = [({"old_password": "forkert", "new_password1": NEW, "new_password2": NEW}, "gamle adgangskode"),
             ({"old_password": PASSWORD, "new_password1": "kort", "new_password2": "kort"}, "for kort"),
             ({"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW + "x"}, "ikke identiske")]
    for data, message in cases:
        response = client.post(url, data)
        text = response.content.decode()
        assert response.status_code == 200 and "Formularen er ikke gemt" in text and message in text, message
    world.own_worker.refresh_from_db()
    assert world.own_worker.check_password(PASSWORD)
    assert not AuditEvent.objects.filter(action="password.changed").exists()


def test_change_password_needs_login(client, world):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302 and reverse("login") in response.url


def _reset_link() -> str:
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Ny adgangskode til Tovholder"
    return re.search(r"https?://[^/]+(/adgangskode/ny/\S+/)", message.body).group(1)


def test_reset_password_by_email(client, world):
    world.own_worker.email = "own@ballerup.example"
    world.own_worker.save()
    page = client.get(reverse("login")).content.decode()
    assert reverse("password_reset") in page
    response = client.post(reverse("password_reset"), {"email": "own@ballerup.example"})
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    assert "Tjek din e-mail" in client.get(response.url).content.decode()
    link = _reset_link()
    form = client.get(link, follow=True)
    assert "Vælg en ny adgangskode" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW}, follow=True)
    assert "Din nye adgangskode er gemt" in done.content.decode()
    world.own_worker.refresh_from_db()
    assert world.own_worker.check_password(NEW)
    assert AuditEvent.objects.filter(actor=world.own_worker, action="password.reset").count() == 1
    again = client.get(link, follow=True).content.decode()  # a link works once
    assert "Linket virker ikke" in again


def test_reset_never_tells_whether_an_address_is_known(client, world):
    response = client.post(reverse("password_reset"), {"email": "ukendt@example.dk"})
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    assert mail.outbox == []
    bad = client.post(reverse("password_reset"), {"email": "<script>ikke en adresse"})
    assert bad.status_code == 200 and "gyldig e-mail-adresse" in bad.content.decode()
    assert "<script>ikke" not in bad.content.decode()


def test_reset_link_expires_after_an_hour(client, world):
    world.own_worker.email = "own@ballerup.example"
    world.own_worker.save()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.post(reverse("password_reset"), {"email": "own@ballerup.example"})
    link = _reset_link()
    with time_machine.travel(start + datetime.timedelta(hours=1, minutes=1), tick=False):
        assert "Linket virker ikke" in client.get(link, follow=True).content.decode()
    assert client.get("/adgangskode/ny/MQ/forkert-token/", follow=True).status_code == 200
