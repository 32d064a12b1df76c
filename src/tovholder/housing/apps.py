from django.apps import AppConfig


class HousingConfig(AppConfig):
    name = "tovholder.housing"
    verbose_name = "Botilbud"

    def ready(self):
        from . import plugins  # noqa: F401 - registers what this app plugs in (see plugins.py)
