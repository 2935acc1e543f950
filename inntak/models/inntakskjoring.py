"""Inntakskjøring (intake run): one computation of a county's intake for a skoleår, nivå and round.

Every run stores its frozen input (``inntak-snapshot/1``) and output (``inntak-resultat/1``) as JSON, so any run
can be replayed byte for byte (``manage.py inntaksmotor``), plus the placements as rows for querying:
``Tildeling`` (one row per søker in the run, ``tilbud`` empty = no place), ``Venteliste`` and ``Poenggrense``.
A simulation (prøveinntak) is never published; a published run is the county's decision for that round, and
answers (``Svar``) are registered against it. Runs are immutable once computed: a new computation is a new row.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from inntak.models.soknad import Niva
from vigo.scoping import Scoping


class Inntakskjoring(models.Model):
    scoping = Scoping(fylke="fylke")

    fylke = models.ForeignKey("kodeverk.Fylke", on_delete=models.PROTECT, related_name="inntakskjoringer")
    skolear = models.ForeignKey("kodeverk.Skolear", on_delete=models.PROTECT, related_name="inntakskjoringer")
    niva = models.CharField(_("nivå"), max_length=3, choices=Niva.choices)
    runde = models.PositiveSmallIntegerField(
        _("runde"), help_text=_("1 = hovedinntak, 2 = suppleringsinntak …")
    )
    simulering = models.BooleanField(_("prøveinntak (simulering)"), default=True)
    navn = models.CharField(_("merknad"), max_length=200, blank=True)
    kjoring = models.ForeignKey(
        "vigo.Kjoring", on_delete=models.SET_NULL, null=True, blank=True, related_name="inntakskjoringer"
    )
    seed = models.BigIntegerField(_("loddtrekningsnummer"))
    seed_fra = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("samme loddtrekning som"),
        help_text=_("Kjøringen loddtrekningen er hentet fra, så bare endringen flytter søkere."),
    )  # fmt: skip
    regelsett = models.CharField(_("regelsett"), max_length=40)
    snapshot = models.JSONField(_("grunnlag (inntak-snapshot/1)"))
    resultat = models.JSONField(_("resultat (inntak-resultat/1)"))
    resultat_sha256 = models.CharField(max_length=64)
    verifisering = models.JSONField(_("brudd funnet av verifiseringen"), default=list, blank=True)
    advarsler = models.JSONField(_("advarsler fra grunnlaget"), default=list, blank=True)
    kapasitetsoverstyring = models.JSONField(
        _("kapasitetsoverstyring"),
        default=dict,
        blank=True,
        help_text=_("Endret kapasitet per tilbud (bare prøveinntak)."),
    )
    antall_sokere = models.PositiveIntegerField(default=0)
    antall_tildelt = models.PositiveIntegerField(default=0)
    antall_onske1 = models.PositiveIntegerField(default=0)
    antall_onske2 = models.PositiveIntegerField(default=0)
    antall_onske3_pluss = models.PositiveIntegerField(default=0)
    antall_utenfor_onsker = models.PositiveIntegerField(default=0)
    antall_uten_plass = models.PositiveIntegerField(default=0)
    antall_fast_plass = models.PositiveIntegerField(default=0)
    sekunder = models.FloatField(default=0)
    publisert = models.BooleanField(_("publisert"), default=False)
    publisert_tidspunkt = models.DateTimeField(_("publisert"), null=True, blank=True)
    publisert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    svarfrist = models.DateField(_("svarfrist"), null=True, blank=True)
    svarfrist_behandlet = models.DateTimeField(_("svarfrist behandlet"), null=True, blank=True)
    rekkefolge_overstyrt = models.TextField(
        _("begrunnelse for å kjøre før forrige rundes svarfrist er behandlet"), blank=True
    )
    startet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opprettet = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-opprettet", "-id"]
        verbose_name = _("inntakskjøring")
        verbose_name_plural = _("inntakskjøringer")
        constraints = [
            models.UniqueConstraint(
                fields=["fylke", "skolear", "niva", "runde"],
                condition=models.Q(publisert=True),
                name="en_publisert_runde",
            ),
            models.CheckConstraint(
                condition=~models.Q(publisert=True, simulering=True), name="simulering_publiseres_ikke"
            ),
        ]
        indexes = [models.Index(fields=["fylke", "skolear", "niva", "runde"])]

    def __str__(self) -> str:
        art = _("prøveinntak") if self.simulering else _("inntak")
        return f"{self.get_niva_display()} {self.skolear} runde {self.runde} ({art} #{self.pk})"

    @property
    def verifisert(self) -> bool:
        return not self.verifisering

    @property
    def kan_publiseres(self) -> bool:
        return not self.simulering and not self.publisert and self.verifisert


class Kvote(models.TextChoices):
    """Which of a tilbud's two quotas (opplæringsforskrifta § 4-6) a place, waitlist or threshold belongs to."""

    POENG = "", _("Poeng")
    INNTAKSPROVE = "inntaksprove", _("Inntaksprøve eller dokumentert ferdighet (§ 4-6)")


