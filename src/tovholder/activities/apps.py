from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "tovholder.activities"
    verbose_name = "Aktiviteter og leveret tid"

    def ready(self):
        from . import plugins  # noqa: F401 - registers what this app plugs in (see plugins.py)
