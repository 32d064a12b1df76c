"""The demo's test login can never be on in production (settings refuse to start)."""

from tests.test_production_config import KEY, tovholder


def test_production_refuses_the_citizen_test_login(tmp_path):
    done = tovholder(tmp_path, "check", TOVHOLDER_PRODUCTION="1", TOVHOLDER_SECRET_KEY=KEY,
                     TOVHOLDER_CITIZEN_TEST_LOGIN="1")
    assert done.returncode != 0 and "Testlogin for borgere" in done.stderr
    done = tovholder(tmp_path, "shell", "-c", "from django.conf import settings; "
                     "print(settings.TOVHOLDER_CITIZEN_TEST_LOGIN)", TOVHOLDER_PRODUCTION="1",
                     TOVHOLDER_SECRET_KEY=KEY)
    assert done.returncode == 0 and done.stdout.strip().splitlines()[-1] == "False"
