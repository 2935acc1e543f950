"""The API's clients, keys, call log and idempotency store (tables of the ``vigo`` app).

An ``ApiKlient`` belongs to one school or to a whole county, holds scopes, and has keys (``ApiNokkel``, hashed by
djangorestframework-api-key). ``ApiKall`` is the per-call log and ``Idempotens`` stores the first answer to a
request sent with an ``Idempotency-Key`` header.
"""

from __future__ import annotations

import uuid

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.models import AbstractAPIKey, APIKeyManager

from kodeverk.models import valider_orgnr
from vigo.scoping import Scoping


class Scope(models.TextChoices):
    KODEVERK_LES = "kodeverk:les", _("Lese kodeverk")
    INNTAK_LES = "inntak:les", _("Lese klasseordning og inntaksresultater")
    ELEVER_LES = "elever:les", _("Lese elever, elevforhold og elevfag")
    ELEVER_SKRIV = "elever:skriv", _("Skrive elever, elevforhold, elevfag og sluttere")
    KARAKTERER_LES = "karakterer:les", _("Lese vgs-karakterer")
    KARAKTERER_SKRIV = "karakterer:skriv", _("Skrive karakterer (grunnskole og vgs)")
    SOKNADER_SKRIV = "soknader:skriv", _("Registrere, lese og endre søknader (fylkets egen søknadsløsning)")
    KONTRAKTER_LES = "kontrakter:les", _("Lese lærekontrakter og lærebedrifter")
    PROVER_SKRIV = "prover:skriv", _("Melde opp lærlinger og lærekandidater til prøve")


class ApiKlient(models.Model):
    """A system that calls the API on behalf of one school (``skole`` set) or a whole county."""

    scoping = Scoping(fylke="fylke", skole="skole")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    navn = models.CharField(_("navn"), max_length=100)
    fylke = models.ForeignKey("kodeverk.Fylke", on_delete=models.PROTECT, related_name="api_klienter")
    skole = models.ForeignKey(
        "kodeverk.Skole",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="api_klienter",
        help_text=_("Tom: klienten gjelder hele fylket."),
    )
    orgnr = models.CharField(
        _("organisasjonsnummer"),
        max_length=9,
        blank=True,
        validators=[valider_orgnr],
        help_text=_(
            "For et opplæringskontor eller en lærebedrift: klienten ser bare kontraktene der denne virksomheten "
            "er lærebedrift eller medlemsbedrift."
        ),
    )
    scopes = ArrayField(
        models.CharField(max_length=30, choices=Scope.choices),
        default=list,
        blank=True,
        verbose_name=_("scopes"),
    )
    aktiv = models.BooleanField(_("aktiv"), default=True)
    beskrivelse = models.TextField(_("beskrivelse"), blank=True)
    opprettet = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["fylke", "navn"]
        verbose_name = _("API-klient")
        verbose_name_plural = _("API-klienter")

    def __str__(self) -> str:
        return self.navn

    def clean(self) -> None:
        if self.skole_id and self.fylke_id and self.skole.fylke_id != self.fylke_id:
            raise ValidationError({"skole": _("Skolen ligger ikke i klientens fylke.")})
        ukjente = set(self.scopes) - set(Scope.values)
        if ukjente:
            raise ValidationError({"scopes": _("Ukjente scopes: %(s)s") % {"s": ", ".join(sorted(ukjente))}})


class ApiNokkelManager(APIKeyManager):
    def get_usable_keys(self) -> models.QuerySet:
        return super().get_usable_keys().select_related("klient__fylke", "klient__skole")


class ApiNokkel(AbstractAPIKey):
    """A key of an API client: shown once, stored hashed, with expiry and revocation."""

    scoping = Scoping(fylke="klient__fylke", skole="klient__skole")
    objects = ApiNokkelManager()

    klient = models.ForeignKey(
        ApiKlient, on_delete=models.CASCADE, related_name="nokler", verbose_name=_("klient")
    )
    # The library's fields, with the same definitions but Norwegian names (it gives them none).
    prefix = models.CharField(_("prefiks"), max_length=8, unique=True, editable=False)
    hashed_key = models.CharField(_("nøkkel (hashet)"), max_length=150, editable=False)
    created = models.DateTimeField(_("opprettet"), auto_now_add=True, db_index=True)
    name = models.CharField(_("navn"), max_length=50, blank=False, default=None,
                            help_text=_("Fritt navn på nøkkelen, høyst 50 tegn. Trenger ikke være unikt."))  # fmt: skip
    revoked = models.BooleanField(_("trukket tilbake"), blank=True, default=False,
                                  help_text=_("En nøkkel som er trukket tilbake, kan ikke brukes igjen."))  # fmt: skip
    expiry_date = models.DateTimeField(_("utløper"), blank=True, null=True,
                                       help_text=_("Etter utløp kan nøkkelen ikke brukes."))  # fmt: skip

    class Meta(AbstractAPIKey.Meta):
        verbose_name = _("API-nøkkel")
        verbose_name_plural = _("API-nøkler")


class ApiKall(models.Model):
    """One call to the API (also failed authentication, then without client)."""

    scoping = Scoping(fylke="klient__fylke", skole="klient__skole")

    klient = models.ForeignKey(
        ApiKlient, on_delete=models.SET_NULL, null=True, blank=True, related_name="kall"
    )
    tidspunkt = models.DateTimeField(auto_now_add=True, db_index=True)
    metode = models.CharField(_("metode"), max_length=8)
    sti = models.CharField(_("sti"), max_length=300)
    status = models.PositiveSmallIntegerField(_("status"))
    antall = models.PositiveIntegerField(_("antall poster"), default=0)
    varighet_ms = models.PositiveIntegerField(_("varighet (ms)"), default=0)
    ip = models.GenericIPAddressField(_("IP-adresse"), null=True, blank=True)

    class Meta:
        ordering = ["-tidspunkt"]
        verbose_name = _("API-kall")
        verbose_name_plural = _("API-kall")

    def __str__(self) -> str:
        return f"{self.tidspunkt:%Y-%m-%d %H:%M} {self.metode} {self.sti} {self.status}"


class Idempotens(models.Model):
    """The first successful answer to a request sent with ``Idempotency-Key`` (replayed on retries)."""

    scoping = Scoping(fylke="klient__fylke", skole="klient__skole")

    klient = models.ForeignKey(ApiKlient, on_delete=models.CASCADE, related_name="+")
    nokkel = models.CharField(_("nøkkel"), max_length=200)
    metode = models.CharField(max_length=8)
    sti = models.CharField(max_length=300)
    foresporsel_hash = models.CharField(_("sjekksum for forespørselen"), max_length=64)
    status = models.PositiveSmallIntegerField()
    svar = models.JSONField()
    opprettet = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("idempotensnøkkel")
        verbose_name_plural = _("idempotensnøkler")
        constraints = [models.UniqueConstraint(fields=["klient", "nokkel"], name="unik_idempotensnokkel")]

    def __str__(self) -> str:
        return self.nokkel
