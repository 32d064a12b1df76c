from django.apps import AppConfig


class TodoConfig(AppConfig):
    name = "tovholder.todo"
    verbose_name = "Opgaver"

    def ready(self):
        from . import plugins  # noqa: F401 - registers what this app plugs in (see plugins.py)
