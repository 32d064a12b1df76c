from django.apps import AppConfig


class ConversionConfig(AppConfig):
    name = "tovholder.conversion"
    verbose_name = "Indlæsning fra tidligere system"

    def ready(self):
        from . import plugins  # noqa: F401 - registers what this app plugs in (see plugins.py)
