from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_topics(sender, **kwargs):
    from .topics import sync_topics

    sync_topics()


class CoursesConfig(AppConfig):
    name = "tovholder.courses"
    verbose_name = "Gruppeforløb"

    def ready(self):
        from . import plugins  # noqa: F401 - registers what this app plugs in (see plugins.py)

        post_migrate.connect(_sync_topics, sender=self)
