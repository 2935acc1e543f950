from django.apps import AppConfig


class ArshjulConfig(AppConfig):
    name = "arshjul"
    verbose_name = "Årshjul"
