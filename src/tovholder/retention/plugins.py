"""What retention plugs in: its menu entry and the archivist's start-page panel."""

from django.db.models import Count, Q

from tovholder.accounts.principals import principal_of
from tovholder.layout import menu, panels

menu.add(label="Sletning", url_name="retention", order=90,
         perms=("retention.approve_deletion", "retention.place_legal_hold"),
         current=("retention", "retention-proposal", "retention-record"))


@panels.panel(key="retention", title="Opbevaring og sletning", template="retention/panel.html", order=15,
              perm="retention.approve_deletion")
def retention_panel(request):
    """The archivist's start: how many proposals wait for a decision and how many holds are in force (counts
    only: the names are on the proposals page, where each read is logged)."""
    from .models import DeletionProposal, LegalHold

    principal = principal_of(request.user)
    counts = DeletionProposal.objects.filter(municipality_id=principal.municipality_id).aggregate(
        waiting=Count("pk", filter=Q(status=DeletionProposal.Status.PROPOSED)),
        deleted=Count("pk", filter=Q(status=DeletionProposal.Status.APPROVED)))
    holds = LegalHold.objects.filter(municipality_id=principal.municipality_id, released_at__isnull=True).count()
    return {"waiting": counts["waiting"], "deleted": counts["deleted"], "holds": holds}
