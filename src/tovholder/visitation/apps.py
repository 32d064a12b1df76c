from django.apps import AppConfig


class VisitationConfig(AppConfig):
    name = "tovholder.visitation"
    verbose_name = "Henvendelser, visitation og afgørelser"
