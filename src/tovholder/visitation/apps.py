from django.apps import AppConfig


class VisitationConfig(AppConfig):
    name = "tovholder.visitation"
    verbose_name = "Henvendelser, visitation og afgørelser"

    def ready(self):
        from . import capacity, overview  # noqa: F401 - register capacity usage, overview sections, timeline
