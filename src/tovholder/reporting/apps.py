from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "tovholder.reporting"
    verbose_name = "Indberetning"

    def ready(self):
        from . import plugins  # noqa: F401 - registers what this app plugs in (see plugins.py)
