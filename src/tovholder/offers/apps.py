from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "tovholder.offers"
    verbose_name = "Tilbud"
