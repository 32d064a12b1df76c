"""Cross-sector work, one module per subject: partner organisations, the legal bases and consents for
sharing with them and the log of each share (partners.py); hospital stays told by MedCom's
HospitalNotification, the inbox's receipts and the discharge follow-up (admissions.py); care messages
(messages.py); discharge agreements and the dual-diagnosis coordinated plan (agreements.py)."""

from .admissions import *  # noqa: F401,F403
from .agreements import *  # noqa: F401,F403
from .messages import *  # noqa: F401,F403
from .partners import *  # noqa: F401,F403
