from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "tovholder.portal"
    verbose_name = "Min Tovholder"

    def ready(self):
        from . import plugins  # noqa: F401 - registers what this app plugs in (see plugins.py)
