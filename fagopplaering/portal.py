"""Fagopplæringen's section on the applicant's «Min side» (registered with
``inntak.portal.utvidelser.registrer_minside_seksjon(minside_formidling)`` in FagopplaeringConfig.ready): the
applicant's formidling status per lærefag in plain words (docs/fagopplaering/formidling.md, «Søkerportalen»)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from fagopplaering.models import Formidling
from fagopplaering.selectors.formidling import formidlinger_for_person

S = Formidling.Status

# What each status means for the applicant, in plain words.
FORKLARING = {
    S.SOKT: _("Vi har registrert at du søker læreplass. Fylket jobber med å finne en lærebedrift til deg."),
    S.UKVALIFISERT: _("Du oppfyller ikke kravene for læreplass i dette faget. Ta kontakt med fylket hvis du "
                      "mener dette er feil."),
    S.ANNET_FYLKE: _("Du er registrert bosatt i et annet fylke. Det er fylket du bor i som formidler deg til "
                     "læreplass."),
    S.FORMIDLET: _("Fylket har sendt søknaden din til en eller flere lærebedrifter. Det er bedriften som "
                   "bestemmer hvem den tar inn."),
    S.INTERVJU: _("En lærebedrift vil snakke med deg. Du blir kontaktet om tid og sted."),
    S.TILBUD: _("Du har fått tilbud om læreplass. Svar innen svarfristen. Hvis du takker nei, har du ikke rett "
                "til ny læreplass eller skoleplass samme år."),
    S.AKSEPTERT: _("Du har takket ja til læreplassen. Lærekontrakten blir laget og sendt til godkjenning."),
    S.AVSLATT: _("Du takket nei til læreplassen. Du får ikke ny læreplass gjennom fylket i år."),
    S.IKKE_SVART: _("Du svarte ikke på tilbudet om læreplass innen fristen, og tilbudet gikk tapt."),
    S.KONTRAKT: _("Lærekontrakten din er opprettet."),
    S.INNTATT_ANNET: _("Du har fått plass på et annet ønske, så du står ikke lenger på listen for læreplass i "
                       "dette faget."),
    S.PASSIV: _("Søknaden om læreplass er satt på vent. Ta kontakt med fylket hvis du fortsatt vil ha "
                "læreplass."),
    S.VG3_SKOLE: _("Du har ikke fått læreplass, og har fått tilbud om Vg3 i skole. Fylket kan fortsatt formidle "
                   "deg til en lærebedrift."),
    S.TRUKKET: _("Søknaden om læreplass i dette faget er trukket."),
}  # fmt: skip


def minside_formidling(request, person) -> str | None:
    """The section's HTML, or None when the person has no formidling."""
    rader = formidlinger_for_person(person)
    if not rader:
        return None
    for f in rader:
        f.forklaring = FORKLARING.get(f.status, "")
        f.vis_bedrift = f.bedrift if f.status in (S.TILBUD, S.AKSEPTERT, S.KONTRAKT) else None
    return render_to_string("fagopplaering/formidling_minside.html", {"formidlinger": rader}, request=request)