class Tildeling(models.Model):
    """One søker's outcome in a run; ``tilbud`` empty = no place. ``onske_nr`` is the søknad's wish number
    (0 = a fixed or kept place that is not among the wishes)."""

    scoping = Scoping(fylke="inntakskjoring__fylke", skole="tilbud__skole")

    inntakskjoring = models.ForeignKey(Inntakskjoring, on_delete=models.CASCADE, related_name="tildelinger")
    soknad = models.ForeignKey("inntak.Soknad", on_delete=models.CASCADE, related_name="tildelinger")
    tilbud = models.ForeignKey(
        "inntak.Tilbud", on_delete=models.PROTECT, null=True, blank=True, related_name="tildelinger"
    )
    onske_nr = models.PositiveSmallIntegerField(_("ønske nr."), default=0)
    runde = models.PositiveSmallIntegerField(_("runde"))
    fast_plass = models.BooleanField(_("fast plass (vedtak)"), default=False)
    beholdt = models.BooleanField(_("beholdt plass fra tidligere runde"), default=False)
    kvote = models.CharField(
        _("kvote"), max_length=12, choices=Kvote.choices, default="", db_default="", blank=True
    )

    class Meta:
        ordering = ["inntakskjoring", "soknad"]
        verbose_name = _("tildeling")
        verbose_name_plural = _("tildelinger")
        constraints = [
            models.UniqueConstraint(fields=["inntakskjoring", "soknad"], name="en_tildeling_per_kjoring"),
        ]
        indexes = [models.Index(fields=["inntakskjoring", "tilbud"]), models.Index(fields=["soknad"])]

    def __str__(self) -> str:
        return f"{self.soknad_id} → {self.tilbud_id or '–'}"


class Venteliste(models.Model):
    scoping = Scoping(fylke="inntakskjoring__fylke", skole="tilbud__skole")

    inntakskjoring = models.ForeignKey(Inntakskjoring, on_delete=models.CASCADE, related_name="ventelister")
    tilbud = models.ForeignKey("inntak.Tilbud", on_delete=models.PROTECT, related_name="ventelister")
    soknad = models.ForeignKey("inntak.Soknad", on_delete=models.CASCADE, related_name="ventelister")
    plass = models.PositiveIntegerField(_("plass på ventelisten"))
    onske_nr = models.PositiveSmallIntegerField(_("ønske nr."))
    kvote = models.CharField(
        _("kvote"), max_length=12, choices=Kvote.choices, default="", db_default="", blank=True
    )

    class Meta:
        ordering = ["inntakskjoring", "tilbud", "kvote", "plass"]
        verbose_name = _("venteliste")
        verbose_name_plural = _("ventelister")
        constraints = [
            models.UniqueConstraint(
                fields=["inntakskjoring", "tilbud", "kvote", "soknad"], name="en_venteplass_per_kvote"
            ),
        ]
        indexes = [models.Index(fields=["inntakskjoring", "soknad"])]


class GrenseStatus(models.TextChoices):
    POENG = "poeng", _("Poenggrense")
    ALLE_INNTATT = "alle_inntatt", _("Alle søkere tatt inn")
    FORTRINN = "fortrinn", _("Alle plasser gikk til søkere med fast plass (fortrinn)")
    # Set by the writer (not the engine) when the engine's "fortrinn" was caused by places kept from an earlier
    # round: round 2 of a tilbud that round 1 filled with ordinary søkere is not "fortrinn".
    BEHOLDT = "beholdt", _("Alle plasser er beholdt fra tidligere runde eller gitt som fast plass")
    DOKUMENTASJON = "dokumentasjon", _("Inntak etter dokumentasjon")


class Poenggrense(models.Model):
    """Per tilbud in a run: capacity, placed, waitlist length and the threshold with its status."""

    scoping = Scoping(fylke="inntakskjoring__fylke", skole="tilbud__skole")

    inntakskjoring = models.ForeignKey(Inntakskjoring, on_delete=models.CASCADE, related_name="poenggrenser")
    tilbud = models.ForeignKey("inntak.Tilbud", on_delete=models.PROTECT, related_name="poenggrenser")
    runde = models.PositiveSmallIntegerField(_("runde"))
    status = models.CharField(_("status"), max_length=14, choices=GrenseStatus.choices)
    poeng = models.DecimalField(_("poeng"), max_digits=7, decimal_places=2, null=True, blank=True)
    plasser = models.PositiveIntegerField(_("plasser"))
    antall_tildelt = models.PositiveIntegerField(_("tildelt"), default=0)
    antall_venteliste = models.PositiveIntegerField(_("på venteliste"), default=0)
    overfylt = models.PositiveIntegerField(_("overfylt"), default=0)
    kvote = models.CharField(
        _("kvote"), max_length=12, choices=Kvote.choices, default="", db_default="", blank=True
    )

    class Meta:
        ordering = ["inntakskjoring", "tilbud", "kvote"]
        verbose_name = _("poenggrense")
        verbose_name_plural = _("poenggrenser")
        constraints = [
            models.UniqueConstraint(fields=["inntakskjoring", "tilbud", "kvote"], name="en_grense_per_kvote")
        ]


