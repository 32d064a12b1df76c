"""The REST API: the need-to-know matrix over the API (the standing world's citizens and users, a client
of each kind and one of the other municipality), tokens refused when expired, revoked or of the wrong
scope, the one JSON error shape, cursor pagination, the write through visitation's service, hostile input."""

import datetime

import pytest
from django.utils import timezone

from tovholder.api import services
from tovholder.api.models import ApiToken, Scope
from tovholder.audit.models import AccessEvent, AuditEvent
from tovholder.visitation.models import Request

from .conftest import bearer

pytestmark = pytest.mark.django_db

# citizen -> (whole Ballerup, SKP team, Herlev): 200 inside the scope, 403 outside it, 404 in another municipality
MATRIX = {
    "anna": (200, 200, 404),
    "bo": (200, 403, 404),
    "casey": (200, 403, 404),
    "herlev_citizen": (404, 404, 200),
}


def _error(response, status, code):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"fejl"} and body["fejl"]["kode"] == code and body["fejl"]["besked"]
    return body["fejl"]


@pytest.mark.parametrize("name", list(MATRIX))
def test_need_to_know_matrix(client, world, keys, name):
    citizen = getattr(world, name)
    for expected, api_client, token in zip(MATRIX[name], (keys.whole, keys.team, keys.herlev),
                                           (keys.whole_token, keys.team_token, keys.herlev_token), strict=True):
        before = AccessEvent.objects.filter(citizen=citizen, actor=api_client.user).count()
        for path in ("", "/sager", "/afgoerelser", "/indsatser", "/plan", "/aftaler", "/fhir", "/maalinger"):
            response = client.get(f"/api/v1/borgere/{citizen.pk}{path}", **bearer(token))
            if expected == 200:
                assert response.status_code == 200, (api_client.name, path, response.content)
            else:
                _error(response, expected, "ingen_adgang" if expected == 403 else "ikke_fundet")
        logged = AccessEvent.objects.filter(citizen=citizen, actor=api_client.user).count() - before
        assert logged == (8 if expected == 200 else 0), api_client.name
    if MATRIX[name][0] == 200:  # the log names the client
        event = AccessEvent.objects.filter(citizen=citizen, actor=keys.whole.user).latest("pk")
        assert event.what == "API (målinger)" and "Jobcentrets system" in event.actor.get_full_name()


def test_the_list_holds_only_the_clients_citizens_and_cpr_is_no_oracle(client, world, keys):
    def ids(token, query=""):
        response = client.get(f"/api/v1/borgere{query}", **bearer(token))
        assert response.status_code == 200
        return {row["id"] for row in response.json()["data"]}

    assert ids(keys.whole_token) == {world.anna.pk, world.bo.pk, world.casey.pk}
    assert ids(keys.team_token) == {world.anna.pk}
    assert ids(keys.herlev_token) == {world.herlev_citizen.pk}
    assert ids(keys.whole_token, "?cpr=010190-1234") == {world.anna.pk}
    assert ids(keys.team_token, f"?cpr={world.bo.cpr}") == set()  # outside the scope: as if nobody had it
    assert ids(keys.whole_token, f"?cpr={world.herlev_citizen.cpr}") == set()
    assert AccessEvent.objects.filter(actor=keys.team.user, citizen=world.bo).count() == 0
    assert AccessEvent.objects.filter(actor=keys.whole.user, citizen=world.anna, what="API (borgere)").exists()


def test_staff_sessions_are_not_api_clients(client, world):
    for user in world.users().values():
        client.force_login(user)
        _error(client.get(f"/api/v1/borgere/{world.anna.pk}"), 401, "ikke_logget_ind")


def test_cursor_pagination_walks_every_citizen_once(client, world, keys):
    seen, after = [], 0
    while True:
        body = client.get(f"/api/v1/borgere?antal=2&efter={after}", **bearer(keys.whole_token)).json()
        seen += [row["id"] for row in body["data"]]
        if body["naeste"] is None:
            break
        after = body["naeste"]
    assert seen == sorted({world.anna.pk, world.bo.pk, world.casey.pk})


