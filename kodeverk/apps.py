from django.apps import AppConfig


class KodeverkConfig(AppConfig):
    name = "kodeverk"
    verbose_name = "Kodeverk"

    def ready(self) -> None:
        from vigo.api.domener import registrer_api

        # The code lists under /api/v1/kodeverk/ (kodeverk/api).
        registrer_api("kodeverk", "kodeverk.api.urls")
