from django.apps import AppConfig


class CitizensConfig(AppConfig):
    name = "tovholder.citizens"
    verbose_name = "Borgere"

    def ready(self):
        from . import plugins  # noqa: F401 - registers what this app plugs in (see plugins.py)
