"""Writes of accounts: a staff member as the municipality's identity provider describes them (SSO)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction

from tovholder.tenancy.models import Municipality

from .models import StaffProfile, Unit
from .principals import forget_principal


@transaction.atomic
def sync_sso_user(*, municipality: Municipality, username: str, first_name: str, last_name: str, email: str,
                  roles: list[str], unit_names: list[str], title: str):
    """Create or update the login and staff profile of `username` in `municipality` so its roles (Django
    groups) and units are exactly those the identity provider sent. The provider is the source of truth:
    a role or unit taken away there is taken away here at the next login. Refuses (PermissionDenied) a
    user of another municipality. The password login of an SSO user is unusable."""
    User = get_user_model()
    user = User.objects.select_for_update().filter(username=username).first()
    if user is None:
        user = User(username=username)
        user.set_unusable_password()
    else:
        other = StaffProfile.objects.filter(user=user).exclude(municipality=municipality).exists()
        if other or user.is_superuser:
            raise PermissionDenied("Brugeren hører til en anden kommune.")
    user.first_name, user.last_name, user.email = first_name[:150], last_name[:150], email[:254]
    user.is_active = True
    user.save()
    profile, created = StaffProfile.objects.get_or_create(
        user=user, defaults={"municipality": municipality, "title": title[:120]})
    if not created and title and profile.title != title[:120]:
        profile.title = title[:120]
        profile.save(update_fields=["title"])
    profile.units.set(Unit.objects.filter(municipality=municipality, name__in=unit_names))
    user.groups.set(Group.objects.filter(name__in=roles))
    forget_principal(user)
    return user
