from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "tovholder.journal"
    verbose_name = "Journalnotater"
