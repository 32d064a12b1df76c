from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "tovholder.plans"
    verbose_name = "Plan og mål"

    def ready(self):
        from . import plugins  # noqa: F401 - registers what this app plugs in (see plugins.py)
