"""What crosssector plugs in: partners as a kind of principal (principals.py registers it)."""

from . import principals  # noqa: F401 - the partner principal and its scope
