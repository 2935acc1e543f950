from django.apps import AppConfig


class ElevConfig(AppConfig):
    name = "inntak.elev"
    label = "elev"
    verbose_name = "Elevdatabasen"

    def ready(self) -> None:
        from inntak.elev import jobber  # noqa: F401  (registers the register's job types)
        from inntak.elev.demodata import lag_elev_demodata
        from inntak.elev.personfane import personfane
        from inntak.elev.selectors import person_via_elevforhold
        from vigo.api.domener import registrer_api
        from vigo.dashbord import registrer_personfane
        from vigo.demodata import registrer_steg
        from vigo.models import Person
        from vigo.scoping import legg_til_skolekobling

        # A school user sees the persons who have an elevforhold at the school (SAS data).
        legg_til_skolekobling(Person, person_via_elevforhold)
        # The SAS endpoints elever, elevforhold and sluttere under /api/v1/ (inntak/elev/api).
        registrer_api("elev", "inntak.elev.api.urls")
        # The register's section on the person page: elevkurs, fag, elevstatus, kursprosent, rett, OT.
        registrer_personfane(personfane)
        # After the intake run (80) and the adults (85), before the deliveries (95).
        registrer_steg(lag_elev_demodata, rekkefolge=90)
