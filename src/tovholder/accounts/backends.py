"""Permissions from roles in one read: Django's ModelBackend, but the user's groups and the permissions
they carry come in one query, and the group names (the user's roles) come with them."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group


def _load(user) -> None:
    if hasattr(user, "_role_cache"):
        return
    names, perms = set(), set()
    for name, app_label, codename in Group.objects.filter(user=user).values_list(
            "name", "permissions__content_type__app_label", "permissions__codename"):
        names.add(name)
        if codename:
            perms.add(f"{app_label}.{codename}")
    user._role_cache = (sorted(names), perms)


def role_names(user) -> list[str]:
    """The names of the user's roles (Django groups), read with the user's permissions."""
    _load(user)
    return user._role_cache[0]


class RoleBackend(ModelBackend):
    def get_group_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if user_obj.is_superuser:
            return super().get_group_permissions(user_obj, obj)
        _load(user_obj)
        return user_obj._role_cache[1]
