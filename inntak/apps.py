from django.apps import AppConfig


class InntakConfig(AppConfig):
    name = "inntak"
    verbose_name = "Inntak"
