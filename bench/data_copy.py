"""Benchmark: the size and time of a copy of a citizen's data (Min Tovholder, GDPR art. 15) for the demo citizen
with the most journal notes.

Build the demo on a file database first, then run from the repository root:

    export DATABASE_URL=sqlite:////tmp/bench.sqlite3 TOVHOLDER_VAR_DIR=/tmp/bench-var
    .venv/bin/tovholder migrate && .venv/bin/tovholder demo --citizens 400 --seed 2016
    PYTHONPATH=src .venv/bin/python bench/data_copy.py

It gives the citizen a login (CitizenAccount) if they have none, orders a copy as the citizen (the immediate
task backend makes it at once), and prints what the copy holds, its size and the time. The copy is written
under TOVHOLDER_DATA_COPY_FOLDER (default: var/mine-data). This is a script that prints figures, not a test.
"""

import os
import sys
import time
import zipfile

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tovholder.settings")
os.environ["TOVHOLDER_TASKS_IMMEDIATE"] = "1"

import django  # noqa: E402

django.setup()

from django.db.models import Count  # noqa: E402

from tovholder.audit.models import AccessEvent, AuditEvent  # noqa: E402
from tovholder.citizens.models import Citizen  # noqa: E402
from tovholder.portal import datacopy, services  # noqa: E402
from tovholder.portal.backends import account_for  # noqa: E402
from tovholder.portal.identity import Assurance, CitizenIdentity  # noqa: E402
from tovholder.portal.models import DataCopy  # noqa: E402


def main() -> None:
    citizen = (Citizen.objects.annotate(n=Count("notes")).order_by("-n", "pk").first())
    if citizen is None:
        sys.exit("Ingen borgere: byg demoen først (tovholder demo --citizens 400 --seed 2016).")
    account = account_for(citizen, CitizenIdentity(cpr=citizen.cpr, name=citizen.full_name,
                                                   assurance=Assurance.SUBSTANTIAL, method="bench"))
    DataCopy.objects.filter(citizen=citizen).delete()  # the bench's own earlier copies (the rate limit)
    print(f"Borger {citizen.pk}: {citizen.notes.count()} journalnotater, "
          f"{AccessEvent.objects.filter(citizen=citizen).count()} linjer i adgangsloggen")
    began = time.perf_counter()
    copy = services.request_data_copy(actor=account.user)
    elapsed = time.perf_counter() - began
    copy.refresh_from_db()
    if copy.status != DataCopy.Status.DONE:
        sys.exit(f"Kopien blev ikke lavet: {copy.get_status_display()} {copy.error}")
    with zipfile.ZipFile(datacopy.path_of(copy.file_name)) as archive:
        for info in archive.infolist():
            print(f"  {info.filename:40} {info.file_size / 1024:9.1f} KiB ({info.compress_size / 1024:.1f} KiB pakket)")
    made = AuditEvent.objects.filter(action="data_copy.made", object_id=str(copy.pk)).get()
    print(f"ZIP: {copy.size_bytes / 1024:.1f} KiB; tid fra bestilling til færdig kopi: {elapsed:.1f} s "
          f"(heraf opgaven: {made.detail['sekunder']} s); maskinens belastning: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
