"""The demo of crosssector: each subject registers its own steps (loaded only by the demo builder)."""

from . import care_demo  # noqa: F401 - care messages, discharge agreements and the coordinated plan
