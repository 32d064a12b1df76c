"""A real OpenID Connect identity provider for the SSO tests (tests/idp/idp.js: panva's oidc-provider
on Node.js), started on a free port. Its packages come from the npm registry through the committed
package-lock.json (`npm ci` in tests/idp, which scripts/test.sh runs)."""

import os
import shutil
import socket
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest

IDP_DIR = Path(__file__).parent / "idp"
CLIENT_ID = "tovholder-test"
CLIENT_SECRET = "tovholder-test-hemmelighed"  # noqa: S105 - the local test IdP's client only
PASSWORD = "IdP-test-2026"  # every test user's password at the test IdP


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_idp(redirect_uris: list[str]):
    node = shutil.which("node")
    if node is None or not (IDP_DIR / "node_modules" / "oidc-provider").is_dir():
        pytest.fail("Test-IdP'en mangler: installer Node.js 20 og kør `npm ci` i tests/idp (scripts/test.sh gør det).")
    port = _free_port()
    env = {**os.environ, "IDP_PORT": str(port), "IDP_CLIENT_ID": CLIENT_ID, "IDP_CLIENT_SECRET": CLIENT_SECRET,
           "IDP_REDIRECT_URIS": " ".join(redirect_uris)}
    proc = subprocess.Popen([node, "idp.js"], cwd=IDP_DIR, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    assert proc.stdout is not None
    seen = []
    for line in proc.stdout:  # oidc-provider's warnings (in-memory adapter, Node 20) come first
        seen.append(line)
        if line.startswith("READY "):
            break
    else:
        proc.kill()
        pytest.fail("Test-IdP'en startede ikke: " + "".join(seen))
    issuer = line.split()[1]
    try:
        yield issuer
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def environment(issuer: str) -> dict[str, str]:
    """The environment Tovholder reads its SSO configuration from, for this IdP (see README)."""
    return {
        "TOVHOLDER_OIDC_ISSUER": issuer,
        "TOVHOLDER_OIDC_AUTHORIZATION_ENDPOINT": f"{issuer}/auth",
        "TOVHOLDER_OIDC_TOKEN_ENDPOINT": f"{issuer}/token",
        "TOVHOLDER_OIDC_USERINFO_ENDPOINT": f"{issuer}/me",
        "TOVHOLDER_OIDC_JWKS_ENDPOINT": f"{issuer}/jwks",
        "TOVHOLDER_OIDC_CLIENT_ID": CLIENT_ID,
        "TOVHOLDER_OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "TOVHOLDER_OIDC_SCOPES": "openid profile email tovholder",
        "TOVHOLDER_OIDC_MUNICIPALITY": "151",
    }


def configure(settings, issuer: str) -> None:
    """Point Django's settings (pytest-django's `settings`) at the IdP, as the environment would."""
    env = environment(issuer)
    settings.OIDC_OP_ISSUER = env["TOVHOLDER_OIDC_ISSUER"]
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = env["TOVHOLDER_OIDC_AUTHORIZATION_ENDPOINT"]
    settings.OIDC_OP_TOKEN_ENDPOINT = env["TOVHOLDER_OIDC_TOKEN_ENDPOINT"]
    settings.OIDC_OP_USER_ENDPOINT = env["TOVHOLDER_OIDC_USERINFO_ENDPOINT"]
    settings.OIDC_OP_JWKS_ENDPOINT = env["TOVHOLDER_OIDC_JWKS_ENDPOINT"]
    settings.OIDC_RP_CLIENT_ID = env["TOVHOLDER_OIDC_CLIENT_ID"]
    settings.OIDC_RP_CLIENT_SECRET = env["TOVHOLDER_OIDC_CLIENT_SECRET"]
    settings.OIDC_RP_SCOPES = env["TOVHOLDER_OIDC_SCOPES"]
    settings.TOVHOLDER_OIDC_MUNICIPALITY = env["TOVHOLDER_OIDC_MUNICIPALITY"]
