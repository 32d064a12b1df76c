from django.apps import AppConfig


class VisitationConfig(AppConfig):
    name = "tovholder.visitation"
    verbose_name = "Henvendelser, visitation og afgørelser"

    def ready(self):
        from . import demo, overview  # noqa: F401  (register overview sections, timeline and demo steps)
