"""Reads of the organisation: units, staff, competences (no citizen data)."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, Sum

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


def users_and_roles(user: Actor, *, role: str = "") -> tuple[list[tuple[str, int]], list[StaffProfile], str]:
    """The municipality's staff logins with their roles and units: the count per role, and the list (only
    those in `role` when it names one). No citizen data."""
    from django.contrib.auth.models import Group

    profile = require_perm(user, "accounts.view_organisation")
    staff = StaffProfile.objects.filter(municipality=profile.municipality)
    counts = [(name, n) for name, n in Group.objects.order_by("name").annotate(
        n=Count("user", filter=Q(user__staff__municipality=profile.municipality))).values_list("name", "n")]
    if role not in {name for name, _ in counts}:
        role = ""
    if role:
        staff = staff.filter(user__groups__name=role)
    rows = list(staff.select_related("user").prefetch_related("units", "user__groups")
                .order_by("user__last_name", "user__first_name", "pk"))
    return counts, rows, role
