"""Citizen login through national eID: NemLog-in (MitID) speaks SAML 2.0 by the OIOSAML 3 profile. Implemented
with djangosaml2 (pysaml2, xmlsec1); configured by environment (settings: TOVHOLDER_CITIZEN_SAML_*); tested
against a real local pysaml2 identity provider that the tests start (tests/saml_idp.py). ADR 0034.

What Tovholder takes from the assertion is a `CitizenIdentity`: the CPR number
(`https://data.gov.dk/model/core/eid/cprNumber`), the name and the NSIS assurance level
(`https://data.gov.dk/concept/core/nsis/loa`, at least "Substantial"). The rest of the login is the same as
for every method (`portal.login.log_in`). Nothing here logs the assertion's attributes: the CPR never
reaches a log in plain text."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from .identity import Assurance, CitizenIdentity

CPR = "https://data.gov.dk/model/core/eid/cprNumber"
LOA = "https://data.gov.dk/concept/core/nsis/loa"
NAME = "https://data.gov.dk/model/core/eid/fullName"
FIRST_NAME = "https://data.gov.dk/model/core/eid/firstName"
LAST_NAME = "https://data.gov.dk/model/core/eid/lastName"


def enabled() -> bool:
    return bool(settings.TOVHOLDER_CITIZEN_SAML_IDP_METADATA)


def _base_url(request) -> str:
    return (settings.TOVHOLDER_CITIZEN_SAML_BASE_URL or request.build_absolute_uri("/")).rstrip("/")


def config_loader(request=None):
    """The pysaml2 SP configuration, from the environment (djangosaml2's SAML_CONFIG_LOADER)."""
    from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
    from saml2.config import SPConfig

    if not enabled():
        raise Http404("Login med MitID er ikke sat op.")
    base = _base_url(request)
    source = settings.TOVHOLDER_CITIZEN_SAML_IDP_METADATA
    metadata = ({"remote": [{"url": source}]} if source.startswith(("https://", "http://"))
                else {"local": [source]})
    conf = {
        "xmlsec_binary": settings.TOVHOLDER_CITIZEN_SAML_XMLSEC,
        "entityid": settings.TOVHOLDER_CITIZEN_SAML_ENTITY_ID or base + reverse("portal:saml2_metadata"),
        "allow_unknown_attributes": True,
        "service": {"sp": {
            "name": "Min Tovholder",
            "endpoints": {
                "assertion_consumer_service": [(base + reverse("portal:saml2_acs"), BINDING_HTTP_POST)],
                "single_logout_service": [(base + reverse("portal:saml2_ls"), BINDING_HTTP_REDIRECT)],
            },
            "allow_unsolicited": False,
            "authn_requests_signed": bool(settings.TOVHOLDER_CITIZEN_SAML_KEY),
            "want_assertions_signed": True,
            "want_response_signed": False,
        }},
        "metadata": metadata,
    }
    if settings.TOVHOLDER_CITIZEN_SAML_KEY:
        conf["key_file"] = settings.TOVHOLDER_CITIZEN_SAML_KEY
        conf["cert_file"] = settings.TOVHOLDER_CITIZEN_SAML_CERT
        conf["encryption_keypairs"] = [{"key_file": settings.TOVHOLDER_CITIZEN_SAML_KEY,
                                        "cert_file": settings.TOVHOLDER_CITIZEN_SAML_CERT}]
    sp = SPConfig()
    sp.load(conf)
    return sp


def _first(ava: dict, key: str) -> str:
    values = ava.get(key) or []
    return str(values[0]).strip() if values else ""


def identity_from(session_info: dict) -> CitizenIdentity:
    """The citizen identity in a verified assertion; PermissionDenied when the CPR or the level is missing."""
    ava = session_info.get("ava") or {}
    cpr = _first(ava, CPR).replace("-", "")
    if not (len(cpr) == 10 and cpr.isascii() and cpr.isdigit()):
        raise PermissionDenied("Login uden CPR-nummer.")
    assurance = Assurance.parse(_first(ava, LOA))
    if assurance is None:
        raise PermissionDenied("Login uden sikringsniveau.")
    name = _first(ava, NAME) or " ".join(filter(None, (_first(ava, FIRST_NAME), _first(ava, LAST_NAME))))
    return CitizenIdentity(cpr=cpr, name=name, assurance=assurance, method="saml")


def _views():
    from djangosaml2 import views as saml_views

    from .backends import REFUSAL, RELATIVE_PREFIX
    from .login import is_citizen_session, is_relative_session, log_in

    class Login(saml_views.LoginView):
        def get(self, request, *args, **kwargs):
            if request.user.is_authenticated and not (is_citizen_session(request) or is_relative_session(request)):
                from .views import STAFF_SESSION

                raise PermissionDenied(STAFF_SESSION)
            return super().get(request, *args, **kwargs)

    class Acs(saml_views.AssertionConsumerServiceView):
        def authenticate_user(self, request, session_info, attribute_mapping, create_unknown_user, assertion_info):
            identity = identity_from(session_info)  # never logs the attributes (djangosaml2's own method would)
            user = log_in(request, identity)
            if user is None:
                raise PermissionDenied(getattr(request, REFUSAL, "unknown"))
            saml_views._set_subject_id(request.saml_session, session_info["name_id"])
            return user

        def handle_acs_failure(self, request, exception=None, status=403, **kwargs):
            if getattr(request, "axes_locked_out", False):
                raise PermissionDenied("For mange forsøg på at logge ind. Prøv igen om en halv time.")
            why = str(exception) if str(exception) in ("assurance", "unknown") else "failed"
            request.session["portal_refusal"] = why
            return redirect(reverse("portal:login"))

        def custom_redirect(self, user, relay_state: str, session_info) -> str:
            # a relative (a citizen granted access) goes to what is shared with them, never the citizen's pages
            return reverse("portal:relative_home") if user.get_username().startswith(RELATIVE_PREFIX) else ""

        def customize_relay_state(self, relay_state: str) -> str:
            return relay_state if relay_state.startswith("/min/") and "//" not in relay_state else "/min/"

    return Login, Acs, saml_views.MetadataView, saml_views.LogoutView


def _guarded(name: str):
    """A djangosaml2 view, reachable without a staff login, and 404 while SAML is not set up."""

    @login_not_required
    def view(request, *args, **kwargs):
        if not enabled():
            raise Http404("Login med MitID er ikke sat op.")
        login, acs, metadata, logout = _views()
        cls = {"login": login, "acs": acs, "metadata": metadata, "ls": logout}[name]
        handler = cls.as_view()
        if name in ("acs", "ls"):
            handler.csrf_exempt = True
        return handler(request, *args, **kwargs)

    if name in ("acs", "ls"):
        view.csrf_exempt = True  # type: ignore[attr-defined]  # the IdP posts the assertion (signed) cross-site
    return view


login = _guarded("login")
acs = _guarded("acs")
metadata = _guarded("metadata")
logout_service = _guarded("ls")


def login_url(next_url: str = "") -> str:
    return reverse("portal:saml2_login") + ("?" + urlencode({"next": next_url}) if next_url else "")
