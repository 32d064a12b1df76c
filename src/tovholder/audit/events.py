"""Audit event codes: what the audit trail records for each write. Each app names its own in its
`events.py`, as `class Event(EventCode)` with members `RECORD_WHAT_HAPPENED = "record.what_happened"`;
services pass the member, never a bare string (a test checks both)."""

import re
from enum import StrEnum

CODE = re.compile(r"^[a-z_]+\.[a-z_]+$")


class EventCode(StrEnum):
    """The base of every app's event codes (a code is a str, so the trail stores plain text)."""
