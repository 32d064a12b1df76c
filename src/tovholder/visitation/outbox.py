"""The letter outbox (ADR 0037): a letter sent is put in the outbox (`LetterDispatch`) in the same transaction,
and handed to the transport after the commit. The transport is chosen by `settings.LETTER_TRANSPORT`:

- `file` (the default, and the demo's): writes the letter's PDF to `settings.LETTER_FOLDER` (var/breve-ud) under
  a name that says "demo-ikke-sendt", and marks the dispatch "Demo: ikke sendt" — nothing leaves the machine;
- a dotted path to a class with the same `name`, `demo` and `deliver` (a Digital Post transport later).

A failed delivery is kept as "Fejlede" with the reason, and can be tried again (`deliver`)."""

import re
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from tovholder.records import write_whole

from . import letters
from .models import Letter, LetterDispatch

__all__ = ["LetterTransport", "FileTransport", "get_transport", "put_in_outbox", "deliver", "ADAPTERS"]


class LetterTransport(Protocol):
    name: str
    demo: bool  # True: the letter is not sent to the citizen (shown as "Demo: ikke sendt")

    def deliver(self, letter: Letter, pdf: bytes) -> str:
        """Hand the letter over; returns the transport's reference for it. Raises on failure."""
        ...


_SAFE = re.compile(r"[^A-Za-z0-9._-]")


class FileTransport:
    """Writes the PDF to a folder (written to a temporary name, then renamed). Demo only: not sent."""

    name = "file"
    demo = True

    def __init__(self, root: Path | str | None = None):
        self.root = Path(root or settings.LETTER_FOLDER)

    def deliver(self, letter: Letter, pdf: bytes) -> str:
        folder = self.root / _SAFE.sub("_", str(letter.municipality_id))
        folder.mkdir(parents=True, exist_ok=True)
        name = f"brev-{letter.pk}-{letter.sent_on:%Y%m%d}-demo-ikke-sendt.pdf"
        write_whole(folder / name, pdf)
        return str(folder / name)


ADAPTERS = {"file": FileTransport}


def get_transport() -> LetterTransport:
    configured = settings.LETTER_TRANSPORT
    cls = ADAPTERS.get(configured) or import_string(configured)
    return cls()


def put_in_outbox(letter: Letter) -> LetterDispatch:
    """In the sending transaction: the letter waits in the outbox; it is delivered when the sending commits."""
    dispatch = LetterDispatch.objects.create(municipality_id=letter.municipality_id, letter=letter,
                                             citizen_id=letter.citizen_id)
    transaction.on_commit(lambda: deliver(dispatch.pk))
    return dispatch


def deliver(dispatch_id: int, transport: LetterTransport | None = None) -> LetterDispatch:
    """Deliver one letter waiting (or failed) in the outbox through the transport; the outcome is kept."""
    dispatch = LetterDispatch.objects.select_related("letter").get(pk=dispatch_id)
    if dispatch.status not in (LetterDispatch.Status.QUEUED, LetterDispatch.Status.FAILED):
        return dispatch
    transport = transport or get_transport()
    dispatch.transport = transport.name[:40]
    try:
        dispatch.reference = transport.deliver(dispatch.letter, letters.pdf(dispatch.letter.html))[:300]
    except Exception as exc:  # noqa: BLE001 - any failure of the transport is kept on the row, to be tried again
        dispatch.status, dispatch.error = LetterDispatch.Status.FAILED, f"{type(exc).__name__}: {exc}"[:500]
    else:
        dispatch.status = LetterDispatch.Status.DEMO if transport.demo else LetterDispatch.Status.SENT
        dispatch.error = ""
    dispatch.handled_at = timezone.now()
    dispatch.save(update_fields=["status", "transport", "reference", "error", "handled_at"])
    return dispatch
