from django.apps import AppConfig


class FagopplaeringConfig(AppConfig):
    name = "fagopplaering"
    verbose_name = "Fagopplæring"

    def ready(self) -> None:
        from fagopplaering.parametere import registrer_fagopplaering

        registrer_fagopplaering()  # the county's tilskudd rates (vigo.parametere)
