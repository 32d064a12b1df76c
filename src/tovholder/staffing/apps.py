from django.apps import AppConfig


class StaffingConfig(AppConfig):
    name = "tovholder.staffing"
    verbose_name = "Normering"

    def ready(self):
        from . import plugins  # noqa: F401 - registers what this app plugs in (see plugins.py)
