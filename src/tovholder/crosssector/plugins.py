"""What crosssector plugs in: partners as a kind of principal (principals.py registers it)."""

from . import (
    care_plugins,  # noqa: F401 - care messages, agreements and the coordinated plan
    principals,  # noqa: F401 - the partner principal and its scope
)
