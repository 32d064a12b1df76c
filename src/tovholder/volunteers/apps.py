from django.apps import AppConfig


class VolunteersConfig(AppConfig):
    name = "tovholder.volunteers"
    verbose_name = "Frivillige ledsagere"

    def ready(self):
        from . import plugins  # noqa: F401 - registers what this app plugs in (see plugins.py)
