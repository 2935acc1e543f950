from django.apps import AppConfig


class KodeverkConfig(AppConfig):
    name = "kodeverk"
    verbose_name = "Kodeverk"
