from django.apps import AppConfig


class FagopplaeringConfig(AppConfig):
    name = "fagopplaering"
    verbose_name = "Fagopplæring"

    def ready(self) -> None:
        from arshjul.kjerne.jobbkoder import registrer_tekstkobling
        from fagopplaering import jobber  # noqa: F401  (registers fagopplæringens job types)
        from fagopplaering.demodata import lag_fagopplaering_demodata
        from fagopplaering.models import Bedrift, Formidling, Godkjenning, Kontrakt, Medlemskap
        from fagopplaering.panel import panel
        from fagopplaering.parametere import registrer_fagopplaering
        from fagopplaering.personfane import person_via_formidling, person_via_kontrakt, personfane
        from fagopplaering.portal import minside_formidling
        from fagopplaering.selectors.bedrift import fylkekobling_hendelser
        from fagopplaering.services.formidling import frakoble_fra_soknader
        from inntak.elev.services.arsavslutning import registrer_frakobling
        from inntak.portal.utvidelser import registrer_minside_seksjon
        from vigo.api.domener import registrer_api
        from vigo.dashbord import registrer_panel, registrer_personfane
        from vigo.demodata import registrer_steg
        from vigo.models import Person
        from vigo.scoping import legg_til_fylkekobling

        registrer_fagopplaering()  # the county's tilskudd rates and formidling dates (vigo.parametere)
        from fagopplaering.dokumenttyper import registrer_typer
        from fagopplaering.models import Nemndmedlem, Prove, Provenemnd

        registrer_typer()  # fagbrev, vitnemål, kompetansebevis, result and appointment letters (vigo.dokumentmal)
        # A company is national; a county also sees the companies it has approved, whose office it has approved a
        # member of, or that train under its contracts (the company itself may be in another county).
        legg_til_fylkekobling(Bedrift, lambda f: Godkjenning.objects.filter(fylke_id=f).values("bedrift_id"))
        legg_til_fylkekobling(Bedrift, lambda f: Medlemskap.objects.filter(fylke_id=f).values("medlem_id"))
        legg_til_fylkekobling(
            Bedrift, lambda f: Medlemskap.objects.filter(fylke_id=f).values("opplaeringskontor_id")
        )
        legg_til_fylkekobling(Bedrift, lambda f: Kontrakt.objects.filter(fylke_id=f).values("bedrift_id"))
        legg_til_fylkekobling(
            Bedrift,
            lambda f: Kontrakt.objects.filter(fylke_id=f, medlemsbedrift__isnull=False).values(
                "medlemsbedrift_id"
            ),
        )
        # …and the companies it registered or acted on before approving them (the timeline rows name the county).
        legg_til_fylkekobling(Bedrift, fylkekobling_hendelser)
        # A county sees the persons in its formidling list and under its contracts, wherever they live.
        legg_til_fylkekobling(Person, person_via_kontrakt)
        legg_til_fylkekobling(Person, person_via_formidling)
        # …the candidates registered for a prøve in the county and the members of its prøvenemnder.
        legg_til_fylkekobling(Person, lambda f: Prove.objects.filter(fylke_id=f).values("person_id"))
        legg_til_fylkekobling(
            # the nemnd as a subquery, not a join: the person scope stays join-free (tests/inntak/test_personomfang_skala.py)
            Person,
            lambda f: Nemndmedlem.objects.filter(
                nemnd_id__in=Provenemnd.objects.filter(fylke_id=f).values("pk")
            ).values("person_id"),
        )
        # Read endpoints for opplæringskontor and school systems under /api/v1/ (fagopplaering/api).
        registrer_api("fagopplaering", "fagopplaering.api.urls")
        registrer_panel(panel)  # søkere til læreplass, formidlet, løpende kontrakter on the dashboard
        registrer_personfane(personfane)  # the person's formidlinger and contracts on the person page
        registrer_minside_seksjon(minside_formidling)
        # 5A014 deletes the søknader; the formidling goes on without its link to the søknad and the wish.
        registrer_frakobling(
            Formidling, frakoble_fra_soknader
        )  # formidlingsstatus for the applicant on Min side
        # After the student register (90), before the deliveries (95).
        registrer_steg(lag_fagopplaering_demodata, rekkefolge=92)
        from fagopplaering.demodata_prove import lag_prove_demodata

        registrer_steg(lag_prove_demodata, rekkefolge=93)
        # The årshjul names the formidling file only in words; 5A111 is the report that answers it.
        registrer_tekstkobling(r"Fagopplæringsfil \(formidling\)", "5A111", "Formidlingsstatus")
