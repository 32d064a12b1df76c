from django.apps import AppConfig


class CommitteeConfig(AppConfig):
    name = "tovholder.committee"
    verbose_name = "Udvalgssager"

    def ready(self):
        from . import plugins  # noqa: F401 - registers what this app plugs in (see plugins.py)
