"""Job 1V001 «Tildel plasser til voksne» (registered in InntakConfig.ready), run every night by the beat task
``inntak.plasser_voksne_natt`` (``inntak.voksen.tasks``) and startable from /kjoringer/. Thin: one service call
per school year."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inntak.models import Tilbud
from inntak.voksen.services import plasser_voksne
from kodeverk.models import Skolear
from vigo.jobber import jobbtype


class PlasserVoksneSkjema(forms.Form):
    skolear = forms.ModelChoiceField(
        Skolear.objects.all(), label=_("Skoleår"), to_field_name="kode", required=False,
        help_text=_("Tomt: alle skoleår som ikke er avsluttet og har tilbud for voksne."),
    )  # fmt: skip


def skolear_med_voksentilbud(fylke) -> list[Skolear]:
    """The county's school years not yet ended that have tilbud for adults."""
    idag = timezone.localdate()
    ider = Tilbud.objects.filter(fylke=fylke, voksenopplaering=True, skolear__sluttdato__gte=idag).values(
        "skolear_id"
    )
    return list(Skolear.objects.filter(pk__in=ider).order_by("kode"))


@jobbtype(
    "1V001",
    "Tildel plasser til voksne",
    tillatelse="inntak.add_voksenplass",
    skjema=PlasserVoksneSkjema,
    omrade="Inntak",
    personopplysninger=True,
    resultat_tekst={
        "skolear": _("Skoleår"),
        "sokere": _("Komplette søknader som ventet"),
        "tildelt": _("Fikk plass"),
        "venter": _("Venter fortsatt"),
        "venter_fulle": _("Venter: alle ønskede tilbud er fulle"),
        "venter_uten_onsker": _("Venter: ingen ønsker til tilbud for voksne"),
        "ikke_komplett": _("Søknader som ikke er komplette"),
    },
    beskrivelse="Inntak av voksne etter opplæringsforskrifta kapittel 13: komplette søknader uten plass får "
    "det høyeste ønsket som har ledig plass, i rekkefølgen etter § 13-4 (rett etter §§ 18-3/18-6, "
    "rekvalifisering § 18-4, påbygging § 18-7, uten rett; innen gruppen den som kom først med komplett søknad). "
    "Ingen ventelister: den som ikke får plass nå, venter til neste kjøring. Kjøres hver natt.",
)
def plasser_voksne_jobb(ktx) -> dict:
    p = ktx.parametere
    arene = (
        [Skolear.objects.get(pk=p["skolear"])] if p.get("skolear") else skolear_med_voksentilbud(ktx.fylke)
    )
    sum_: dict[str, int] = {}
    for skolear in arene:
        telling = plasser_voksne(ktx.fylke, skolear, ktx.bruker)
        ktx.logg(f"{skolear.kode}: {telling['tildelt']} fikk plass, {telling['venter']} venter fortsatt "
                 f"({telling['venter_fulle']} med fulle tilbud, {telling['venter_uten_onsker']} uten ønsker til "
                 f"tilbud for voksne).")  # fmt: skip
        for k, v in telling.items():
            sum_[k] = sum_.get(k, 0) + v
    if not arene:
        ktx.logg("Fylket har ingen tilbud for voksne i skoleår som ikke er avsluttet.")
    return {"skolear": ", ".join(s.kode for s in arene) or "–", **sum_}
