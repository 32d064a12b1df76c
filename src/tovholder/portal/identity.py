"""The citizen identity abstraction: what a login method (national eID over SAML, the demo's test login)
tells Tovholder about the person — CPR, name and the assurance level (NSIS) — and nothing else.

Everything after the identity provider (finding the citizen, the account, the session) is the same for
every method: `portal.login.authenticate_citizen`. A CPR number never goes to a log in plain text:
`pseudonym(cpr)` is what logs and the login throttle see."""

import hashlib
import hmac
from dataclasses import dataclass
from enum import IntEnum

from django.conf import settings


class Assurance(IntEnum):
    """NSIS assurance levels (loa), lowest first. The portal requires SUBSTANTIAL or higher."""

    LOW = 1
    SUBSTANTIAL = 2
    HIGH = 3

    @classmethod
    def parse(cls, value: str | None) -> "Assurance | None":
        """'Substantial', 'https://data.gov.dk/concept/core/nsis/loa/Substantial', 'High' … or None."""
        word = (value or "").strip().rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1].upper()
        return cls.__members__.get(word)


REQUIRED = Assurance.SUBSTANTIAL


@dataclass(frozen=True)
class CitizenIdentity:
    cpr: str  # ten digits
    name: str
    assurance: Assurance
    method: str  # "saml" or "test"

    def __repr__(self) -> str:  # never the CPR in a traceback or a log line
        return f"CitizenIdentity({pseudonym(self.cpr)}, {self.assurance.name}, {self.method})"


def pseudonym(cpr: str) -> str:
    """A stable keyed hash of a CPR number for logs and throttling (never reversible without the key)."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"cpr:{cpr}".encode(), hashlib.sha256).hexdigest()
    return f"borger-{digest[:16]}"


def relative_cpr_hash(cpr: str) -> str:
    """The keyed hash (HMAC-SHA256) under which a relative's CPR number is kept: on the citizen's grant and the
    relative's login. Never the number itself (TOVHOLDER_RELATIVE_CPR_KEY, or the SECRET_KEY)."""
    key = settings.TOVHOLDER_RELATIVE_CPR_KEY or settings.SECRET_KEY
    return hmac.new(key.encode(), f"relative-cpr:{cpr}".encode(), hashlib.sha256).hexdigest()
