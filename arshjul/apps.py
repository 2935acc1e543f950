from django.apps import AppConfig


class ArshjulConfig(AppConfig):
    name = "arshjul"
    verbose_name = "Årshjul"

    def ready(self) -> None:
        from arshjul import jobber, rutiner  # noqa: F401  (jobber registers 0H001/0H002)
        from arshjul.demodata import importer_demo
        from arshjul.models import Hendelse
        from arshjul.panel import neste_30_dager
        from vigo.dashbord import registrer_panel
        from vigo.demodata import registrer_steg
        from vigo.scoping import legg_til_skolekobling

        rutiner.registrer()
        registrer_panel(neste_30_dager)
        registrer_steg(importer_demo, 200)
        # The county's wheel concerns every school in it (the county filter of avgrens still applies first).
        legg_til_skolekobling(Hendelse, alle_i_fylket)


def alle_i_fylket(skole_id: int):
    from django.db.models import Q

    return Q(pk__isnull=False)
