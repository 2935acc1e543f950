from django.apps import AppConfig


class InntakConfig(AppConfig):
    name = "inntak"
    verbose_name = "Inntak"

    def ready(self) -> None:
        from inntak import (
            jobber,  # noqa: F401  (registers 1A001 and 1P001)
            jobber_inntak,  # noqa: F401  (registers 1I001, 1I002 and 1I003)
        )
        from inntak.demodata import lag_inntak_demodata, lag_onskestruktur_demo
        from inntak.kjoring.demodata import lag_inntakskjoring_demo
        from inntak.kjoring.dokumenttype import registrer_tilbudsbrev
        from inntak.parametere import registrer_inntak
        from inntak.personfane import dashbordpanel, person_via_soknad, person_via_soknad_i_fylket, personfane
        from inntak.voksen import jobber as voksen_jobber  # noqa: F401  (registers 1V001)
        from inntak.voksen import tasks as voksen_natt  # noqa: F401  (the nightly beat task)
        from inntak.voksen.demodata import lag_voksen_demodata
        from vigo.dashbord import registrer_panel, registrer_personfane
        from vigo.demodata import registrer_steg
        from vigo.models import Person
        from vigo.scoping import legg_til_fylkekobling, legg_til_skolekobling

        # A school user sees the persons who applied to a tilbud at the school (the county filter applies first).
        legg_til_skolekobling(Person, person_via_soknad)
        # The county handling a gjesteelev's application sees the person, though another county owns the record.
        legg_til_fylkekobling(Person, person_via_soknad_i_fylket)
        registrer_personfane(personfane)
        registrer_inntak()  # the county's intake parameters (vigo.parametere)
        registrer_tilbudsbrev()  # the offer letter's text is edited under Dokumentmaler (vigo.dokumentmal)
        registrer_panel(dashbordpanel)
        registrer_steg(lag_onskestruktur_demo, rekkefolge=45)  # before the søknader, which respect it
        registrer_steg(lag_inntak_demodata, rekkefolge=50)
        registrer_steg(lag_inntakskjoring_demo, rekkefolge=80)
        registrer_steg(lag_voksen_demodata, rekkefolge=85)  # kapittel 13: adult tilbud and søknader
        # The intake endpoints under /api/v1/ (inntak/api): the core's API serves no domain of its own.
        from vigo.api.domener import registrer_api

        registrer_api("inntak", "inntak.api.urls")
        from inntak.filopprydding import koble_til

        koble_til()  # a deleted document row takes its file with it
