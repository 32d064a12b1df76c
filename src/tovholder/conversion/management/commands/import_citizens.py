"""`tovholder import_citizens FILE --user USERNAME [--dry-run]`: the import from the command line (for a large
first move-in, or a script). The same checks, the same services and the same import log as the page; the run is
executed here and now instead of by the task worker."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from tovholder.conversion import services
from tovholder.conversion.importer import DRY_OUTCOMES, KIND_LABELS, OUTCOMES, REFUSED


class Command(BaseCommand):
    help = "Indlæs borgere, pårørende, sager, afgørelser, planer og ventelister fra en fil (docs/import-format.md)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSON- eller CSV-fil i importformatet")
        parser.add_argument("--user", required=True, help="brugernavnet på den, der indlæser (rollen "
                                                          "Indlæsningsansvarlig)")
        parser.add_argument("--dry-run", action="store_true", help="prøvekørsel: vis udfaldet, gem intet")
        parser.add_argument("--quiet", action="store_true", help="vis kun optællingen, ikke de afviste rækker")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Filen {path} findes ikke.")
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"Brugeren {options['user']} findes ikke.")
        try:
            run = services.create_run(actor=user, file_name=path.name, data=path.read_bytes(),
                                      dry_run=options["dry_run"])
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError(" ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)) from None
        run = services.execute_run(run_id=run.pk)
        assert run is not None
        labels = DRY_OUTCOMES if run.dry_run else OUTCOMES
        if not options["quiet"]:
            for row in run.report:
                if row["outcome"] == REFUSED:
                    self.stdout.write(f"række {row['n']}: {KIND_LABELS.get(row['kind'], row['kind'])} {row['id']} "
                                      f"– {labels[REFUSED]}: {row['message']}")
        if run.error:
            self.stderr.write(run.error)
        rate = f", {run.rows_per_second:.0f} rækker pr. sekund" if run.rows_per_second else ""
        self.stdout.write(f"Indlæsning nr. {run.pk} ({'prøvekørsel' if run.dry_run else 'indlæsning'}): "
                          f"{run.done} af {run.total} rækker, {labels['created'].lower()} {run.created}, "
                          f"allerede indlæst {run.unchanged}, afvist {run.refused} "
                          f"({run.elapsed_seconds or 0:.1f} sekunder{rate}).")
