"""The start page: the panels each app contributes for the user's role (layout.panels), with every
citizen shown logged as one read. A role without panels lands on its first menu entry.

Project level, above every app (ARCHITECTURE.md): it may know them all, and needs none of them."""

from django.shortcuts import redirect, render
from django.utils import timezone

from tovholder.audit.services import record_list_access
from tovholder.layout import menu
from tovholder.layout.panels import panels_for


def home(request):
    panels, shown = panels_for(request)
    if not panels:
        items = menu.items_for(request)
        return redirect(items[0].url if items else "citizens")
    record_list_access(actor=request.user, citizens=shown, what="Min dag")
    return render(request, "home.html", {"panels": panels, "today": timezone.localdate()})
