from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "tovholder.retention"
    verbose_name = "Opbevaring og sletning"

    def ready(self):
        from . import plugins  # noqa: F401 - registers what this app plugs in (see plugins.py)