def test_tokens_expired_revoked_unknown_or_of_the_wrong_scope_are_refused(client, world, keys):
    url = f"/api/v1/borgere/{world.anna.pk}"
    _error(client.get(url), 401, "ikke_logget_ind")
    _error(client.get(url, HTTP_AUTHORIZATION="Bearer tvh_gaet"), 401, "ikke_logget_ind")
    _error(client.get(url, HTTP_AUTHORIZATION="Basic YWRtaW46YWRtaW4="), 401, "ikke_logget_ind")
    row, expired = services.issue_token(actor=world.admin, client=keys.whole, scopes=[Scope.READ], days=1)
    ApiToken.objects.filter(pk=row.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    _error(client.get(url, **bearer(expired)), 401, "ikke_logget_ind")
    row, revoked = services.issue_token(actor=world.admin, client=keys.whole, scopes=[Scope.READ], days=1)
    assert client.get(url, **bearer(revoked)).status_code == 200
    services.revoke_token(actor=world.admin, token=row)
    _error(client.get(url, **bearer(revoked)), 401, "ikke_logget_ind")
    keys.team.active = False
    keys.team.save()
    _error(client.get(url, **bearer(keys.team_token)), 401, "ikke_logget_ind")
    before = Request.objects.count()
    body = {"kilde": "jobcenter", "hvad": "Borgeren ønsker støtte", "modtaget": str(timezone.localdate())}
    _error(client.post("/api/v1/henvendelser", body, content_type="application/json", **bearer(keys.read_token)),
           403, "ingen_adgang")
    _row, write_only = services.issue_token(actor=world.admin, client=keys.whole, scopes=[Scope.WRITE_REQUESTS],
                                            days=1)
    _error(client.get(url, **bearer(write_only)), 403, "ingen_adgang")
    assert Request.objects.count() == before


def test_the_role_is_the_gate_too(client, world, keys):
    """The team client has the worker's role: no waitlists, no forecasts (as on the pages)."""
    _error(client.get("/api/v1/ventelister", **bearer(keys.team_token)), 403, "ingen_adgang")
    _error(client.get("/api/v1/prognoser", **bearer(keys.whole_token)), 403, "ingen_adgang")


def test_sub_resources_of_a_citizen(client, world, keys, sw):
    got = client.get(f"/api/v1/borgere/{world.anna.pk}/indsatser", **bearer(keys.whole_token)).json()
    assert [row["id"] for row in got["data"]] == [sw.grant.pk] and got["data"][0]["timer_pr_uge"] == 3.0
    cases = client.get(f"/api/v1/borgere/{world.anna.pk}/sager", **bearer(keys.whole_token)).json()
    assert [row["id"] for row in cases["data"]] == [sw.case.pk]
    queues = client.get("/api/v1/ventelister", **bearer(keys.whole_token)).json()
    assert {q["tilbud"] for q in queues} == {"SKP", "Kompetenceteam"}


def test_the_citizen_as_a_fhir_bundle(client, world, keys, sw):
    bundle = client.get(f"/api/v1/borgere/{world.anna.pk}/fhir", **bearer(keys.whole_token)).json()
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    [patient] = [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"]
    assert patient["identifier"][0] == {"system": "urn:oid:1.2.208.176.1.2", "value": world.anna.cpr}
    event = AccessEvent.objects.filter(citizen=world.anna, actor=keys.whole.user).latest("pk")
    assert event.what == "FHIR-udtræk" and "Jobcentrets system" in event.actor.get_full_name()


def test_a_request_from_another_system_goes_through_visitations_service(client, world, keys):
    body = {"kilde": "jobcenter", "hvad": "Borgeren ønsker hjælp til at komme i gang", "cpr": "0101901234",
            "modtaget": str(timezone.localdate()), "hast": "normal"}
    response = client.post("/api/v1/henvendelser", body, content_type="application/json",
                           **bearer(keys.whole_token))
    assert response.status_code == 201, response.content
    made = Request.objects.get(pk=response.json()["id"])
    assert made.citizen == world.anna and made.received_by == keys.whole.user
    assert AuditEvent.objects.filter(object_id=str(made.pk), actor=keys.whole.user,
                                     action="request.registered").exists()
    # a CPR number outside the client's scope goes to the caseworkers as given, with the same answer
    body["cpr"] = world.bo.cpr
    response = client.post("/api/v1/henvendelser", body, content_type="application/json", **bearer(keys.team_token))
    assert response.status_code == 201
    made = Request.objects.get(pk=response.json()["id"])
    assert made.citizen is None and made.cpr_given == world.bo.cpr


HOSTILE_BODIES = [
    ('{"kilde": "jobcenter", "hvad": "' + "x" * 10_000 + '", "modtaget": "2026-01-05"}', 422),
    ('{"kilde": "jobcenter", "hvad": "Hjælp", "modtaget": "2026-01-05", "navn": "<script>alert(1)</script>"}', 422),
    ('{"kilde": "jobcenter", "hvad": "Hjælp", "modtaget": "2026-01-05", "cpr": "3213999999"}', 422),
    ('{"kilde": "jobcenter", "hvad": "Hjælp", "modtaget": "0001-01-01"}', 422),
    ('{"kilde": "jobcenter", "hvad": "Hjælp", "modtaget": "9999-12-31"}', 422),
    ('{"kilde": "hacker", "hvad": "Hjælp", "modtaget": "2026-01-05"}', 422),
    ('{"kilde": "jobcenter", "hvad": "Hj\\u0000lp", "modtaget": "2026-01-05"}', 400),
    ("[" * 10_000 + "]" * 10_000, 400),
    ('{"a": ' * 100 + "1" + "}" * 100, 400),
    ("ikke json", 400),
    ("", 422),
]


@pytest.mark.parametrize("raw,status", HOSTILE_BODIES, ids=range(len(HOSTILE_BODIES)))
def test_hostile_input_gets_a_danish_json_error_and_writes_nothing(client, world, keys, raw, status):
    before = (Request.objects.count(), AuditEvent.objects.count())
    response = client.post("/api/v1/henvendelser", raw, content_type="application/json", **bearer(keys.whole_token))
    fejl = _error(response, status, "ugyldigt_input" if status == 422 else "ugyldig_forespoergsel")
    assert any(ch in fejl["besked"] for ch in "æøåÆØÅ") or "Indholdet" in fejl["besked"]
    assert (Request.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.parametrize("path", ["/api/v1/borgere/abc", "/api/v1/borgere/-1", "/api/v1/borgere/1e5/sager",
                                  "/api/v1/borgere/99999999999999999999999", "/api/v1/borgere?cpr=abc",
                                  "/api/v1/borgere?efter=x", "/api/v1/borgere?antal=100000",
                                  "/api/v1/prognoser/%C2%B2"])
def test_malformed_ids_and_parameters(client, world, keys, path):
    response = client.get(path, **bearer(keys.whole_token))
    assert response.status_code in (404, 422)
    _error(response, response.status_code, "ikke_fundet" if response.status_code == 404 else "ugyldigt_input")


def test_unknown_addresses_and_methods_answer_json(client, keys):
    _error(client.get("/api/v2/noget", **bearer(keys.whole_token)), 404, "ikke_fundet")
    response = client.delete("/api/v1/borgere", **bearer(keys.whole_token))
    assert response.status_code == 405 and response["Content-Type"].startswith("application/json")


def test_rate_limited_per_token(client, world, keys, settings):
    settings.API_RATE = "3/m"
    url = f"/api/v1/borgere/{world.anna.pk}"
    assert [client.get(url, **bearer(keys.whole_token)).status_code for _ in range(3)] == [200] * 3
    fejl = _error(client.get(url, **bearer(keys.whole_token)), 429, "for_mange_kald")
    assert "Vent" in fejl["besked"]
    assert client.get(url, **bearer(keys.read_token)).status_code == 200  # another token counts on its own


def test_docs_and_schema_load_from_our_own_origin(client):
    page = client.get("/api/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html and "cdn" not in html.lower()
    assert "script-src 'self'" in page["Content-Security-Policy"]
    schema = client.get("/api/openapi.json").json()
    assert "/api/v1/borgere/{borger_id}" in schema["paths"] and "/api/v1/henvendelser" in schema["paths"]
