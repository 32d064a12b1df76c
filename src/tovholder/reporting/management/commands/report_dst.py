"""`tovholder report_dst [--month YYYY-MM]`: build Statistics Denmark's monthly report (ADR 0030)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tovholder.reporting.dst.build import paragraph_label, parse_month
from tovholder.reporting.dst.services import PERM, previous_month, report_month, reporter_for
from tovholder.reporting.dst.tasks import monthly_dst_reports_task
from tovholder.tenancy.models import Municipality


class Command(BaseCommand):
    help = ("Dan indberetningen til Danmarks Statistik om indsatser til voksne med handicap og udsatte voksne "
            "for en måned (standard: sidste måned) og læg filen i udbakken (var/dst/ud/).")

    def add_arguments(self, parser):
        parser.add_argument("--month", help="Måneden som ÅÅÅÅ-MM, fx 2026-03 (standard: sidste måned).")
        parser.add_argument("--user", help="Brugernavn på den, der indberetter (standard: den, der senest har "
                                           "indberettet i kommunen). Indberetningen gælder brugerens kommune.")
        parser.add_argument("--municipality", help="Kommunekode, fx 151 (standard: alle kommuner).")
        parser.add_argument("--enqueue", action="store_true",
                            help="Sæt den månedlige opgave i kø til `tovholder db_worker` i stedet.")

    def handle(self, *args, month: str | None, user: str | None, municipality: str | None, enqueue: bool,
               **options):
        try:
            day = parse_month(month) if month else previous_month(timezone.localdate())
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from None
        if enqueue:
            result = monthly_dst_reports_task.enqueue(f"{day:%Y-%m}")
            self.stdout.write(f"Sat i kø: {result.id}")
            return
        for actor in self._actors(user, municipality):
            try:
                report = report_month(actor=actor, month=day)
            except (ValidationError, PermissionDenied) as exc:
                raise CommandError("; ".join(getattr(exc, "messages", [str(exc)]))) from None
            assert report is not None
            where = report.municipality.name
            self.stdout.write(f"{where}, {day:%Y-%m}: {report.get_status_display()}"
                              + (f" (version {report.version}, {report.file_name})" if report.version else ""))
            self.stdout.write(f"  Indberettede indsatser: {report.record_count}; afviste: {report.rejected_count}")
            for p, c in report.counts.items():
                self.stdout.write(f"  {paragraph_label(p)}: {c['total']} (startet {c['started']}, "
                                  f"afsluttet {c['ended']})")
            for row in report.rejected:
                self.stdout.write(f"  Afvist indsats nr. {row['effort_id']}: {' '.join(row['reasons'])}")
            if report.error:
                self.stdout.write(report.error)

    def _actors(self, username: str | None, code: str | None):
        if username:
            actor = get_user_model().objects.filter(username=username, is_active=True).first()
            if actor is None:
                raise CommandError(f"Ingen aktiv bruger med brugernavnet {username}.")
            if not actor.has_perm(PERM):
                raise CommandError(f"{username} har ikke en rolle, der må indberette til Danmarks Statistik.")
            return [actor]
        municipalities = Municipality.objects.order_by("code")
        if code:
            municipalities = municipalities.filter(code=code)
            if not municipalities.exists():
                raise CommandError(f"Ingen kommune med koden {code}.")
        actors = []
        for m in municipalities:
            actor = reporter_for(m)
            if actor is None:
                self.stdout.write(f"{m.name}: ingen har indberettet endnu – angiv --user første gang.")
            else:
                actors.append(actor)
        if not actors:
            raise CommandError("Ingen at indberette for. Angiv --user med en leder eller administrator.")
        return actors
