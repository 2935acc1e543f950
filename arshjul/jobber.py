"""Job types of the årshjul area (registered on import from ArshjulConfig.ready)."""

from __future__ import annotations

from django import forms
from django.core.files.storage import default_storage
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from arshjul import services
from arshjul.kjerne.kilder import INNEBYGDE, innebygd_sti
from vigo.jobber import jobbtype

OMRADE = "Årshjul"
skolear_validator = RegexValidator(r"^\d{4}-\d{4}$", _("Format ÅÅÅÅ-ÅÅÅÅ, f.eks. 2017-2018."))


class ImportSkjema(forms.Form):
    dokument = forms.ChoiceField(
        label=_("Dokument"),
        required=False,
        choices=[("", _("Opplastet fil"))]
        + [(k, _("Innebygd: årshjul %(ar)s") % {"ar": k}) for k in INNEBYGDE],
        help_text=_("Velg et av de innebygde årshjulene, eller last opp en fil under Årshjul › Importer."),
    )
    skolear = forms.CharField(label=_("Skoleår"), required=False, max_length=9, validators=[skolear_validator],
                              help_text=_("Tomt: leses fra dokumentets tittel."))  # fmt: skip
    opplastet = forms.CharField(
        required=False,
        widget=forms.HiddenInput,
        max_length=100,
        validators=[RegexValidator(r"^arshjul/opplasting/[0-9a-f]{32}\.txt$")],
    )
    filnavn = forms.CharField(required=False, widget=forms.HiddenInput, max_length=200)

    def clean(self):
        data = super().clean()
        if bool(data.get("dokument")) == bool(data.get("opplastet")):
            raise forms.ValidationError(_("Velg enten et innebygd dokument eller last opp en fil."))
        return data


@jobbtype(
    "0H001",
    "Importer årshjul",
    tillatelse="arshjul.add_hendelse",
    skjema=ImportSkjema,
    omrade=OMRADE,
    resultat_tekst={
        "skolear": _("Skoleår"),
        "fylke": None,
        "opprettet": _("Nye hendelser"),
        "endret": _("Endrede hendelser"),
        "uendret": _("Uendrede hendelser"),
        "beholdt_kategori": _("Manuelt satt kategori beholdt"),
        "ikke_i_fila": _("Hendelser som ikke står i fila"),
        "per_maned": _("Hendelser per måned"),
        "ikke_plassert": (_("Rader som ikke ble plassert"), "liste"),
        "advarsler": (_("Advarsler"), "liste"),
    },
    beskrivelse="Leser et årshjul-dokument (tabulatorseparert eller tekst fra PDF) inn i fylkets årshjul. "
    "Hver daterte rad blir én hendelse; en ny import av samme fil endrer ingenting.",
)
def importer_arshjul(ktx) -> dict:
    p = ktx.parametere
    if p.get("dokument"):
        tekst = innebygd_sti(p["dokument"]).read_text(encoding="utf-8")
        kilde = INNEBYGDE[p["dokument"]]
    else:
        with default_storage.open(p["opplastet"], "rb") as f:
            tekst = f.read().decode("utf-8")
        kilde = p.get("filnavn") or "opplastet fil"
    ktx.fremdrift(0, 1, f"Leser {kilde}", tving=True)
    resultat = services.les(tekst, p.get("skolear") or p.get("dokument") or None)
    ut = services.importer(resultat, ktx.fylke, ktx.bruker)
    for maned, antall in ut.per_maned.items():
        ktx.logg(f"{maned}: {antall} hendelser")
    for i in ut.ikke_plassert:
        ktx.logg(f"Ikke plassert, linje {i.linje}: {i.tekst} ({i.grunn})", "advarsel")
    for a in ut.advarsler:
        ktx.logg(f"Advarsel, linje {a.linje}: {a.tekst} ({a.grunn})", "advarsel")
    ktx.logg(f"{kilde}: {ut.opprettet} nye, {ut.endret} endret, {ut.uendret} uendret ({ut.skolear}).")
    ktx.fremdrift(1, 1, "Ferdig", tving=True)
    return ut.som_dict()


class KopiSkjema(forms.Form):
    skolear = forms.CharField(label=_("Fra skoleår"), max_length=9, validators=[skolear_validator],
                              help_text=_("Hjulet kopieres til skoleåret etter, som utkast."))  # fmt: skip


@jobbtype(
    "0H002",
    "Kopier årshjul til neste skoleår",
    tillatelse="arshjul.add_hendelse",
    skjema=KopiSkjema,
    omrade=OMRADE,
    resultat_tekst={
        "til_skolear": _("Til skoleår"),
        "opprettet": _("Hendelser kopiert"),
        "flyttet": _("Frister flyttet fra helg eller helligdag"),
        "fantes": _("Fantes fra før"),
        "parametere": _("Systemparametere kopiert"),
    },
    beskrivelse="Kopierer fylkets årshjul ett år fram som utkast. Frister som havner på lørdag, søndag eller "
    "helligdag flyttes til neste virkedag, med merknad om hvorfor.",
)
def kopier_arshjul(ktx) -> dict:
    ut = services.kopier_til_neste_ar(ktx.fylke, ktx.parametere["skolear"], ktx.bruker)
    ktx.logg(
        f"{ut.opprettet} hendelser kopiert til {ut.til_skolear} ({ut.flyttet} flyttet, {ut.fantes} fantes)."
    )
    return {
        "til_skolear": ut.til_skolear,
        "opprettet": ut.opprettet,
        "flyttet": ut.flyttet,
        "fantes": ut.fantes,
        "parametere": ut.parametere,
    }
