"""A real SAML 2.0 identity provider for the tests (pysaml2's own IdP, `saml2.server.Server`), speaking as
NemLog-in does by the OIOSAML 3 profile: HTTP-Redirect in, a signed assertion posted back (HTTP-POST) with the
CPR number and the NSIS assurance level as URI-named attributes. Not a mock: Tovholder's side (djangosaml2,
xmlsec1) checks the signature against the metadata exactly as in production.

`running_saml_idp(folder)` starts it on a free port in a thread and writes its metadata to a file; the SP's
metadata is read from Tovholder the first time a login arrives. Its login page is a small "MitID simulator":
type a CPR number and choose the assurance level, then "Godkend"."""

import base64
import datetime
import html
import threading
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

CPR = "https://data.gov.dk/model/core/eid/cprNumber"
LOA = "https://data.gov.dk/concept/core/nsis/loa"
NAME = "https://data.gov.dk/model/core/eid/fullName"
XMLSEC = "/usr/bin/xmlsec1"


def make_keypair(folder: Path, name: str) -> tuple[str, str]:
    """A self-signed certificate and its key (PEM files) for a test party."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30)).sign(key, hashes.SHA256()))
    key_path, cert_path = folder / f"{name}.key", folder / f"{name}.crt"
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                           serialization.NoEncryption()))
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return str(key_path), str(cert_path)


@dataclass
class SamlIdp:
    base: str
    metadata_path: str
    folder: Path
    key: str
    cert: str
    sp_metadata_url: str = ""
    _server: object = None
    pending: dict = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def config(self, with_sp: bool):
        from saml2 import BINDING_HTTP_REDIRECT
        from saml2.config import IdPConfig
        from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_PERSISTENT

        conf = {
            "entityid": self.base + "/metadata",
            "xmlsec_binary": XMLSEC,
            "service": {"idp": {
                "name": "Test-IdP (NemLog-in-lignende)",
                "endpoints": {"single_sign_on_service": [(self.base + "/sso/redirect", BINDING_HTTP_REDIRECT)]},
                "policy": {"default": {"lifetime": {"minutes": 5}, "attribute_restrictions": None,
                                       "name_form": NAME_FORMAT_URI}},
                "name_id_format": [NAMEID_FORMAT_PERSISTENT],
            }},
            "key_file": self.key,
            "cert_file": self.cert,
            "metadata": {"local": [str(self.folder / "sp.xml")]} if with_sp else {},
        }
        idp = IdPConfig()
        idp.load(conf)
        return idp

    def know_sp(self, metadata: bytes) -> None:
        """Give the SP's metadata directly (instead of reading it from `sp_metadata_url` at the first login)."""
        (self.folder / "sp.xml").write_bytes(metadata)

    def server(self):
        from saml2.server import Server

        with self._lock:
            if self._server is None:
                if self.sp_metadata_url:
                    self.know_sp(urllib.request.urlopen(self.sp_metadata_url, timeout=10).read())
                self._server = Server(config=self.config(with_sp=True))
            return self._server


class _Handler(BaseHTTPRequestHandler):
    idp: SamlIdp

    def log_message(self, *args):  # quiet
        pass

    def _send(self, body: str, status: int = 200):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        from saml2 import BINDING_HTTP_REDIRECT

        url = urlparse(self.path)
        if url.path != "/sso/redirect":
            return self._send("Ukendt side", 404)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        server = self.idp.server()
        request = server.parse_authn_request(query["SAMLRequest"], BINDING_HTTP_REDIRECT)
        key = request.message.id
        self.idp.pending[key] = (request, query.get("RelayState", ""))
        self._send(f"""<!doctype html><html lang="da"><head><meta charset="utf-8"><title>MitID-simulator</title></head>
<body><main><h1>MitID-simulator (test-IdP)</h1><form method="post" action="/sso/login">
<input type="hidden" name="key" value="{html.escape(key)}">
<p><label for="cpr">CPR-nummer</label> <input id="cpr" name="cpr" autocomplete="off"></p>
<p><label for="navn">Navn</label> <input id="navn" name="navn" value="Test Borger"></p>
<p><label for="loa">Sikringsniveau</label> <select id="loa" name="loa"><option>Substantial</option>
<option>High</option><option>Low</option></select></p>
<p><button type="submit">Godkend</button></p></form></main></body></html>""")

    def do_POST(self):
        from saml2 import BINDING_HTTP_POST
        from saml2.authn_context import PASSWORDPROTECTEDTRANSPORT
        from saml2.saml import NAMEID_FORMAT_PERSISTENT, NameID

        length = int(self.headers.get("Content-Length", 0))
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        request, relay_state = self.idp.pending.pop(form.get("key", ""), (None, ""))
        if request is None:
            return self._send("Ukendt login", 400)
        server = self.idp.server()
        sp = request.message.issuer.text
        acs = request.message.assertion_consumer_service_url or server.metadata.assertion_consumer_service(
            sp, binding=BINDING_HTTP_POST)[0]["location"]
        response = server.create_authn_response(
            identity={CPR: [form.get("cpr", "")], LOA: [form.get("loa", "")], NAME: [form.get("navn", "")]},
            in_response_to=request.message.id, destination=acs, sp_entity_id=sp,
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text="https://data.gov.dk/eid/Person/test-" + form["key"]),
            authn={"class_ref": PASSWORDPROTECTEDTRANSPORT, "authn_auth": self.idp.base + "/metadata"},
            sign_assertion=True, sign_response=True)
        saml_response = base64.b64encode(str(response).encode()).decode()
        self._send(f"""<!doctype html><html lang="da"><head><meta charset="utf-8">
<title>Tilbage til tjenesten</title></head><body><main><h1>Du er logget ind med MitID (test)</h1>
<form method="post" action="{html.escape(acs)}">
<input type="hidden" name="SAMLResponse" value="{saml_response}">
<input type="hidden" name="RelayState" value="{html.escape(relay_state)}">
<button type="submit">Fortsæt til tjenesten</button></form></main></body></html>""")


@contextmanager
def running_saml_idp(folder: Path):
    from saml2.metadata import create_metadata_string

    folder.mkdir(parents=True, exist_ok=True)
    key, cert = make_keypair(folder, "idp")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    idp = SamlIdp(base=base, metadata_path=str(folder / "idp.xml"), folder=folder, key=key, cert=cert)
    (folder / "idp.xml").write_bytes(create_metadata_string(None, config=idp.config(with_sp=False), valid=24))
    handler = type("Handler", (_Handler,), {"idp": idp})
    httpd.RequestHandlerClass = handler
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield idp
    finally:
        httpd.shutdown()
        httpd.server_close()


def environment(idp: SamlIdp, sp_key: str, sp_cert: str) -> dict[str, str]:
    """Tovholder's settings for citizen login through this IdP (as production sets them for NemLog-in)."""
    return {"TOVHOLDER_CITIZEN_SAML_IDP_METADATA": idp.metadata_path, "TOVHOLDER_CITIZEN_SAML_KEY": sp_key,
            "TOVHOLDER_CITIZEN_SAML_CERT": sp_cert, "TOVHOLDER_CITIZEN_SAML_XMLSEC": XMLSEC}
