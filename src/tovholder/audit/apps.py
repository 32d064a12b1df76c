from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "tovholder.audit"
    verbose_name = "Adgangslog og revisionsspor"
