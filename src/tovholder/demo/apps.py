from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "tovholder.demo"
    verbose_name = "Demokommune"
