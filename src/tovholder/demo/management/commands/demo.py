import datetime

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from tovholder.demo import organisation
from tovholder.demo.builder import DemoExists, build_demo


class Command(BaseCommand):
    help = "Opretter demokommunerne (Ballerup-lignende og nabokommunen Herlev) med borgere, tilbud og personale."

    def add_arguments(self, parser):
        parser.add_argument("--citizens", type=int, default=400, help="Antal borgere i hovedkommunen (50–100000).")
        parser.add_argument("--seed", type=int, default=2016, help="Samme frø giver samme demokommune.")
        parser.add_argument("--today", type=datetime.date.fromisoformat, default=None,
                            help="Dato demoen regnes fra (ÅÅÅÅ-MM-DD); standard er i dag.")
        parser.add_argument("--if-empty", action="store_true",
                            help="Gør intet, hvis databasen allerede har en demokommune.")

    def handle(self, *args, citizens, seed, today, if_empty, **options):
        if not 50 <= citizens <= 100_000:
            raise CommandError("--citizens skal være mellem 50 og 100000.")
        today = today or datetime.date.today()
        bar = tqdm(total=citizens + max(10, citizens // 5), unit=" borgere", desc="Demokommune",
                   disable=options["verbosity"] == 0)
        try:
            result = build_demo(citizens=citizens, seed=seed, today=today, progress=bar.update,
                                announce=lambda text: bar.set_postfix_str(text, refresh=True))
        except DemoExists:
            bar.close()
            if if_empty:
                self.stdout.write("Demokommunen findes allerede – bruger den.")
                return
            raise CommandError(
                "Databasen har allerede data. Brug en tom database (fx slet var/tovholder.sqlite3)."
            ) from None
        bar.close()
        self.stdout.write(self.style.SUCCESS(
            f"Demokommune oprettet: {result.citizens} borgere, {result.relatives} pårørende, "
            f"{result.consents} samtykker, {result.involvements} tilknytninger, {result.staff} medarbejdere; "
            f"borgere pr. medarbejder i teamene: {result.caseload[0]}–{result.caseload[1]}."))


def print_logins(stdout) -> None:
    stdout.write(f"Demo-logins (adgangskode for alle: {organisation.DEMO_PASSWORD}):")
    for username, who in organisation.SHOWCASE_LOGINS:
        stdout.write(f"  {username:<14} {who}")
    from django.conf import settings

    from tovholder.accounts import sso

    if settings.TOVHOLDER_OTP_REQUIRED:
        stdout.write("Totrinslogin (TOTP) er KRÆVET for ledere, sagsbehandlere og administratorer: de opretter "
                     "en godkendelses-app ved første login.")
    else:
        stdout.write("Totrinslogin (TOTP) er ikke krævet her (TOVHOLDER_OTP_REQUIRED=1 kræver det); alle kan "
                     "slå det til under 'Totrinslogin'.")
    stdout.write(f"Kommunens login (OpenID Connect): {'slået til' if sso.enabled() else 'ikke sat op'}.")
    from tovholder.api.demo import NAME, demo_token

    stdout.write(f"API (KUN DEMO, fast nøgle): {NAME}, 'Authorization: Bearer {demo_token('151')}' – se /api/docs. "
                 "Rigtige nøgler udstedes under 'API-klienter' og vises kun én gang.")
    from tovholder.portal.logins import print_citizen_logins

    print_citizen_logins(stdout)
