from django.apps import AppConfig


class FagopplaeringConfig(AppConfig):
    name = "fagopplaering"
    verbose_name = "Fagopplæring"