class SvarType(models.TextChoices):
    IKKE_BESVART = "", _("Ikke besvart")
    JA = "ja", _("Ja")
    JA_VENTELISTE = "ja_venteliste", _("Ja, og stå på venteliste")
    VENTELISTE = "venteliste", _("Stå på venteliste")
    NEI = "nei", _("Nei (går ut av inntaket)")
    FRIST_OVERSITTET = "frist_oversittet", _("Svarfrist oversittet")


S = SvarType
# Allowed answer changes before the svarfrist is processed (services.registrer_svar checks the table).
SVAR_OVERGANGER: dict[str, set[str]] = {
    S.IKKE_BESVART: {S.JA, S.JA_VENTELISTE, S.VENTELISTE, S.NEI, S.FRIST_OVERSITTET},
    S.JA: {S.JA, S.JA_VENTELISTE, S.NEI},
    S.JA_VENTELISTE: {S.JA, S.JA_VENTELISTE, S.NEI},
    S.VENTELISTE: {S.VENTELISTE, S.NEI},
    S.NEI: set(),
    S.FRIST_OVERSITTET: set(),
}
UTE = (S.NEI, S.FRIST_OVERSITTET)  # the søker has left the intake


class Svar(models.Model):
    """The søker's answer to a published round. ``unntak`` = the caseworker exempts the søker from the svarfrist
    job (e.g. answer on paper under way); such søkere are listed instead of losing their place."""

    scoping = Scoping(fylke="inntakskjoring__fylke", skole="soknad__onsker__tilbud__skole")

    inntakskjoring = models.ForeignKey(Inntakskjoring, on_delete=models.CASCADE, related_name="svar")
    soknad = models.ForeignKey("inntak.Soknad", on_delete=models.CASCADE, related_name="svar")
    svar = models.CharField(_("svar"), max_length=16, choices=SvarType.choices, blank=True, default="")
    tilbud = models.ForeignKey(
        "inntak.Tilbud", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("tilbudt plass"),
    )  # fmt: skip
    venteliste_tilbud = models.JSONField(_("venteliste på (tilbud-id)"), default=list, blank=True)
    besvart = models.DateTimeField(_("besvart"), null=True, blank=True)
    registrert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unntak = models.BooleanField(_("unntak fra svarfristen"), default=False)
    overfort = models.BooleanField(
        _("overført fra tidligere runde"), default=False,
        help_text=_("Svaret gjelder fortsatt fordi søkeren beholdt plassen (og ventelisten) fra forrige runde."),
    )  # fmt: skip
    unntak_begrunnelse = models.TextField(_("begrunnelse for unntak"), blank=True)
    endret = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["inntakskjoring", "soknad"]
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        constraints = [
            models.UniqueConstraint(fields=["inntakskjoring", "soknad"], name="ett_svar_per_runde")
        ]

    def __str__(self) -> str:
        return f"{self.soknad_id}: {self.get_svar_display()}"


class Inntakshendelse(models.Model):
    """Run-level log: computed, published, svarfrist processed, letters made, deleted (one row per service call).

    The row outlives the run (``inntakskjoring`` is emptied when a simulation is deleted) so a deletion leaves a
    trace; ``fylke`` and ``kjoring_tekst`` keep what the run was.
    """

    scoping = Scoping(fylke="fylke")

    inntakskjoring = models.ForeignKey(
        Inntakskjoring, on_delete=models.SET_NULL, null=True, blank=True, related_name="hendelser"
    )
    fylke = models.ForeignKey("kodeverk.Fylke", on_delete=models.PROTECT, related_name="+")
    kjoring_tekst = models.CharField(_("kjøring"), max_length=200, blank=True)
    tidspunkt = models.DateTimeField(auto_now_add=True)
    bruker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handling = models.CharField(_("handling"), max_length=30)
    tekst = models.TextField(_("tekst"))

    class Meta:
        ordering = ["-tidspunkt", "-id"]
        verbose_name = _("hendelse i inntakskjøring")
        verbose_name_plural = _("hendelser i inntakskjøringer")
