"""Housing's models, one module per kind of place: Skolehaven's flats and residencies (flats.py); the
rehabilitating stays and acute places (stays.py)."""

from .flats import *  # noqa: F401,F403
from .stays import *  # noqa: F401,F403
