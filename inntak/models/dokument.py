"""The applicant's request for fortrinnsrett / individuell behandling and the documents uploaded with it.

Why a request row of its own: the applicant asks for a behandlingskategori with a description, and the caseworker
decides it in a ``Vedtak``. The request (what was asked, when, in the applicant's words) is kept beside the
søknad's current category so the caseworker sees what the applicant wrote; a new request replaces the previous
one (``erstattet``). The only writers are ``inntak.services.dokument``.

The files are sensitive (health, sakkyndig vurdering): they are stored under a random name in the private file
storage (the same place as ``VedtakDokument``, never under a public URL) and read only through the caseworker
view that checks særtilgang and county scope and audits every download.
"""

from __future__ import annotations

import uuid

from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from vigo.scoping import Scoping


class PrivatLagring(FileSystemStorage):
    """The default file location (``MEDIA_ROOT``, var/media: no URL serves it) without any URL of its own: a
    document can only be read through the view that checks access."""

    def url(self, name):
        raise ValueError("Søkerdokumenter har ingen offentlig adresse.")


def privat_lagring() -> PrivatLagring:
    return PrivatLagring()


def soknaddokument_filsti(instance: SoknadDokument, filnavn: str) -> str:
    # A random name: the applicant's own file name is data (kept in ``navn``), never a path on disk.
    ending = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}.get(
        instance.innholdstype, ""
    )
    return f"inntak/soknad/{instance.soknad.fylke.nummer}/{instance.soknad_id}/{uuid.uuid4().hex}{ending}"


class Behandlingsonske(models.Model):
    """The applicant's request for fortrinnsrett or individuell behandling on one søknad."""

    scoping = Scoping(fylke="soknad__fylke")

    class Status(models.TextChoices):
        MOTTATT = "mottatt", _("Mottatt")
        ERSTATTET = "erstattet", _("Erstattet av en nyere forespørsel")

    soknad = models.ForeignKey("inntak.Soknad", on_delete=models.CASCADE, related_name="behandlingsonsker")
    behandlingskategori = models.ForeignKey(
        "kodeverk.Behandlingskategori",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("behandlingskategori"),
    )
    beskrivelse = models.TextField(_("beskrivelse"))
    sendt = models.DateTimeField(_("sendt"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.MOTTATT)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-sendt", "-id"]
        verbose_name = _("forespørsel om særskilt behandling")
        verbose_name_plural = _("forespørsler om særskilt behandling")
        indexes = [models.Index(fields=["soknad", "status"], name="behandlingsonske_soknad")]

    def __str__(self) -> str:
        return f"{self.behandlingskategori_id} ({self.get_status_display()})"


class SoknadDokument(models.Model):
    """A document the applicant uploaded as documentation for a søknad (PDF, PNG or JPEG, checked on upload)."""

    scoping = Scoping(fylke="soknad__fylke")

    class Innholdstype(models.TextChoices):
        PDF = "application/pdf", "PDF"
        PNG = "image/png", "PNG"
        JPEG = "image/jpeg", "JPEG"

    soknad = models.ForeignKey("inntak.Soknad", on_delete=models.CASCADE, related_name="sokerdokumenter")
    behandlingsonske = models.ForeignKey(
        Behandlingsonske, on_delete=models.SET_NULL, null=True, blank=True, related_name="dokumenter"
    )
    fil = models.FileField(_("fil"), upload_to=soknaddokument_filsti, storage=privat_lagring, max_length=300)
    navn = models.CharField(_("filnavn"), max_length=200)
    innholdstype = models.CharField(_("filtype"), max_length=20, choices=Innholdstype.choices)
    storrelse = models.PositiveIntegerField(_("størrelse (byte)"))
    sha256 = models.CharField(max_length=64)
    lastet_opp = models.DateTimeField(_("lastet opp"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-lastet_opp", "-id"]
        verbose_name = _("søkerdokument")
        verbose_name_plural = _("søkerdokumenter")

    def __str__(self) -> str:
        return f"Dokument {self.pk} ({self.innholdstype})"
