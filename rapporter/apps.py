from django.apps import AppConfig

# (pattern in the årshjul's text, delivery job). Feedback events («Tilbakemelding fra Udir på …») are the inbound
# import's, so the outbound patterns name the delivery itself («Elevdata ssbResultat»).
TEKSTKOBLINGER = (
    (r"Søkerfil \(skole og fagopplæring\)", "1L001"),
    (r"Inntaksfil skole og fagopplæring", "1L002"),
    (r"KLASSEORDNING_KLAR", "1L003"),
    (r"Elevdata ssbResultat", "1L010"),
    (r"Elevdata ssbElev", "1L011"),
    (r"leverer data til Lånekassen", "1L012"),  # not «bør også sendes ny fil» on the SSB events
    (r"Fagopplæringsfil", "1L020"),
    (r"^(?!Tilbakemelding).*ssbKontrakt og ssbAvlagteProver", "1L021"),
    (r"UdirBedrift", "1L022"),
    (r"FPVS|Forsvarets personell", "1L030"),
    (r"Rambøll", "1L031"),
    (r"Conexus", "1L032"),
    (r"til Every|til Evry", "1L033"),  # the file to Evry, not «DSF-adressene blir oppdatert fra Every»
    (r"Digdir", "1L034"),
    (r"Oppdatert fil fra privatskolene", "6I020"),
)


class RapporterConfig(AppConfig):
    name = "rapporter"
    verbose_name = "Rapporter"

    def ready(self) -> None:
        from rapporter import jobber
        from rapporter.leveranser import (  # noqa: F401  (each module declares its deliveries)
            elev,
            fagopplaering,
            inntak,
            ssb,
            uttrekk,
        )

        jobber.registrer_jobber()
        from arshjul.kjerne.jobbkoder import registrer_tekstkobling
        from rapporter.innlesing import jobber as innlesing_jobber  # noqa: F401  (registers 6I020)
        from vigo import jobber as jobbregister

        # The årshjul names the deliveries only in words; link each event to the delivery job that answers it, so
        # the wheel shows utført/forsinket from the delivery log (a run with FEIL fails and does not count).
        for monster, kode in TEKSTKOBLINGER:
            if jobbregister.finnes(kode):
                registrer_tekstkobling(monster, kode, jobbregister.hent(kode).navn)
        from rapporter.demodata import lag_leveranse_demo
        from vigo.demodata import registrer_steg

        registrer_steg(lag_leveranse_demo, rekkefolge=95)  # after the intake run (80) and adults (85)
