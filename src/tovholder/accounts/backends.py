"""Permissions from roles in one read: Django's ModelBackend, but the user's own permissions, the user's groups
and the permissions they carry come in one query (a union), and the group names (the user's roles) come with
them. Kept on the user object, which Django builds anew for each request: a changed role counts from the next
request (and at once after `accounts.principals.forget_principal`)."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db.models import CharField, Value


def _load(user) -> None:
    if hasattr(user, "_role_cache"):
        return
    groups = Group.objects.filter(user=user).order_by().values_list(
        Value(True), "name", "permissions__content_type__app_label", "permissions__codename")
    direct = Permission.objects.filter(user=user).order_by().values_list(
        Value(False), Value("", output_field=CharField()), "content_type__app_label", "codename")
    names, perms, own = set(), set(), set()
    for from_group, name, app_label, codename in groups.union(direct, all=True):
        if from_group:
            names.add(name)
        if codename:
            (perms if from_group else own).add(f"{app_label}.{codename}")
    user._role_cache = (sorted(names), perms, own)


def role_names(user) -> list[str]:
    """The names of the user's roles (Django groups), read with the user's permissions."""
    _load(user)
    return user._role_cache[0]


def user_with_staff(user_id):
    """The request's user with its staff profile and municipality in the same read (`accounts.principals`
    finds the profile there and reads it no second time); None if there is no such user."""
    from django.contrib.auth import get_user_model

    return get_user_model()._default_manager.select_related("staff__municipality").filter(pk=user_id).first()


class RoleBackend(ModelBackend):
    def get_user(self, user_id):
        user = user_with_staff(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_user_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if user_obj.is_superuser:
            return super().get_user_permissions(user_obj, obj)
        _load(user_obj)
        return user_obj._role_cache[2]

    def get_group_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if user_obj.is_superuser:
            return super().get_group_permissions(user_obj, obj)
        _load(user_obj)
        return user_obj._role_cache[1]
