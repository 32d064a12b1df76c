from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "tovholder.courses"
    verbose_name = "Gruppeforløb"

    def ready(self):
        from . import plugins  # noqa: F401 - registers what this app plugs in (see plugins.py)
