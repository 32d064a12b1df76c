from django.apps import AppConfig


class TransitionConfig(AppConfig):
    name = "tovholder.transition"
    verbose_name = "Overgang fra børne- til voksenområdet"

    def ready(self):
        from . import plugins  # noqa: F401 - registers what this app plugs in (see plugins.py)
