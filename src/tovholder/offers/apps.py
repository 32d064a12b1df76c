from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "tovholder.offers"
    verbose_name = "Tilbud"

    def ready(self):
        from . import plugins  # noqa: F401 - registers what this app plugs in (see plugins.py)
