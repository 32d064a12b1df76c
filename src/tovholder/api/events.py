"""The audit event codes of the API (see tovholder.audit.events)."""

from tovholder.audit.events import EventCode


class Event(EventCode):
    CLIENT_REGISTERED = "api_client.registered"
    CLIENT_DEACTIVATED = "api_client.deactivated"
    TOKEN_ISSUED = "api_token.issued"
    TOKEN_REVOKED = "api_token.revoked"
