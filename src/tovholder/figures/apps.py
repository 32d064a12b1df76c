from django.apps import AppConfig


class FiguresConfig(AppConfig):
    name = "tovholder.figures"
    verbose_name = "Styringstal"

    def ready(self):
        from . import plugins  # noqa: F401 - registers what this app plugs in (see plugins.py)
