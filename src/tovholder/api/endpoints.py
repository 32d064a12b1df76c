"""The REST API (django-ninja; ADR 0027): thin like the views — parse, ask a selector or a service, shape the
answer. Every call authenticates a bearer token (`Authorization: Bearer tvh_…`), acts as the token's client
(a principal, `api.principals`), passes the same need-to-know and write gate as the pages, and is rate
limited per token. Errors are one JSON shape, in Danish: `{"fejl": {"kode", "besked", "felter"}}`."""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Path, Query, Status
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from tovholder.citizens.selectors import citizen_by_cpr_to_link
from tovholder.records import clean_text, load_json
from tovholder.reporting.fhir import citizen_bundle
from tovholder.visitation import services as visitation_services

from . import schemas as s
from . import selectors
from .models import ApiToken, Scope
from .services import check_scope

log = logging.getLogger(__name__)
MAX_ID = 2**62
ERRORS = {code: s.Fejl for code in (400, 401, 403, 404, 422, 429)}


# -- who calls, and how often ------------------------------------------------------------------------
class TokenAuth(HttpBearer):
    openapi_description = "En nøgle (tvh_…) udstedt på siden API-klienter. Den vises én gang."

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = selectors.token_for(token)
        if found is None:
            return None
        request.user = found.client.user  # the client acts: the gate asks its principal, the log names it
        return found


class TokenThrottle(SimpleRateThrottle):
    """Requests per token (the client's key), kept in Django's cache."""

    def __init__(self) -> None:
        super().__init__(settings.API_RATE)

    def allow_request(self, request: HttpRequest) -> bool:
        self.num_requests, self.duration = self.parse_rate(settings.API_RATE)  # the setting as it is now
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str | None:
        token = getattr(request, "auth", None)
        return f"api-throttle-{token.pk}" if isinstance(token, ApiToken) else None


class SafeParser(Parser):
    """The body through `records.load_json`: nesting counted before parsing, no NaN, no NUL (ADR 0018)."""

    def parse_body(self, request: HttpRequest):
        try:
            text = request.body.decode("utf-8")
        except UnicodeDecodeError:
            raise DjangoValidationError("Indholdet er ikke UTF-8.") from None
        return load_json(text, what="Indholdet")


api = NinjaAPI(
    title="Tovholder API", version="1", urls_namespace="api", auth=TokenAuth(), throttle=[TokenThrottle()],
    parser=SafeParser(), docs_url="/docs",
    description="Kommunens andre systemer (jobcentret, datavarehuset, ESDH) læser borgere, sager, afgørelser, "
                "indsatser, planer og mål, aftaler, målinger, ventelister og prognoser og opretter henvendelser. "
                "Hvert kald går gennem den samme adgangskontrol som siderne, og hver læsning af borgerdata "
                "logges i klientens navn. Fejl har altid formen {\"fejl\": {\"kode\", \"besked\", \"felter\"}}.")


# -- one error shape ------------------------------------------------------------------------------
def error(request: HttpRequest, status: int, code: str, message: str, fields: dict | None = None) -> HttpResponse:
    return api.create_response(request, {"fejl": {"kode": code, "besked": message, "felter": fields or {}}},
                               status=status)


def _text(exc: Exception, default: str) -> str:
    return str(exc.args[0]) if exc.args and isinstance(exc.args[0], str) and exc.args[0] else default


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return error(request, 401, "ikke_logget_ind", "Nøglen mangler, er ugyldig, udløbet eller tilbagekaldt.")


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return error(request, 403, "ingen_adgang", _text(exc, "Du har ikke adgang til dette."))


@api.exception_handler(Http404)
def _not_found(request, exc):
    return error(request, 404, "ikke_fundet", _text(exc, "Findes ikke."))


@api.exception_handler(Throttled)
def _throttled(request, exc):
    response = error(request, 429, "for_mange_kald", "For mange kald. Vent lidt, og prøv igen.")
    if getattr(exc, "wait", None):
        response["Retry-After"] = str(int(exc.wait) + 1)
    return response


