from django.apps import AppConfig


class LayoutConfig(AppConfig):
    name = "tovholder.layout"
    verbose_name = "Sidelayout og forside"
