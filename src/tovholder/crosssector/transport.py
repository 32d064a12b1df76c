"""The pluggable transport for MedCom messages (ADR 0024): how bundles come in and go out, apart from what
they say. The inbox and the outbox speak only to `Transport`; the adapter is chosen by settings:

- `TOVHOLDER_MEDCOM_TRANSPORT` — the adapter's name in `ADAPTERS` (default `folder`), or a dotted path to a
  class with the same three methods (a later VANS or KOMBIT Beskedfordeler adapter);
- `TOVHOLDER_MEDCOM_FOLDER` — the folder adapter's root (default `var/medcom`): bundles to read are put in
  `ind/`; read ones are moved to `behandlet/` (or `afvist/` when refused); outgoing bundles are written
  to `ud/` (write to a temporary name, then renamed, so a reader never sees half a file);
- `TOVHOLDER_MEDCOM_MAX_BYTES` — the largest bundle read (default 10 MB); a larger one is refused unread.
"""

import json
import os
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

__all__ = ["Incoming", "Transport", "FolderTransport", "get_transport", "ADAPTERS", "max_bytes"]


@dataclass(frozen=True)
class Incoming:
    """One bundle as the transport delivered it. `data` is None when it was larger than the limit (not read)."""

    handle: str  # the adapter's own name for it (the file name), to acknowledge it by
    size: int
    data: bytes | None


class Transport(Protocol):
    name: str

    def receive(self, *, limit: int | None = None) -> Iterator[Incoming]:
        """The bundles waiting, oldest first."""
        ...

    def acknowledge(self, item: Incoming, *, accepted: bool) -> None:
        """The bundle is handled (accepted, discarded or refused): it is not delivered again."""
        ...

    def send(self, bundle: dict, *, name: str = "") -> str:
        """Write an outgoing bundle; returns the adapter's name for it."""
        ...


def max_bytes() -> int:
    return int(getattr(settings, "MEDCOM_MAX_BYTES", 10 * 1024 * 1024))


_SAFE = re.compile(r"[^A-Za-z0-9._-]")


class FolderTransport:
    """A folder drop: JSON bundles in `ind/`, out in `ud/`; handled ones are moved aside, never deleted."""

    name = "folder"
    INBOX, OUTBOX, DONE, REFUSED = "ind", "ud", "behandlet", "afvist"

    def __init__(self, root: Path | str | None = None, *, limit_bytes: int | None = None):
        self.root = Path(root or settings.MEDCOM_FOLDER)
        self.limit_bytes = limit_bytes if limit_bytes is not None else max_bytes()

    def folder(self, which: str) -> Path:
        path = self.root / which
        path.mkdir(parents=True, exist_ok=True)
        return path

    def receive(self, *, limit: int | None = None) -> Iterator[Incoming]:
        files = sorted((p for p in self.folder(self.INBOX).iterdir()
                        if p.is_file() and not p.name.startswith(".") and p.suffix.lower() == ".json"),
                       key=lambda p: (p.stat().st_mtime, p.name))
        for count, path in enumerate(files):
            if limit is not None and count >= limit:
                return
            size = path.stat().st_size
            if size > self.limit_bytes:
                yield Incoming(handle=path.name, size=size, data=None)
                continue
            with path.open("rb") as f:
                data = f.read(self.limit_bytes + 1)  # the file may have grown since stat
            yield Incoming(handle=path.name, size=len(data), data=None if len(data) > self.limit_bytes else data)

    def acknowledge(self, item: Incoming, *, accepted: bool) -> None:
        source = self.folder(self.INBOX) / Path(item.handle).name
        if not source.exists():
            return
        target = self.folder(self.DONE if accepted else self.REFUSED) / source.name
        if target.exists():
            target = target.with_name(f"{target.stem}-{uuid.uuid4().hex[:8]}{target.suffix}")
        os.replace(source, target)

    def send(self, bundle: dict, *, name: str = "") -> str:
        stem = _SAFE.sub("_", name or str(bundle.get("id") or uuid.uuid4()))[:120].lstrip("._") or uuid.uuid4().hex
        outbox = self.folder(self.OUTBOX)
        target = outbox / f"{stem}.json"
        tmp = outbox / f".{stem}.{uuid.uuid4().hex[:8]}.tmp"
        tmp.write_text(json.dumps(bundle, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, target)
        return target.name


ADAPTERS: dict[str, type] = {"folder": FolderTransport}


def get_transport() -> Transport:
    """The configured adapter (settings.MEDCOM_TRANSPORT: a name in ADAPTERS or a dotted path)."""
    choice = getattr(settings, "MEDCOM_TRANSPORT", "folder") or "folder"
    cls = ADAPTERS.get(choice) or import_string(choice)
    return cls()
