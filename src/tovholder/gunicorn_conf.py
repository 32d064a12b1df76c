"""gunicorn's configuration for Tovholder: `gunicorn -c python:tovholder.gunicorn_conf tovholder.wsgi`.

gunicorn always names itself in a `Server` header and has no setting to leave it out; the header only tells
an attacker which server and which version to try. Loaded in the master before the workers fork, this drops
it from every HTTP/1.1 response (the bind is plain HTTP behind the municipality's TLS proxy)."""

from gunicorn.http import wsgi

worker_class = "gthread"
threads = 4

_default_headers = wsgi.Response.default_headers


def _default_headers_without_server(self: wsgi.Response) -> list[str]:
    return [line for line in _default_headers(self) if not line.lower().startswith("server:")]


wsgi.Response.default_headers = _default_headers_without_server  # type: ignore[method-assign]
