"""How the FFB delivery leaves (ADR 0029), apart from what it says. The adapter is chosen by settings:

- `TOVHOLDER_FFB_TRANSPORT` — the adapter's name in `ADAPTERS` (default `folder`), or a dotted path to a
  class with the same `send` (a later HTTP adapter to KL's gateway);
- `TOVHOLDER_FFB_FOLDER` — the folder adapter's root (default `var/ffb`): bundles are written to
  `ud/<day>/<kommunekode>-<citizen uuid>.json` (written to a temporary name of its own, then renamed, so a reader never
  sees half a file)."""

import datetime
import json
import re
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from tovholder.records import write_whole

__all__ = ["FfbTransport", "FolderTransport", "get_transport", "ADAPTERS"]

_SAFE = re.compile(r"[^A-Za-z0-9._-]")


class FfbTransport(Protocol):
    name: str

    def send(self, bundle: dict, *, day: datetime.date, name: str) -> str:
        """Deliver one bundle; returns the adapter's name for it."""
        ...


class FolderTransport:
    name = "folder"
    OUTBOX = "ud"

    def __init__(self, root: Path | str | None = None):
        self.root = Path(root or settings.FFB_FOLDER)

    def send(self, bundle: dict, *, day: datetime.date, name: str) -> str:
        folder = self.root / self.OUTBOX / day.isoformat()
        folder.mkdir(parents=True, exist_ok=True)
        filename = _SAFE.sub("_", name)[:100] + ".json"
        write_whole(folder / filename, json.dumps(bundle, ensure_ascii=False, indent=1))
        return f"{day.isoformat()}/{filename}"


ADAPTERS: dict[str, type] = {"folder": FolderTransport}


def get_transport() -> FfbTransport:
    name = getattr(settings, "FFB_TRANSPORT", "folder")
    adapter = ADAPTERS.get(name) or import_string(name)
    return adapter()
