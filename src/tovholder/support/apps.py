from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "tovholder.support"
    verbose_name = "Forløb, plan og mål"

    def ready(self):
        from . import plugins  # noqa: F401 - registers what this app plugs in (see plugins.py)