@api.exception_handler(DjangoValidationError)
def _invalid(request, exc):
    fields = ({k: [str(m) for m in v] for k, v in exc.message_dict.items()} if hasattr(exc, "error_dict") else {})
    message = "; ".join(m for ms in fields.values() for m in ms) if fields else " ".join(exc.messages)
    return error(request, 422, "ugyldigt_input", message or "Indholdet er ugyldigt.", fields)


_PYDANTIC = {
    "missing": "Feltet mangler.", "string_too_long": "Teksten er for lang.", "string_too_short": "Feltet er tomt.",
    "less_than_equal": "Tallet er for stort.", "greater_than_equal": "Tallet er for lille.",
    "enum": "Vælg en af de tilladte værdier.", "date_from_datetime_parsing": "Skriv en dato som ÅÅÅÅ-MM-DD.",
    "date_parsing": "Skriv en dato som ÅÅÅÅ-MM-DD.", "int_parsing": "Skriv et helt tal.",
}


@api.exception_handler(NinjaValidationError)
def _schema_invalid(request, exc):
    fields: dict[str, list[str]] = {}
    for err in exc.errors:
        where = ".".join(str(p) for p in err.get("loc", ())[1:]) or "indhold"
        fields.setdefault(where, []).append(_PYDANTIC.get(err.get("type", ""), "Værdien er ugyldig."))
    return error(request, 422, "ugyldigt_input", "Indholdet er ugyldigt. Se felterne.", fields)


@api.exception_handler(HttpError)
def _http_error(request, exc):
    codes = {400: "ugyldig_forespoergsel", 405: "metode_ikke_tilladt", 409: "konflikt"}
    message = ("Indholdet kunne ikke læses som JSON (eller er indlejret for dybt)." if exc.status_code == 400
               else str(exc.message))
    return error(request, exc.status_code, codes.get(exc.status_code, "fejl"), message)


@api.exception_handler(Exception)
def _unexpected(request, exc):  # a bug: logged with the request id, answered in the one shape, never HTML
    log.exception("Uventet fejl i API'et")
    return error(request, 500, "serverfejl", "Der skete en uventet fejl. Oplys forespørgslens id "
                 f"{getattr(request, 'request_id', '')} til kommunens it-afdeling.")


# -- shapes ------------------------------------------------------------------------------------
def _decision(d, with_follow_ups: bool = False) -> dict:
    row = {"id": d.pk, "sag_id": d.case_id, "tilbud_id": d.offer_id, "tilbud": d.offer.name if d.offer else "",
           "status": d.status, "ansoegt": d.requested_on, "afgjort": d.decided_on, "start": d.start_on,
           "opfoelgning": d.review_on, "afsluttet": d.ended_on,
           "timer_pr_uge": float(d.hours_per_week) if d.hours_per_week is not None else None,
           "ydelser": list(d.services or [])}
    if with_follow_ups:
        row["opfoelgninger"] = [{"holdt": f.held_on, "status": f.status, "naeste": f.next_on}
                                for f in sorted(d.follow_ups.all(), key=lambda f: (f.held_on, f.pk))]
    return row


def _forecast(r) -> dict:
    return {"id": r.pk, "scenarie": r.scenario_name, "startdato": r.start_date, "horisont_dage": r.horizon_days,
            "replikationer": r.replications, "optalt": r.counted_on}


Id = Path(..., ge=1, le=MAX_ID, description="Id")
After = Query(0, ge=0, le=MAX_ID, description="Markøren fra forrige side (`naeste`)")
Count = Query(50, ge=1, le=200, description="Højst så mange pr. side")


# -- endpoints -------------------------------------------------------------------------------------
@api.get("/v1/borgere", response={200: s.Borgere, **ERRORS}, summary="Borgere i klientens dataområde",
         tags=["borgere"])
def citizens(request, cpr: str | None = Query(None, max_length=11, description="Find én borger på CPR-nummer"),
             efter: int = After, antal: int = Count):
    check_scope(request.auth, Scope.READ)
    page = selectors.citizens(request.user, cpr=cpr, after=efter, limit=antal)
    return {"naeste": page.next_after, "data": [
        {"id": c.pk, "cpr": c.cpr, "fornavn": c.first_name, "efternavn": c.last_name, "foedselsdato": c.birth_date}
        for c in page.items]}


