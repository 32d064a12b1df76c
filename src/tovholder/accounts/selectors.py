"""Reads of the organisation: units, staff, competences (no citizen data)."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Sum

from .models import StaffProfile, Unit
from .principals import Actor, principal_of, require_perm


def organisation(user: Actor) -> list[Unit]:
    profile = require_perm(user, "accounts.view_organisation")
    staff = StaffProfile.objects.select_related("user").prefetch_related("competences", "user__groups")
    return list(
        Unit.objects.filter(municipality=profile.municipality)
        .annotate(staff_count=Count("staff", distinct=True), fte_total=Sum("staff__fte"))
        .prefetch_related(Prefetch("staff", queryset=staff.order_by("user__last_name", "user__first_name")))
        .select_related("parent")
        .order_by("parent_id", "name")
    )


def colleagues(user: Actor):
    """Active staff in the user's units (the choices for a contact person, a responsible worker, a
    leader)."""
    principal = principal_of(user)
    return (get_user_model().objects.filter(staff__municipality_id=principal.municipality_id,
                                            staff__units__in=principal.unit_ids, is_active=True)
            .distinct().order_by("first_name", "last_name"))
