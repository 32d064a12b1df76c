from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "tovholder.plans"
    verbose_name = "Plan og mål"

    def ready(self):
        from . import overview  # noqa: F401 - registers the overview section and the timeline source