@api.get("/v1/borgere/{borger_id}", response={200: s.Borger, **ERRORS}, summary="Én borger", tags=["borgere"])
def citizen(request, borger_id: int = Id):
    check_scope(request.auth, Scope.READ)
    c = selectors.citizen(request.user, borger_id)
    return {"id": c.pk, "cpr": c.cpr, "fornavn": c.first_name, "efternavn": c.last_name,
            "foedselsdato": c.birth_date}


@api.get("/v1/borgere/{borger_id}/sager", response={200: s.Sager, **ERRORS}, summary="Borgerens sager",
         tags=["sager"])
def cases(request, borger_id: int = Id, efter: int = After, antal: int = Count):
    check_scope(request.auth, Scope.READ)
    page = selectors.cases(request.user, borger_id, after=efter, limit=antal)
    return {"naeste": page.next_after, "data": [
        {"id": c.pk, "nummer": c.number, "oprettet": c.opened_on, "status": c.status, "lukket": c.closed_on,
         "primaer_maalgruppe": c.primary_target_group, "maalgrupper": list(c.target_groups or [])}
        for c in page.items]}


@api.get("/v1/borgere/{borger_id}/afgoerelser", response={200: s.Afgoerelser, **ERRORS},
         summary="Borgerens afgørelser (alle, også ansøgte og afslåede)", tags=["sager"])
def decisions(request, borger_id: int = Id, efter: int = After, antal: int = Count):
    check_scope(request.auth, Scope.READ)
    page = selectors.decisions(request.user, borger_id, after=efter, limit=antal)
    return {"naeste": page.next_after, "data": [_decision(d) for d in page.items]}


@api.get("/v1/borgere/{borger_id}/indsatser", response={200: s.Indsatser, **ERRORS},
         summary="Borgerens indsatser (bevilgede afgørelser) med ydelser og opfølgninger", tags=["sager"])
def efforts(request, borger_id: int = Id, efter: int = After, antal: int = Count):
    check_scope(request.auth, Scope.READ)
    page = selectors.decisions(request.user, borger_id, after=efter, limit=antal, efforts=True)
    return {"naeste": page.next_after, "data": [_decision(d, with_follow_ups=True) for d in page.items]}


@api.get("/v1/borgere/{borger_id}/plan", response={200: s.Plan, **ERRORS}, summary="Borgerens plan og mål",
         tags=["plan"])
def plan(request, borger_id: int = Id):
    check_scope(request.auth, Scope.READ)
    the_plan, goals = selectors.plan(request.user, borger_id)
    return {"id": the_plan.pk if the_plan else None, "oenske": the_plan.aim if the_plan else "",
            "evalueres": the_plan.review_on if the_plan else None, "maal": [
                {"id": g.pk, "tekst": g.text, "maaltype": g.goal_type, "tilstand": g.condition,
                 "sekundaere_tilstande": list(g.secondary_conditions or []), "startniveau": g.start_level,
                 "maalniveau": g.target_level, "status": g.status, "oprettet": g.created_on,
                 "naeste_opfoelgning": g.next_follow_up_on, "afgoerelse_id": g.decision_id} for g in goals]}


@api.get("/v1/borgere/{borger_id}/aftaler", response={200: s.Aftaler, **ERRORS},
         summary="Borgerens aftaler og aktiviteter (besøg, gruppeforløb, kurser …)", tags=["aktiviteter"])
def appointments(request, borger_id: int = Id, efter: int = After, antal: int = Count):
    check_scope(request.auth, Scope.READ)
    page = selectors.appointments(request.user, borger_id, after=efter, limit=antal)
    return {"naeste": page.next_after, "data": [
        {"id": p.pk, "aktivitet_id": p.occasion_id, "form": p.occasion.kind, "starter": p.occasion.starts_at,
         "slutter": p.occasion.ends_at, "sted": p.occasion.place, "aktivitetens_status": p.occasion.status,
         "deltagelse": p.status, "tilbud_id": p.offer_id or p.occasion.offer_id} for p in page.items]}


