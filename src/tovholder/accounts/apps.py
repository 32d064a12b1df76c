from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _apply_roles(sender, **kwargs):
    from django.contrib.auth.models import Group, Permission

    from .roles import apply_roles

    apply_roles(Group, Permission)


class AccountsConfig(AppConfig):
    name = "tovholder.accounts"
    verbose_name = "Medarbejdere og organisation"

    def ready(self):
        post_migrate.connect(_apply_roles, sender=self)
