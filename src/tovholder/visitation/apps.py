from django.apps import AppConfig


class VisitationConfig(AppConfig):
    name = "tovholder.visitation"
    verbose_name = "Henvendelser, visitation og afgørelser"

    def ready(self):
        from . import plugins  # noqa: F401 - registers what this app plugs in (see plugins.py)
