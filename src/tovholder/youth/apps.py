from django.apps import AppConfig


class YouthConfig(AppConfig):
    name = "tovholder.youth"
    verbose_name = "Ballerup Ungeindsats"

    def ready(self):
        from . import plugins  # noqa: F401 - registers what this app plugs in (see plugins.py)