@api.get("/v1/borgere/{borger_id}/maalinger", response={200: s.Maalinger, **ERRORS},
         summary="Borgerens målinger (WHO-5, recovery-kompasset, GAS …)", tags=["effekt"])
def measurements(request, borger_id: int = Id, efter: int = After, antal: int = Count):
    check_scope(request.auth, Scope.READ)
    page = selectors.measurements(request.user, borger_id, after=efter, limit=antal)
    return {"naeste": page.next_after, "data": [
        {"id": m.pk, "instrument": m.version.instrument.key, "instrument_navn": m.version.instrument.name,
         "dato": m.measured_on, "besvaret_af": m.answered_by, "erstatter_id": m.replaces_id,
         "svar": [{"omraade": sc.area_key, "vaerdi": sc.value} for sc in m.scores.all()]} for m in page.items]}


@api.get("/v1/borgere/{borger_id}/fhir", response={200: dict, **ERRORS}, tags=["fhir"],
         summary="Borgeren som FHIR R4-bundle (Patient, EpisodeOfCare, CarePlan, Goal, Condition, Observation, "
                 "QuestionnaireResponse, Appointment, Encounter), valideret mod R4B-modellerne")
def fhir_bundle(request, borger_id: int = Id):
    check_scope(request.auth, Scope.READ)
    return citizen_bundle(actor=request.user, citizen=borger_id)


@api.get("/v1/ventelister", response={200: list[s.Venteliste], **ERRORS},
         summary="Ventelister og kapacitet pr. tilbud (antal, ingen navne)", tags=["kapacitet"])
def waitlists(request):
    check_scope(request.auth, Scope.READ)
    return [{"tilbud_id": q.offer.pk, "tilbud": q.offer.name,
             "kapacitet": float(q.capacity.total) if q.capacity.total is not None else None,
             "brugt": float(q.capacity.used), "enhed": q.capacity.unit, "venter": q.waiting,
             "laengste_ventetid_dage": q.longest_days, "forventet_dage_for_naeste": q.expected_days_for_next}
            for q in selectors.waitlists(request.user)]


@api.get("/v1/prognoser", response={200: s.Prognoser, **ERRORS}, summary="Færdige kapacitetsprognoser",
         tags=["kapacitet"])
def forecasts(request, efter: int = After, antal: int = Count):
    check_scope(request.auth, Scope.READ)
    page = selectors.forecasts(request.user, after=efter, limit=antal)
    return {"naeste": page.next_after, "data": [_forecast(r) for r in page.items]}


@api.get("/v1/prognoser/{prognose_id}", response={200: s.PrognoseMedResultat, **ERRORS},
         summary="Én prognose med resultat", tags=["kapacitet"])
def forecast(request, prognose_id: int = Id):
    check_scope(request.auth, Scope.READ)
    run = selectors.forecast(request.user, prognose_id)
    return {**_forecast(run), "resultat": run.result}


@api.post("/v1/henvendelser", response={201: s.Henvendelse, **ERRORS},
          summary="Ny henvendelse fra et andet system", tags=["henvendelser"])
def new_request(request, body: s.NyHenvendelse):
    """Registreres som en henvendelse på siden (visitationens service). Et CPR-nummer, klienten ikke kender,
    følger med til sagsbehandlerne; svaret er det samme, uanset om nummeret tilhører en borger."""
    check_scope(request.auth, Scope.WRITE_REQUESTS)
    name = clean_text(body.navn, field="navn", label="navnet", required=False, max_length=200, markup=False)
    requester = clean_text(body.henvender, field="henvender", label="henvenderens navn", required=False,
                           max_length=200, markup=False)
    found = citizen_by_cpr_to_link(request.user, body.cpr) if body.cpr else None
    made = visitation_services.register_request(
        actor=request.user, source=body.kilde, asks_for=body.hvad, received_on=body.modtaget, urgency=body.hast,
        citizen=found, cpr_given=body.cpr if body.cpr and found is None else "",
        name_given=name if found is None else "", requester_name=requester,
        anonymous_label="" if found or body.cpr else f"Henvendelse fra {request.auth.client.name}"[:100])
    return Status(201, {"id": made.pk, "modtaget": made.received_on, "status": made.status})
