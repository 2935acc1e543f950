from django.apps import AppConfig


class RapporterConfig(AppConfig):
    name = "rapporter"
    verbose_name = "Rapporter"

    def ready(self) -> None:
        from rapporter import jobber
        from rapporter.leveranser import inntak  # noqa: F401  (declares 1L001–1L004)

        jobber.registrer_jobber()
        from rapporter.demodata import lag_leveranse_demo
        from vigo.demodata import registrer_steg

        registrer_steg(lag_leveranse_demo, rekkefolge=95)  # after the intake run (80) and adults (85)
