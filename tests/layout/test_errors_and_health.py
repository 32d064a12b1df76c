"""Errors are logged and shown (issue 16): a request id in the log and on the Danish 500 page; Danish
400/403/404 pages; the operators' health endpoint without login and without anything sensitive."""

import json
import logging

import pytest
from django.test import Client
from django.urls import path

from tovholder import urls as project_urls


def _boom(request):
    raise RuntimeError("hemmelig detalje fra koden")


urlpatterns = [*project_urls.urlpatterns, path("test-fejl/", _boom)]
handler400 = project_urls.handler400
handler500 = project_urls.handler500


@pytest.fixture
def boom_urls(settings):
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False


def test_an_unexpected_error_is_logged_with_its_request_id_and_shown_in_danish(client, world, boom_urls, caplog):
    client = Client(raise_request_exception=False)
    client.force_login(world.own_worker)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/test-fejl/")
    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    text = response.content.decode()
    assert "Der opstod en fejl" in text and f"Fejlnummer: <strong class=\"request-id\">{request_id}</strong>" in text
    assert "hemmelig detalje" not in text and 'lang="da"' in text and "dkfds" in text
    record = next(r for r in caplog.records if r.name == "django.request")
    assert record.request_id == request_id and record.exc_info and "RuntimeError" in caplog.text


def test_the_log_line_carries_the_request_id(world, boom_urls):
    import io

    from django.conf import settings as dj

    from tovholder.layout.errors import RequestIdFilter

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(logging.Formatter(dj.LOGGING["formatters"]["plain"]["format"]))
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    client = Client(raise_request_exception=False)
    client.force_login(world.own_worker)
    try:
        response = client.get("/test-fejl/", headers={"X-Request-ID": "abc12345-proxy"})
    finally:
        logger.removeHandler(handler)
    assert response.status_code == 500 and response["X-Request-ID"] == "abc12345-proxy"
    assert "[abc12345-proxy] django.request" in stream.getvalue()


def test_a_hostile_request_id_header_is_replaced(client, world):
    client.force_login(world.own_worker)
    response = client.get("/", headers={"X-Request-ID": "<script>\n"})
    assert response["X-Request-ID"] != "<script>\n" and len(response["X-Request-ID"]) == 12


def test_404_and_403_pages_are_danish(client, world):
    client.force_login(world.own_worker)
    text = client.get("/findes-ikke/").content.decode()
    assert "Siden findes ikke" in text and 'lang="da"' in text
    response = client.get("/kommune/").status_code  # reachable, just a sanity check of the site
    assert response in (200, 302)
    response = client.post("/borgere/ny/", {"cpr": "1"})
    assert response.status_code == 403 and "Ingen adgang" in response.content.decode()


def test_a_stale_form_gives_the_danish_csrf_page(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.caseworker)
    response = client.post("/borgere/ny/", {"cpr": "0101901234"})
    assert response.status_code == 403 and "Siden er udløbet" in response.content.decode()


def test_health_needs_no_login_and_tells_nothing_sensitive(client, db):
    response = client.get("/sundhed/?format=json")
    assert response.status_code == 200
    data = json.loads(response.content)
    assert set(data.values()) == {"OK"}
    assert {key.split("(")[0] for key in data} == {"Database", "Disk", "BackgroundTasks"}
    text = json.dumps(data) + client.get("/sundhed/", headers={"Accept": "text/html"}).content.decode()
    for secret in ("postgres", "sqlite", "/tmp", "/work", "var", "password"):
        assert secret not in text.lower().replace("variant", "")


def test_health_tells_when_background_tasks_wait(db, settings):
    """The check itself (the endpoint runs checks in threads of their own, outside the test's transaction)."""
    import datetime

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult
    from health_check.exceptions import ServiceWarning

    from tovholder.health import BackgroundTasks

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    BackgroundTasks().run()  # an empty queue is fine
    DBTaskResult.objects.create(status="READY", args_kwargs={"args": [], "kwargs": {}}, priority=0,
                                task_path="x.y", queue_name="default", backend_name="default",
                                run_after=timezone.now() - datetime.timedelta(hours=1))
    with pytest.raises(ServiceWarning, match="ventet"):
        BackgroundTasks().run()
