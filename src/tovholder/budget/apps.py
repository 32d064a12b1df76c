from django.apps import AppConfig


class BudgetConfig(AppConfig):
    name = "tovholder.budget"
    verbose_name = "Økonomi"

    def ready(self):
        from . import plugins  # noqa: F401 - registers what this app plugs in (see plugins.py)
