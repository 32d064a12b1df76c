"""The audit event codes of the API (see tovholder.audit.events)."""

from tovholder.audit.events import EventCode


class Event(EventCode):
    API_CLIENT_REGISTERED = "api_client.registered"
    API_CLIENT_DEACTIVATED = "api_client.deactivated"
    API_TOKEN_ISSUED = "api_token.issued"
    API_TOKEN_REVOKED = "api_token.revoked"
