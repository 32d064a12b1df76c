"""The municipality's public pages, linked from every page's footer: accessibility statement, contact
and privacy. Public (no login): a citizen or a screen-reader user must reach them before logging in."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, render

from .models import Municipality

PAGES = {
    "accessibility": "Tilgængelighedserklæring",
    "contact": "Kontakt",
    "privacy": "Privatlivspolitik",
}


@login_not_required
def index(request):
    return render(request, "tenancy/index.html", {"municipalities": Municipality.objects.all(), "pages": PAGES})


def _page(request, code: str, page: str):
    municipality = get_object_or_404(Municipality, code=code)
    return render(request, f"tenancy/{page}.html",
                  {"municipality": municipality, "title": PAGES[page], "page_municipality": municipality})


@login_not_required
def accessibility(request, code: str):
    return _page(request, code, "accessibility")


@login_not_required
def contact(request, code: str):
    return _page(request, code, "contact")


@login_not_required
def privacy(request, code: str):
    return _page(request, code, "privacy")
