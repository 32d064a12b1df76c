from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "tovholder.journal"
    verbose_name = "Journalnotater"

    def ready(self):
        from . import plugins  # noqa: F401 - registers what this app plugs in (see plugins.py)
