from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "tovholder.journal"
    verbose_name = "Journalnotater"

    def ready(self):
        from . import overview  # noqa: F401 - register the overview section
