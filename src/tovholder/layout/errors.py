"""Errors are logged and shown (issue 16): a request id on every request and every log line, and Danish
error pages. An unexpected error is logged by Django's "django.request" logger (to stderr, see LOGGING in
settings) with the request's id; the user sees the 500 page with the same id to quote to support.

The 400 and 500 pages are drawn without context processors or the database: they must work when the
database is what failed.
"""

import contextvars
import logging
import re
import uuid

from django.http import HttpResponseBadRequest, HttpResponseServerError
from django.template import loader

REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
HEADER = "X-Request-ID"
_SAFE = re.compile(r"[A-Za-z0-9\-]{8,64}")


class RequestIdMiddleware:
    """Give each request an id (a proxy's X-Request-ID when it is a plain token, else a new one), keep it
    for the log lines written while the request runs, and send it back in the response's header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(HEADER, "")
        request.request_id = given if _SAFE.fullmatch(given) else uuid.uuid4().hex[:12]
        token = REQUEST_ID.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            REQUEST_ID.reset(token)
        response[HEADER] = request.request_id
        return response


class RequestIdFilter(logging.Filter):
    """Put the request id on every log record (as `request_id`), "-" outside a request."""

    def filter(self, record):
        request = getattr(record, "request", None)
        record.request_id = getattr(request, "request_id", None) or REQUEST_ID.get()
        return True


def _request_id(request) -> str:
    return getattr(request, "request_id", None) or REQUEST_ID.get()


def server_error(request, template_name="500.html"):
    html = loader.get_template(template_name).render({"request_id": _request_id(request)})
    return HttpResponseServerError(html)


def bad_request(request, exception, template_name="400.html"):
    html = loader.get_template(template_name).render({"request_id": _request_id(request)})
    return HttpResponseBadRequest(html)
