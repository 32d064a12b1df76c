from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "tovholder.api"
    verbose_name = "API for kommunens andre systemer"

    def ready(self):
        from . import plugins, principals  # noqa: F401 - the API client as a kind of principal; the menu entry
