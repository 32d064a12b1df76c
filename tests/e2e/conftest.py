"""Browser tests: a real Tovholder server (gunicorn, demo municipality) driven by Debian's Chromium.

The server runs in its own process on its own database (a fresh SQLite file, or a fresh PostgreSQL
database when DATABASE_URL points at PostgreSQL), so nothing is mocked and nothing is flushed.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import dj_database_url
import psycopg
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect, sync_playwright

CHROMIUM = os.environ.get("TOVHOLDER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PASSWORD = "Tovholder-demo-2026"
BIN = Path(sys.executable).parent
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_database(tmp: Path, worker: str, label: str = "") -> str | None:
    url = os.environ.get("DATABASE_URL")
    if not url or not url.startswith("postgres"):
        return None
    cfg = dj_database_url.parse(url)
    name = f"{cfg['NAME']}_e2e{label}_{worker}"
    with psycopg.connect(host=cfg["HOST"], port=cfg["PORT"] or 5432, user=cfg["USER"], dbname="postgres",
                         autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + "/" + name


@contextmanager
def running_server(tmp: Path, worker: str, *, extra_env: dict[str, str] | None = None, port: int | None = None,
                   citizens: int = 80, label: str = ""):
    """A Tovholder server (gunicorn) on a fresh demo database; `extra_env` adds settings (e.g. SSO)."""
    env = {**os.environ, "TOVHOLDER_VAR_DIR": str(tmp), "DJANGO_SETTINGS_MODULE": "tovholder.settings",
           "TOVHOLDER_TASKS_IMMEDIATE": "1", **(extra_env or {})}
    env.pop("DATABASE_URL", None)
    db_url = _server_database(tmp, worker, label)
    if db_url:
        env["DATABASE_URL"] = db_url
    run = lambda *args: subprocess.run([str(BIN / "tovholder"), *args], env=env, check=True,  # noqa: E731
                                       capture_output=True, text=True)
    run("migrate", "--verbosity", "0")
    run("demo", "--citizens", str(citizens), "--seed", "42", "--verbosity", "0")
    port = port or _free_port()
    proc = subprocess.Popen([str(BIN / "gunicorn"), "-c", "python:tovholder.gunicorn_conf", "tovholder.wsgi",
                             "--bind", f"127.0.0.1:{port}", "--worker-class", "gthread", "--threads", "4",
                             "--log-level", "warning"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/login/", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    else:
        proc.kill()
        raise RuntimeError("Tovholder-serveren startede ikke: " + proc.stdout.read().decode())
    try:
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def server(tmp_path_factory, worker_id):
    if os.environ.get("TOVHOLDER_E2E_SERVER"):  # a running demo server, while writing a browser test
        yield os.environ["TOVHOLDER_E2E_SERVER"].rstrip("/")
        return
    tmp = tmp_path_factory.mktemp("server")
    os.environ["TOVHOLDER_E2E_VAR_DIR"] = str(tmp)  # the server's var/ (its mail folder: tests/e2e/test_account.py)
    with running_server(tmp, worker_id) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium mangler på {CHROMIUM} (apt-get install chromium).")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A browser tab; whatever the Content-Security-Policy blocked on any page it visited fails the test."""
    context = browser.new_context(locale="da-DK")
    page = context.new_page()
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(f"{page.url}: {m.text}")
            if m.type == "error" and "Content Security Policy" in m.text else None)
    yield page
    context.close()
    assert not blocked, "Content-Security-Policy blokerede: " + "; ".join(blocked)


_axe = Axe()


def assert_accessible(page) -> None:
    """axe-core (shipped in the axe-playwright-python package) finds no WCAG 2.1 A/AA violations.

    A click on a link may still be loading the next page: axe runs on the loaded page, not between two."""
    page.wait_for_load_state("load")
    results = _axe.run(page, options=WCAG)
    violations = results.response["violations"]
    assert not violations, f"{page.url}: " + "; ".join(
        f"{v['id']}: {v['help']} ({len(v['nodes'])} elementer: {v['nodes'][0]['target']})" for v in violations)


def login(page, base: str, username: str) -> None:
    page.goto(base + "/login/")
    assert_accessible(page)
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(lambda url: "/login/" not in url)
    expect(page.get_by_role("button", name="Log ud")).to_be_visible()
