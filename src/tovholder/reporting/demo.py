"""Reporting's demo history (loaded only by the demo builder): the DST report's past months."""

from .dst import demo as dst_demo  # noqa: F401 - registers its step
