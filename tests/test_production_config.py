"""Production configuration (issue 16): a key of its own per installation, HTTPS settings on in production,
`check --deploy` clean, and the headers every page carries. Settings are read once per process, so the
start-up cases run the `tovholder` command in a process of their own."""

import os
import socket
import stat
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.urls import reverse

BIN = Path(sys.executable).parent
KEY = "k" * 20 + "-en-lang-og-tilfaeldig-noegle-kun-til-denne-test-1234567890"
OLD_PUBLIC_KEY = "local-development-key-not-for-production"


def tovholder(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TOVHOLDER_") and k != "DATABASE_URL"}
    return subprocess.run([str(BIN / "tovholder"), *args], capture_output=True, text=True, timeout=120,
                          env={**clean, "TOVHOLDER_VAR_DIR": str(tmp_path), **env})


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    done = tovholder(tmp_path, "check", TOVHOLDER_PRODUCTION="1")
    assert done.returncode != 0
    assert "TOVHOLDER_SECRET_KEY skal være sat i produktion" in done.stderr
    assert not (tmp_path / "secret_key").exists()  # production never makes a key of its own
    done = tovholder(tmp_path, "check", TOVHOLDER_PRODUCTION="1", TOVHOLDER_SECRET_KEY="kort")
    assert done.returncode != 0 and "mindst 50 tegn" in done.stderr


def test_production_refuses_debug(tmp_path):
    done = tovholder(tmp_path, "check", TOVHOLDER_PRODUCTION="1", TOVHOLDER_SECRET_KEY=KEY, TOVHOLDER_DEBUG="1")
    assert done.returncode != 0 and "TOVHOLDER_DEBUG kan ikke slås til i produktion" in done.stderr


def test_without_production_each_installation_makes_its_own_key(tmp_path):
    show = ("shell", "-v", "0", "-c", "from django.conf import settings; print(settings.SECRET_KEY)")
    first = tovholder(tmp_path / "a", *show)
    assert first.returncode == 0, first.stderr
    key = first.stdout.strip()
    assert len(key) >= 50 and key != OLD_PUBLIC_KEY
    path = tmp_path / "a" / "secret_key"
    assert path.read_text().strip() == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert tovholder(tmp_path / "a", *show).stdout.strip() == key  # kept: sessions survive a restart
    assert tovholder(tmp_path / "b", *show).stdout.strip() != key  # another installation, another key


def test_check_deploy_is_clean_in_production(tmp_path):
    done = tovholder(tmp_path, "check", "--deploy", "--fail-level", "WARNING", TOVHOLDER_PRODUCTION="1",
                     TOVHOLDER_SECRET_KEY=KEY, TOVHOLDER_ALLOWED_HOSTS="tovholder.ballerup.dk")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_production_turns_https_on_by_default(tmp_path):
    code = ("from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, "
            "s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS)")
    done = tovholder(tmp_path, "shell", "-v", "0", "-c", code, TOVHOLDER_PRODUCTION="1", TOVHOLDER_SECRET_KEY=KEY)
    assert done.stdout.split() == ["True", "True", "True", str(365 * 24 * 3600), "True"], done.stderr
    done = tovholder(tmp_path, "shell", "-v", "0", "-c", code)
    assert done.stdout.split() == ["False", "False", "False", "0", "False"], done.stderr


def test_every_page_has_csp_and_permissions_policy(client, world):
    for response in (client.get(reverse("login")), _logged_in(client).get(reverse("citizens"))):
        csp = response["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp and "style-src 'self'" in csp
        assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
        assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


def test_pages_with_citizen_data_are_never_stored(client, world):
    response = _logged_in(client).get(reverse("citizen", args=[world.anna.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "no-store" in client.get(reverse("home"))["Cache-Control"]


def test_templates_have_no_inline_scripts_or_styles():
    src = Path(__file__).resolve().parent.parent / "src" / "tovholder"
    for template in src.rglob("templates/**/*.html"):
        if template.name.startswith("letter") or template.name.endswith("pdf.html"):
            continue  # letters and the other PDFs (crisis plan, Min log, data copy, committee report) are made by
            # WeasyPrint, never served as pages
        text = template.read_text()
        assert " style=" not in text and "<style" not in text, template
        assert "<script>" not in text and " onclick=" not in text, template


def test_gunicorn_sends_no_server_header(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TOVHOLDER_") and k != "DATABASE_URL"}
    proc = subprocess.Popen([str(BIN / "gunicorn"), "-c", "python:tovholder.gunicorn_conf", "tovholder.wsgi",
                             "--bind", f"127.0.0.1:{port}"], env={**clean, "TOVHOLDER_VAR_DIR": str(tmp_path)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                response = urllib.request.urlopen(f"http://127.0.0.1:{port}/static/css/tovholder.css", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("gunicorn startede ikke")
        assert response.status == 200
        assert response.headers.get("Server") is None, response.headers.get("Server")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _logged_in(client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="own"))
    return client


def test_a_pdf_shown_inline_has_no_csp_that_would_block_the_browsers_viewer(rf):
    from django.http import HttpResponse

    from tovholder.layout.middleware import PageCSPMiddleware

    pdf = PageCSPMiddleware(lambda request: HttpResponse(b"%PDF-1.7", content_type="application/pdf"))
    page = PageCSPMiddleware(lambda request: HttpResponse("<p>side</p>"))
    assert "Content-Security-Policy" not in pdf(rf.get("/brev.pdf"))
    assert "default-src 'self'" in page(rf.get("/side/"))["Content-Security-Policy"]
