"""What `tovholder logins` says about citizen logins (Min Tovholder)."""

from django.conf import settings

from . import saml
from .selectors import test_citizens, test_relatives


def print_citizen_logins(stdout) -> None:
    stdout.write("Min Tovholder (borgernes egne sider): /min/")
    if settings.TOVHOLDER_CITIZEN_TEST_LOGIN:
        accounts = test_citizens()
        if accounts:
            stdout.write("  Testlogin – kun demo: vælg en af de opdigtede testborgere på /min/log-ind/:")
            for a in accounts:
                stdout.write(f"    {a.citizen.full_name} ({a.municipality.name})")
            relatives = test_relatives()
            if relatives:
                stdout.write("  Testpårørende – samme side, \"Log ind som testpårørende\"; ser kun det, en borger har "
                             "delt (/min/paaroerende/):")
                for r in relatives:
                    stdout.write(f"    {r.name} ({r.municipality.name})")
        else:
            stdout.write("  Testlogin er slået til, men der er ingen testborgere (kør tovholder demo).")
    else:
        stdout.write("  Testlogin for borgere er slået fra (TOVHOLDER_CITIZEN_TEST_LOGIN).")
    stdout.write(f"  Login med MitID (NemLog-in, SAML): {'slået til' if saml.enabled() else 'ikke sat op'}.")
