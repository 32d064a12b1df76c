from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def _apply_roles(sender, **kwargs):
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    from .roles import apply_roles

    # permissions of apps migrated after this one must exist before the roles can name them
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    apply_roles(Group, Permission)


class AccountsConfig(AppConfig):
    name = "tovholder.accounts"
    verbose_name = "Medarbejdere og organisation"

    def ready(self):
        from . import plugins  # noqa: F401 - registers what this app plugs in (see plugins.py)

        post_migrate.connect(_apply_roles, sender=self)
        from django.contrib.auth.signals import user_logged_in

        from .second_factor import on_login

        user_logged_in.connect(on_login, dispatch_uid="tovholder_second_factor")
