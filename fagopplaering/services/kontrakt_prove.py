"""What a prøve result does to the contract (docs/fagopplaering/domene.md §0.3, §4.3): the automatic avslutningskode.

A result on an approved contract ends it on the result date with AB, S1 or S2 (``Kontrakt.Avslutningsmate.PROVE``).
A contract already ended by an earlier prøve result gets the new code: a second attempt (S1 → AB or S2) or a klage
that changed *ikke bestått* to *bestått* (S1 → AB). Any other ending is left alone and the timeline says so.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fagopplaering.models import Avslutningskode, Hendelsestype, Kontrakt
from fagopplaering.regler import kontrakt as regel
from fagopplaering.services.felles import hendelse, historikk
from fagopplaering.services.kontrakt import _avslutt, _laas

S = Kontrakt.Status


@transaction.atomic
def sett_provekode(bruker, kontrakt: Kontrakt, *, kode: str, dato: datetime.date) -> Kontrakt:
    """Called by ``services.prove`` and ``services.klage`` (which checked the permission on the prøve)."""
    k = _laas(kontrakt)
    if k.status == S.GODKJENT:
        return _avslutt(bruker, k, dato=dato, mate=regel.PROVE, avslutningskode=kode,
                        merknad=_("Satt av prøveresultatet."))  # fmt: skip
    if k.status == S.AVSLUTTET and k.avslutningsmate == regel.PROVE:
        ny = Avslutningskode.objects.filter(kode=kode).first()
        if ny is None:
            raise ValidationError(_("Avslutningskoden %(kode)s finnes ikke i kodeverket.") % {"kode": kode})
        gammel = k.avslutningskode.kode if k.avslutningskode_id else "–"
        if gammel == kode:
            return k
        k.avslutningskode = ny
        historikk(k, bruker, f"Avslutningskode {gammel} → {kode} etter nytt prøveresultat")
        k.save(update_fields=["avslutningskode", "endret"])
        hendelse(Hendelsestype.KONTRAKT_AVSLUTTET, bruker=bruker, fylke_id=k.fylke_id, kontrakt=k,
                 tekst=_("Avslutningskoden er endret fra %(gammel)s til %(ny)s etter nytt prøveresultat.") % {
                     "gammel": gammel, "ny": kode}, data={"kode": kode, "forrige": gammel})  # fmt: skip
        return k
    # Ended otherwise (hevet, læretid utløpt …) or never approved: the contract keeps what it has; the prøve's
    # result still counts (a candidate may take the prøve after the contract ended).
    hendelse(Hendelsestype.KONTRAKT_AVSLUTTET, bruker=bruker, fylke_id=k.fylke_id, kontrakt=k,
             tekst=_("Prøveresultatet gir avslutningskode %(kode)s, men kontrakten er %(status)s og beholder sin "
                     "kode.") % {"kode": kode, "status": k.get_status_display().lower()})  # fmt: skip
    return k
