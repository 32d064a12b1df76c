"""The Content-Security-Policy (django-csp, settings.CONTENT_SECURITY_POLICY) on every response but a PDF
shown inline: Chrome's PDF viewer is a plugin, which the policy's `object-src 'none'` would block, and a
PDF runs no page scripts to protect."""

from csp.middleware import CSPMiddleware


class PageCSPMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        if response.get("Content-Type", "").startswith("application/pdf"):
            response._csp_exempt = True
        return super().process_response(request, response)
