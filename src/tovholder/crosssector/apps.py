from django.apps import AppConfig


class CrosssectorConfig(AppConfig):
    name = "tovholder.crosssector"
    verbose_name = "Tværsektorielt samarbejde"

    def ready(self):
        from . import plugins  # noqa: F401 - registers what this app plugs in (see plugins.py)
