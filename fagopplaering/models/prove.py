"""Prøvenemnder, prøver and klager (docs/fagopplaering/prove.md; docs/fagopplaering/domene.md §1.3, §4, §5).

A prøve row is one attempt: oppmelding (by the company, the school or the praksiskandidat), the county's approval,
the nemnd, place and dates, and the result with its protocol. An utsatt prøve (ofo § 9-67) and a second attempt
(§ 9-66) are new rows that point back with ``forrige``. The states and their transitions are declared in
``fagopplaering.regler.prove.OVERGANGER``; services are the only writers.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from fagopplaering.models.koder import Kandidattype
from vigo.scoping import Scoping


class Nemndrolle(models.TextChoices):
    LEIAR = "leiar", _("Leder")
    MEDLEM = "medlem", _("Medlem")
    KOORDINATOR = "koordinator", _("Koordinator")
    VARA = "vara", _("Varamedlem")


class Representerer(models.TextChoices):
    ARBEIDSGIVER = "arbeidsgiver", _("Arbeidsgiversiden")
    ARBEIDSTAKER = "arbeidstaker", _("Arbeidstakersiden")
    ANNET = "annet", _("Annet")


class Provenemnd(models.Model):
    """A prøvenemnd appointed by the county for one or more lærefag for a four-year period (1 January of
    ``periode_fra`` to 31 December of ``periode_til``)."""

    scoping = Scoping(fylke="fylke")

    fylke = models.ForeignKey("kodeverk.Fylke", on_delete=models.PROTECT, related_name="+")
    navn = models.CharField(_("navn"), max_length=200)
    laerefag = models.ManyToManyField("kodeverk.Programomrade", related_name="+", verbose_name=_("lærefag"))
    periode_fra = models.PositiveSmallIntegerField(_("periode fra (år)"))
    periode_til = models.PositiveSmallIntegerField(_("periode til (år)"))
    aktiv = models.BooleanField(_("aktiv"), default=True)
    merknad = models.TextField(_("merknad"), blank=True)
    opprettet = models.DateTimeField(auto_now_add=True)
    endret = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(verbose_name=_("historikk for prøvenemnd"),
                                verbose_name_plural=_("historikk for prøvenemnder"))  # fmt: skip

    class Meta:
        ordering = ["navn", "pk"]
        verbose_name = _("prøvenemnd")
        verbose_name_plural = _("prøvenemnder")
        indexes = [models.Index(fields=["fylke", "periode_fra"], name="fagopp_nemnd_fylke")]

    def __str__(self) -> str:
        return f"{self.navn} ({self.periode_fra}–{self.periode_til})"


class Nemndmedlem(models.Model):
    """A person appointed to a nemnd in a role. ``arbeidsgiver`` and ``naerstaende`` feed the habilitet check
    (forvaltningsloven § 6) when the nemnd is assigned to a candidate."""

    scoping = Scoping(fylke="nemnd__fylke")

    nemnd = models.ForeignKey(Provenemnd, on_delete=models.CASCADE, related_name="medlemmer")
    person = models.ForeignKey("vigo.Person", on_delete=models.PROTECT, related_name="nemndverv")
    rolle = models.CharField(_("rolle"), max_length=12, choices=Nemndrolle.choices)
    representerer = models.CharField(_("representerer"), max_length=12, choices=Representerer.choices,
                                     default=Representerer.ANNET)  # fmt: skip
    fagbrev = models.CharField(_("fagbrev eller utdanning"), max_length=200, blank=True)
    ar_praksis = models.PositiveSmallIntegerField(_("år med praksis i faget"), null=True, blank=True)
    arbeidsgiver = models.ForeignKey("fagopplaering.Bedrift", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("arbeidsgiver"))  # fmt: skip
    naerstaende = models.ManyToManyField("vigo.Person", blank=True, related_name="+",
                                         verbose_name=_("nærstående (for habilitet)"))  # fmt: skip
    oppnevnt_dato = models.DateField(_("oppnevnt dato"))
    fra = models.DateField(_("fra"))
    til = models.DateField(_("til"), null=True, blank=True)
    kontonummer = models.CharField(_("kontonummer for honorar"), max_length=11, blank=True)
    history = HistoricalRecords(verbose_name=_("historikk for nemndmedlem"),
                                verbose_name_plural=_("historikk for nemndmedlemmer"))  # fmt: skip

    class Meta:
        ordering = ["nemnd", "rolle", "pk"]
        verbose_name = _("nemndmedlem")
        verbose_name_plural = _("nemndmedlemmer")
        constraints = [
            models.UniqueConstraint(fields=["nemnd", "person", "rolle"], name="fagopp_nemndmedlem_unik")
        ]

    def __str__(self) -> str:
        return f"{self.get_rolle_display()} i {self.nemnd.navn}"


class Nemndlan(models.Model):
    """Another county borrows a nemnd (docs/fagopplaering/domene.md §1.3 «låne prøvenemnd», with a guarantee letter)."""

    scoping = Scoping(fylke="lanefylke")

    nemnd = models.ForeignKey(Provenemnd, on_delete=models.CASCADE, related_name="utlan")
    lanefylke = models.ForeignKey("kodeverk.Fylke", on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("lånt av fylke"))  # fmt: skip
    fra = models.DateField(_("fra"))
    til = models.DateField(_("til"), null=True, blank=True)
    garantibrev = models.CharField(_("garantibrev (referanse)"), max_length=200, blank=True)
    opprettet = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-fra", "pk"]
        verbose_name = _("lån av prøvenemnd")
        verbose_name_plural = _("lån av prøvenemnder")

    def __str__(self) -> str:
        return f"{self.nemnd} → {self.lanefylke}"


class Provetype(models.TextChoices):
    FAG = "fag", _("Fagprøve")
    SVENNE = "svenne", _("Svenneprøve")
    PRAKSISBREV = "praksisbrev", _("Praksisbrevprøve")
    KOMPETANSE = "kompetanse", _("Kompetanseprøve")


class Oppmelder(models.TextChoices):
    BEDRIFT = "bedrift", _("Lærebedriften")
    SKOLE = "skole", _("Skolen")
    KANDIDAT = "kandidat", _("Kandidaten selv")


class Resultat(models.TextChoices):
    BESTATT_MEGET_GODT = "BM", _("Bestått meget godt")
    BESTATT = "B", _("Bestått")
    IKKE_BESTATT = "IB", _("Ikke bestått")


class Prove(models.Model):
    class Status(models.TextChoices):
        OPPMELDT = "oppmeldt", _("Oppmeldt")
        GODKJENT = "godkjent", _("Oppmelding godkjent")
        AVVIST = "avvist", _("Oppmelding avvist")
        TILDELT = "tildelt", _("Tildelt nemnd")
        PLANLAGT = "planlagt", _("Planlagt")
        VURDERT = "vurdert", _("Resultat registrert")
        UTSATT = "utsatt", _("Utsatt")
        TRUKKET = "trukket", _("Trukket")
        ANNULLERT = "annullert", _("Annullert")

    scoping = Scoping(fylke="fylke")

    fylke = models.ForeignKey("kodeverk.Fylke", on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("fylke (oppmeldt til)"))  # fmt: skip
    person = models.ForeignKey("vigo.Person", on_delete=models.PROTECT, related_name="prover")
    kontrakt = models.ForeignKey("fagopplaering.Kontrakt", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="prover")  # fmt: skip
    kandidattype = models.CharField(_("kandidattype"), max_length=20, choices=Kandidattype.choices)
    provetype = models.CharField(_("prøvetype"), max_length=12, choices=Provetype.choices)
    programomrade = models.ForeignKey("kodeverk.Programomrade", on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("lærefag"))  # fmt: skip
    oppmeldt_av = models.CharField(_("oppmeldt av"), max_length=10, choices=Oppmelder.choices)
    oppmelder_bedrift = models.ForeignKey("fagopplaering.Bedrift", on_delete=models.PROTECT, null=True, blank=True,
                                          related_name="+", verbose_name=_("oppmeldt av bedrift"))  # fmt: skip
    oppmelder_skole = models.ForeignKey("kodeverk.Skole", on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+", verbose_name=_("oppmeldt av skole"))  # fmt: skip
    oppmeldt_dato = models.DateField(_("oppmeldt dato"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPPMELDT)
    forsok_nr = models.PositiveSmallIntegerField(_("forsøk nr."), default=1)
    forrige = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="fortsettelser",
                                verbose_name=_("forrige prøve"))  # fmt: skip
    utsatt_prove = models.BooleanField(_("utsatt prøve (§ 9-67)"), default=False)
    proveavgift = models.DecimalField(_("prøveavgift"), max_digits=8, decimal_places=2, null=True, blank=True)
    proveavgift_betalt = models.DateField(_("prøveavgift betalt"), null=True, blank=True)
    teori_ok = models.BooleanField(_("teorikrav oppfylt"), null=True, blank=True)
    teori_forklaring = models.TextField(_("teorikrav"), blank=True)
    teori_betinget = models.TextField(_("fellesfag som må bestås innen to år"), blank=True)
    avvist_grunn = models.TextField(_("grunn til avvisning"), blank=True)
    godkjent_dato = models.DateField(_("oppmelding godkjent"), null=True, blank=True)
    nemnd = models.ForeignKey(
        Provenemnd, on_delete=models.PROTECT, null=True, blank=True, related_name="prover"
    )
    habilitet = models.JSONField(_("habilitet"), default=list, blank=True,
                                 help_text=_("Merknader fra habilitetskontrollen da nemnda ble tildelt."))  # fmt: skip
    provested = models.CharField(_("prøvested"), max_length=300, blank=True)
    provested_bedrift = models.ForeignKey("fagopplaering.Bedrift", on_delete=models.PROTECT, null=True, blank=True,
                                          related_name="+", verbose_name=_("prøvested (bedrift)"))  # fmt: skip
    fra_dato = models.DateField(_("prøven starter"), null=True, blank=True)
    til_dato = models.DateField(_("prøven slutter"), null=True, blank=True)
    resultat = models.CharField(_("resultat"), max_length=2, choices=Resultat.choices, blank=True)
    resultat_dato = models.DateField(_("resultatdato"), null=True, blank=True)
    protokoll = models.CharField(_("protokoll (referanse)"), max_length=200, blank=True,
                                 help_text=_("Referanse til den signerte prøveprotokollen i arkivet."))  # fmt: skip
    tilleggsprotokoll = models.TextField(_("tilleggsprotokoll (begrunnelse)"), blank=True)
    resultatbrev_dato = models.DateField(_("resultatbrev sendt"), null=True, blank=True)
    annullert_grunn = models.TextField(_("grunn til annullering eller bortvisning"), blank=True)
    opprettet = models.DateTimeField(auto_now_add=True)
    endret = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(verbose_name=_("historikk for prøve"),
                                verbose_name_plural=_("historikk for prøver"))  # fmt: skip

    class Meta:
        ordering = ["-oppmeldt_dato", "-pk"]
        verbose_name = _("prøve")
        verbose_name_plural = _("prøver")
        indexes = [
            models.Index(fields=["fylke", "status"], name="fagopp_prove_status"),
            models.Index(fields=["fylke", "programomrade"], name="fagopp_prove_fag"),
            models.Index(fields=["fylke", "resultat_dato"], name="fagopp_prove_resultat"),
        ]

    def __str__(self) -> str:
        return f"{self.get_provetype_display()} {self.oppmeldt_dato:%d.%m.%Y}"


class Klage(models.Model):
    class Type(models.TextChoices):
        KARAKTER = "karakter", _("Klage på karakteren")
        FORMELLE_FEIL = "formelle_feil", _("Klage på formelle feil")

    class Instans(models.TextChoices):
        KLAGENEMND = "klagenemnd", _("Klagenemnd")
        FYLKET = "fylkeskommunen", _("Fylkeskommunen")

    class Utfall(models.TextChoices):
        STADFESTET = "stadfestet", _("Resultatet stadfestet")
        ENDRET = "endret", _("Resultatet endret")
        NY_PROVE = "ny_prove", _("Ny prøve")
        ANNULLERT = "annullert", _("Prøven annullert")

    scoping = Scoping(fylke="prove__fylke")

    prove = models.ForeignKey(Prove, on_delete=models.PROTECT, related_name="klager")
    mottatt = models.DateField(_("klage mottatt"))
    type = models.CharField(_("klagen gjelder"), max_length=14, choices=Type.choices)
    instans = models.CharField(_("klageinstans"), max_length=14, choices=Instans.choices)
    begrunnelse = models.TextField(_("kandidatens begrunnelse"), blank=True)
    utfall = models.CharField(_("utfall"), max_length=10, choices=Utfall.choices, blank=True)
    nytt_resultat = models.CharField(_("nytt resultat"), max_length=2, choices=Resultat.choices, blank=True)
    vedtak_dato = models.DateField(_("vedtaksdato"), null=True, blank=True)
    vedtak_begrunnelse = models.TextField(_("begrunnelse for vedtaket"), blank=True)
    registrert_av = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+")  # fmt: skip
    opprettet = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(verbose_name=_("historikk for klage"),
                                verbose_name_plural=_("historikk for klager"))  # fmt: skip

    class Meta:
        ordering = ["-mottatt", "-pk"]
        verbose_name = _("klage på prøve")
        verbose_name_plural = _("klager på prøver")

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.mottatt:%d.%m.%Y}"
