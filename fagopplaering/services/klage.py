"""Klage on a prøve result (docs/fagopplaering/prove.md «Klage»; docs/fagopplaering/domene.md §5).

Only *ikke bestått* can be appealed, within three weeks of the result letter. A klage on the grade goes to the
klagenemnd, one on formal errors (and everything on praksisbrev- and kompetanseprøve) to the county. The outcome is
registered here: «endret» to bestått changes the result, gives the contract AB instead of S1/S2, annuls the issued
documents (their NVB documents with ¤D and årsak KLA) and issues new ones; «ny prøve» and «annullert» annul the prøve
and, for a new prøve, register it at once without a new prøveavgift.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fagopplaering.models import Fagdokument, Hendelsestype, Klage, Prove
from fagopplaering.regler import klage as regel
from fagopplaering.regler import prove as proveregel
from fagopplaering.services.felles import hendelse, historikk, krev


def _d(d: datetime.date | None) -> str:
    return d.strftime("%d.%m.%Y") if d else "–"


@transaction.atomic
def registrer_klage(
    bruker, prove: Prove, *, mottatt: datetime.date, type: str, begrunnelse: str = ""
) -> Klage:
    krev(bruker, "change", Prove, prove.fylke_id)
    p = Prove.objects.select_for_update().get(pk=prove.pk)
    vurdering = regel.valider_klage(resultat=p.resultat, mottatt=mottatt, resultatbrev_dato=p.resultatbrev_dato,
                                    type=type)  # fmt: skip
    if not vurdering.ok:
        raise ValidationError(vurdering.feil)
    if p.klager.filter(utfall="").exists():
        raise ValidationError(_("Det er allerede en klage under behandling for denne prøven."))
    k = Klage(prove=p, mottatt=mottatt, type=type, instans=regel.instans_for(type, p.provetype),
              begrunnelse=begrunnelse.strip(), registrert_av=bruker)  # fmt: skip
    historikk(k, bruker, "Klage mottatt")
    k.save()
    hendelse(Hendelsestype.KLAGE_MOTTATT, bruker=bruker, fylke_id=p.fylke_id, prove=p, kontrakt=p.kontrakt,
             tekst=_("%(type)s mottatt %(dato)s, behandles av %(instans)s (frist var %(frist)s).") % {
                 "type": k.get_type_display(), "dato": _d(mottatt), "instans": k.get_instans_display().lower(),
                 "frist": _d(regel.klagefrist(p.resultatbrev_dato))})  # fmt: skip
    return k


@transaction.atomic
def avgjor_klage(
    bruker,
    klage: Klage,
    *,
    utfall: str,
    vedtak_dato: datetime.date,
    begrunnelse: str = "",
    nytt_resultat: str = "",
) -> Klage:
    from fagopplaering.services import prove as provetjeneste
    from fagopplaering.services.dokument import annuller_for_prove, utsted_for_prove
    from fagopplaering.services.kontrakt_prove import sett_provekode

    krev(bruker, "change", Prove, klage.prove.fylke_id)
    k = Klage.objects.select_for_update().select_related("prove").get(pk=klage.pk)
    if k.utfall:
        raise ValidationError(_("Klagen er allerede avgjort."))
    vurdering = regel.valider_utfall(utfall=utfall, nytt_resultat=nytt_resultat or None, instans=k.instans)
    if not vurdering.ok:
        raise ValidationError(vurdering.feil)
    if vedtak_dato < k.mottatt:
        raise ValidationError({"vedtak_dato": _("Vedtaket kan ikke være før klagen ble mottatt.")})
    k.utfall, k.nytt_resultat, k.vedtak_dato = utfall, nytt_resultat or "", vedtak_dato
    k.vedtak_begrunnelse = begrunnelse.strip()
    historikk(k, bruker, f"Klage avgjort: {utfall}")
    k.save()
    p = Prove.objects.select_for_update().get(pk=k.prove_id)
    konsekvens = regel.konsekvens(utfall, nytt_resultat or None)
    tekst = _("Klagen er avgjort %(dato)s: %(utfall)s.") % {
        "dato": _d(vedtak_dato),
        "utfall": k.get_utfall_display(),
    }
    if konsekvens.nytt_resultat:
        gammelt = p.get_resultat_display()
        p.resultat = konsekvens.nytt_resultat
        historikk(p, bruker, f"Nytt resultat etter klage: {p.resultat}")
        p.save(update_fields=["resultat", "endret"])
        tekst += " " + _("Resultatet er endret fra %(fra)s til %(til)s.") % {"fra": gammelt,
                                                                           "til": p.get_resultat_display()}  # fmt: skip
        if konsekvens.avslutningskode and p.kontrakt_id:
            sett_provekode(bruker, p.kontrakt, kode=konsekvens.avslutningskode, dato=p.resultat_dato)
    hendelse(Hendelsestype.KLAGE_AVGJORT, bruker=bruker, fylke_id=p.fylke_id, prove=p, kontrakt=p.kontrakt,
             tekst=tekst, data={"utfall": utfall, "nytt_resultat": nytt_resultat})  # fmt: skip
    if konsekvens.nye_dokumenter:
        annuller_for_prove(bruker, p, arsak="KLA", ny_utstedelse=True)
        nye = utsted_for_prove(bruker, p, erstatter=True)
        # The NVB annulment names the document that replaces it (¤D Vgdoknr_erstattes_av).
        ny_nvb = next((d for d in nye if d.vgdoknr and d.status == Fagdokument.Status.UTSTEDT), None)
        if ny_nvb is not None:
            Fagdokument.objects.filter(prove=p, status=Fagdokument.Status.ANNULLERT, vgdoknr__isnull=False,
                                       erstattet_av__isnull=True).update(erstattet_av=ny_nvb)  # fmt: skip
    if utfall in (Klage.Utfall.NY_PROVE, Klage.Utfall.ANNULLERT):
        provetjeneste.annuller(bruker, p, grunn=_("Klage avgjort: %(utfall)s.") % {"utfall": k.get_utfall_display()},
                               arsak="ANN")  # fmt: skip
    if konsekvens.ny_prove:
        # Not a new attempt and no prøveavgift: the first prøve did not count (ofo §§ 9-68, 9-69).
        provetjeneste.meld_opp(bruker, person=p.person, kandidattype=p.kandidattype, programomrade=p.programomrade,
                               fylke=p.fylke, oppmeldt_av=p.oppmeldt_av, kontrakt=p.kontrakt, forrige=p, utsatt=True,
                               oppmelder_bedrift=p.oppmelder_bedrift, oppmelder_skole=p.oppmelder_skole)  # fmt: skip
    return k


def klagefrist(prove: Prove) -> datetime.date | None:
    return regel.klagefrist(prove.resultatbrev_dato) if prove.resultatbrev_dato else None


def kan_klage(prove: Prove) -> bool:
    return prove.status == Prove.Status.VURDERT and not proveregel.er_bestatt(prove.resultat)
