from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "tovholder.support"
    verbose_name = "Forløb, plan og mål"

    def ready(self):
        from . import demo, overview  # noqa: F401 - register overview sections, timeline sources, demo step
