"""Fagopplæring's code tables (docs/fagopplaering/kontrakt.md): C13 Kontraktstype, C12 Avslutningskode and C11 Hevet
av. The public lists are partial (docs/fagopplaering/domene.md §3.2, §3.3, §13), so they are tables the administrator keeps,
seeded by migration and versioned by date where the code list has versions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kodeverk.models import Kode


class Kandidattype(models.TextChoices):
    """Who the person in training is (docs/fagopplaering/domene.md §1.1); drives the contract kind, prøve and documents."""

    LAERLING = "laerling", _("Lærling")
    LAEREKANDIDAT = "laerekandidat", _("Lærekandidat")
    PRAKSISBREVKANDIDAT = "praksisbrevkandidat", _("Praksisbrevkandidat")
    FAGBREV_PA_JOBB = "fagbrev_pa_jobb", _("Kandidat for fagbrev på jobb")
    PRAKSISKANDIDAT = "praksiskandidat", _("Praksiskandidat")
    ELEV = "elev", _("Elev i Vg3 fagopplæring i skole")


class Kontraktstype(Kode):
    """C13 Kontraktstype. ``kandidattype`` says who signs it; ``ssb_ftype`` is SSB's person type (E/L/O)."""

    kandidattype = models.CharField(_("kandidattype"), max_length=20, choices=Kandidattype.choices)
    ssb_ftype = models.CharField(_("SSB-type (ftype)"), max_length=1, blank=True,
                                 help_text=_("E elev i skole, L lærling, O lærekandidat."))  # fmt: skip
    gir_tilskudd = models.BooleanField(_("gir lærlingtilskudd"), default=True)

    class Meta(Kode.Meta):
        verbose_name = _("kontraktstype")
        verbose_name_plural = _("kontraktstyper")


class Avslutningskode(Kode):
    """C12 Avslutningskode (Sluttårsak fagopplæring). ``automatisk``: set by a prøve result (AB, S1, S2), not by
    hand. Versioned by ``gyldig_fra``/``gyldig_til`` (the 2010 list is the seed, docs/fagopplaering/domene.md §3.3)."""

    automatisk = models.BooleanField(_("settes av prøveresultat"), default=False)
    gyldig_fra = models.DateField(_("gyldig fra"), null=True, blank=True)
    gyldig_til = models.DateField(_("gyldig til"), null=True, blank=True)

    class Meta(Kode.Meta):
        verbose_name = _("avslutningskode")
        verbose_name_plural = _("avslutningskoder")


class HevetAv(Kode):
    """C11 Hevet av: which party wanted or applied for the ending (values UNVERIFIED, docs/fagopplaering/domene.md §13)."""

    class Meta(Kode.Meta):
        verbose_name = _("hevet av")
        verbose_name_plural = _("hevet av")
