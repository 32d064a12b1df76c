from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_shipped(sender, **kwargs):
    from .shipped import sync_shipped

    sync_shipped()


class OutcomesConfig(AppConfig):
    name = "tovholder.outcomes"
    verbose_name = "Effektmåling"

    def ready(self):
        from . import plugins  # noqa: F401 - registers what this app plugs in (see plugins.py)

        post_migrate.connect(_sync_shipped, sender=self)
