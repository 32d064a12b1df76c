from django.apps import AppConfig


class DropinConfig(AppConfig):
    name = "tovholder.dropin"
    verbose_name = "Værested og aktiviteter"

    def ready(self):
        from . import plugins  # noqa: F401 - registers what this app plugs in (see plugins.py)
