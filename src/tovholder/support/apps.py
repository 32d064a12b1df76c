from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "tovholder.support"
    verbose_name = "Forløb, plan og mål"

    def ready(self):
        from . import overview  # noqa: F401 - registers overview sections and timeline sources
