"""The audit and timeline row every fagopplæring service writes in the same transaction as its change (Zulip's
RealmAuditLog: a typed event, who, when, about what). The contract page's timeline and the company page read it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vigo.scoping import Scoping


class Hendelsestype(models.TextChoices):
    BEDRIFT_OPPRETTET = "bedrift_opprettet", _("Bedrift registrert")
    BEDRIFT_ENDRET = "bedrift_endret", _("Bedrift endret")
    BEDRIFT_OPPDATERT_ER = "bedrift_er", _("Oppdatert fra Enhetsregisteret")
    GODKJENT = "godkjent", _("Godkjent for lærefag")
    GODKJENNING_ENDRET = "godkjenning_endret", _("Godkjenning endret")
    GODKJENNING_TRUKKET = "godkjenning_trukket", _("Godkjenning trukket tilbake")
    MEDLEM_INN = "medlem_inn", _("Medlemsbedrift meldt inn")
    MEDLEM_UT = "medlem_ut", _("Medlemsbedrift meldt ut")
    ANSVARLIG_REGISTRERT = "ansvarlig_reg", _("Faglig leder eller instruktør registrert")
    ANSVARLIG_AVSLUTTET = "ansvarlig_slutt", _("Faglig leder eller instruktør avsluttet")
    FORMIDLING_OPPRETTET = "formidling_opprettet", _("Søker til læreplass registrert")
    FORMIDLING_STATUS = "formidling_status", _("Formidlingsstatus endret")
    FORMIDLET_TIL_BEDRIFT = "formidlet", _("Formidlet til bedrift")
    BEDRIFT_SVAR = "bedrift_svar", _("Svar fra bedrift")
    INTENSJONSAVTALE = "intensjonsavtale", _("Intensjonsavtale registrert")
    INTENSJONSAVTALER_FIL = "intensjonsavtaler_fil", _("Intensjonsavtaler masseregistrert")
    KONTRAKT_OPPRETTET = "kontrakt_opprettet", _("Kontrakt opprettet")
    KONTRAKT_TIL_GODKJENNING = "kontrakt_til_godkj", _("Sendt til godkjenning")
    KONTRAKT_GODKJENT = "kontrakt_godkjent", _("Kontrakt godkjent")
    KONTRAKT_ENDRING_FORESLATT = "endring_foreslatt", _("Endring foreslått")
    KONTRAKT_ENDRING_GODKJENT = "endring_godkjent", _("Endring godkjent")
    KONTRAKT_ENDRING_AVVIST = "endring_avvist", _("Endring avvist")
    AVBRUDD_REGISTRERT = "avbrudd", _("Avbrudd registrert")
    AVBRUDD_AVSLUTTET = "avbrudd_slutt", _("Avbrudd avsluttet")
    KONTRAKT_AVSLUTTET = "kontrakt_avsluttet", _("Kontrakt avsluttet")
    KONTRAKT_OMGJORT = "kontrakt_omgjort", _("Opplæringskontrakt omgjort til lærekontrakt")
    KONTRAKT_ANNULLERT = "kontrakt_annullert", _("Kontrakt annullert")
    KONTRAKT_PDF = "kontrakt_pdf", _("Kontrakt skrevet ut for signering")
    TILSKUDD_BEREGNET = "tilskudd", _("Tilskudd beregnet")
    NEMND_OPPRETTET = "nemnd_opprettet", _("Prøvenemnd opprettet")
    NEMND_ENDRET = "nemnd_endret", _("Prøvenemnd endret")
    NEMNDMEDLEM = "nemndmedlem", _("Nemndmedlem oppnevnt")
    NEMNDMEDLEM_UT = "nemndmedlem_ut", _("Nemndmedlem fratrådt")
    NEMND_LANT = "nemnd_lant", _("Prøvenemnd lånt ut")
    PROVE_OPPMELDT = "prove_oppmeldt", _("Oppmeldt til prøve")
    PROVE_GODKJENT = "prove_godkjent", _("Oppmelding godkjent")
    PROVE_AVVIST = "prove_avvist", _("Oppmelding avvist")
    PROVE_NEMND = "prove_nemnd", _("Nemnd tildelt")
    PROVE_PLANLAGT = "prove_planlagt", _("Prøvested og datoer satt")
    PROVE_RESULTAT = "prove_resultat", _("Resultat registrert")
    PROVE_UTSATT = "prove_utsatt", _("Prøven utsatt")
    PROVE_TRUKKET = "prove_trukket", _("Oppmelding trukket")
    PROVE_ANNULLERT = "prove_annullert", _("Prøven annullert")
    KLAGE_MOTTATT = "klage_mottatt", _("Klage mottatt")
    KLAGE_AVGJORT = "klage_avgjort", _("Klage avgjort")
    DOKUMENT_UTSTEDT = "dokument_utstedt", _("Dokument utstedt")
    DOKUMENT_STOPPET = "dokument_stoppet", _("Dokument stoppet av kontrollen")
    DOKUMENT_ANNULLERT = "dokument_annullert", _("Dokument annullert")
    NVB_EKSPORT = "nvb_eksport", _("Eksportert til NVB")


class Hendelse(models.Model):
    scoping = Scoping(fylke="fylke")

    type = models.CharField(_("hendelse"), max_length=24, choices=Hendelsestype.choices)
    tidspunkt = models.DateTimeField(_("tidspunkt"), auto_now_add=True)
    bruker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")  # fmt: skip
    aktor = models.CharField(_("aktør"), max_length=150)
    fylke = models.ForeignKey("kodeverk.Fylke", on_delete=models.PROTECT, related_name="+")
    bedrift = models.ForeignKey("fagopplaering.Bedrift", on_delete=models.CASCADE, null=True, blank=True,
                                related_name="hendelser")  # fmt: skip
    godkjenning = models.ForeignKey("fagopplaering.Godkjenning", on_delete=models.CASCADE, null=True, blank=True,
                                    related_name="hendelser")  # fmt: skip
    formidling = models.ForeignKey("fagopplaering.Formidling", on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="hendelser")  # fmt: skip
    kontrakt = models.ForeignKey("fagopplaering.Kontrakt", on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="hendelser")  # fmt: skip
    prove = models.ForeignKey("fagopplaering.Prove", on_delete=models.CASCADE, null=True, blank=True,
                              related_name="hendelser")  # fmt: skip
    nemnd = models.ForeignKey("fagopplaering.Provenemnd", on_delete=models.CASCADE, null=True, blank=True,
                              related_name="hendelser")  # fmt: skip
    tekst = models.CharField(_("tekst"), max_length=500)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        ordering = ["-tidspunkt", "-pk"]
        verbose_name = _("hendelse i fagopplæringen")
        verbose_name_plural = _("hendelser i fagopplæringen")
        indexes = [models.Index(fields=["fylke", "-tidspunkt"], name="fagopp_hendelse_fylke")]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.tidspunkt:%d.%m.%Y}"
