"""Reporting's models, one module per report: KL's FFB delivery (ffb.py) and Statistics Denmark's
monthly report (dst.py)."""

from .dst import *  # noqa: F401,F403
from .ffb import *  # noqa: F401,F403
