"""Citizen login through national eID (NemLog-in / MitID, OIOSAML 3) with djangosaml2 — see ADR 0034."""

from django.conf import settings


def enabled() -> bool:
    return bool(settings.TOVHOLDER_CITIZEN_SAML_IDP_METADATA)
