"""Issuing the documents of a prøve (docs/fagopplaering/dokumenter.md; docs/fagopplaering/domene.md §0.7, §6, §7).

``utsted_for_prove`` decides which documents the candidate gets (``regler.dokument.dokumenter_for``), builds each
document's content once, runs the NVB control engine on the vitnemål or kompetansebevis (``fagopplaering.nvb``) and
renders every document with the county's published template (``vigo.dokumentmal``). A document is issued only when
the control has no FEIL; otherwise it is kept as «stoppet» with its messages (the control report links to the data
to fix) and ``utsted_pa_nytt`` tries again. A fag-/svennebrev follows its vitnemål or kompetansebevis: it is only
valid together with it (domene §6), so it is stopped with it.

A Vgdoknr is taken only when the document is issued (never for a stopped one) and never given back; annulling a
document that went to NVB queues its ¤D line for the next export job.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fagopplaering.models import Fagdokument, Hendelsestype, Prove, Vgdokteller
from fagopplaering.nvb import modell as nvb
from fagopplaering.nvb.kontroll import kontroller_dokument
from fagopplaering.regler import dokument as regel
from fagopplaering.regler import klage as klageregel
from fagopplaering.regler import prove as proveregel
from fagopplaering.services.felles import hendelse, krev
from fagopplaering.services.nvb_innhold import avsender_for, nvb_dokument, parametere
from kodeverk.skolear import skolear_for_dato

D = Fagdokument.Status
NVB_TYPER = regel.NVB_TYPE  # {vitnemal: "VM", kompetansebevis: "KB"}
# Diplomas «only valid together with vitnemål or kompetansebevis» (docs/fagopplaering/domene.md §6).
BREV = frozenset({regel.FAGBREV, regel.SVENNEBREV, regel.KOMPETANSEBREV, regel.PRAKSISBREV})


def _d(d: datetime.date | None) -> str:
    return d.strftime("%d.%m.%Y") if d else "–"


def _navn(person) -> str:
    return " ".join(x for x in (person.fornavn, person.mellomnavn, person.etternavn) if x)


def laeretid_fullfort(p: Prove) -> bool:
    """Whether the læretid counts as completed for the vitnemål (docs/fagopplaering/domene.md §6): the prøve may be
    taken at the earliest three months before læretid til (ofo § 9-56), so a result within those three months
    completes it. Only a læretid til moved later afterwards (an avbrudd) makes it incomplete; the candidate then gets
    fag-/svennebrev and kompetansebevis (regler.dokument). Vg3 i skole has no contract and no læretid."""
    if p.kontrakt_id is None:
        return p.kandidattype == "elev"
    return p.resultat_dato is not None and p.kontrakt.laeretid_til <= p.resultat_dato + datetime.timedelta(
        days=92
    )


def kontekst(p: Prove, dokumenttype: str, *, dato: datetime.date, par: dict[str, str], vgdoknr: str = "",
             vitnemal: dict | None = None) -> dict[str, Any]:  # fmt: skip
    """The context every fagopplæring template gets (the shape of ``fagopplaering.dokumenttyper`` samples)."""
    person, k = p.person, p.kontrakt
    brevtype = proveregel.brevtype_for(p.provetype)
    ut: dict[str, Any] = {
        "fylke": {"navn": p.fylke.navn, "nummer": p.fylke.nummer},
        "dato": dato, "sted": par["utstedersted"],
        "underskriver": {"navn": par["underskriver_navn"], "tittel": par["underskriver_tittel"]},
        "kandidat": {"navn": _navn(person), "fodselsdato": person.fodselsdato, "adresse": person.adresse,
                     "postnummer": person.postnummer, "poststed": person.poststed},
        "laerefag": {"kode": p.programomrade.kode, "navn": par.get("tittel") or p.programomrade.navn},
        "brevtype": brevtype, "brevtype_navn": regel.DOKUMENTNAVN.get(dokumenttype, dokumenttype),
        "prove": {"provetype_navn": p.get_provetype_display(), "fra_dato": p.fra_dato, "til_dato": p.til_dato,
                  "provested": p.provested, "resultat": p.resultat, "resultat_navn": p.get_resultat_display(),
                  "forsok_nr": p.forsok_nr, "nemnd_navn": p.nemnd.navn if p.nemnd_id else "",
                  "begrunnelse": p.tilleggsprotokoll if p.resultat == "IB" else ""},
        "kontrakt": ({"bedrift_navn": k.bedrift.navn, "laeretid_fra": k.laeretid_fra, "laeretid_til": k.laeretid_til}
                     if k else None),
        "vgdoknr": vgdoknr,
        "vitnemal": vitnemal or {"programomrader": [], "fag": [], "merknader": []},
        "klage": None,
    }  # fmt: skip
    if dokumenttype == regel.RESULTATBREV and p.resultat == "IB":
        frist = klageregel.klagefrist(dato)
        instans = klageregel.instans_for(klageregel.KARAKTER, p.provetype)
        ut["klage"] = {"frist": frist, "instans_navn": dict(Klagenavn).get(instans, instans)}
    return ut


Klagenavn = (("klagenemnd", "klagenemnda"), ("fylkeskommunen", "fylkeskommunen"))


# The prøve's grade in words on the printed document (the NVB file keeps the code).
PROVEKARAKTER = {"B": "Bestått", "BM": "Bestått meget godt", "IB": "Ikke bestått"}


def _vitnemal_for_mal(dok: nvb.Dokument, fagnavn: dict[str, str], promrnavn: dict[str, str]) -> dict:
    return {
        "programomrader": [{"kode": pr.promrkode, "navn": promrnavn.get(pr.promrkode, pr.promrkode),
                            "niva": pr.nivaakode, "aarstall": pr.aarstall} for pr in dok.programomrader],
        "fag": [{"kode": f.fagkode, "navn": fagnavn.get(f.fagkode, f.fagkode), "fagtype": f.fagtypekode,
                 "standpunkt": f.karakter_standpunkt, "eksamen": PROVEKARAKTER.get(f.karakter_eksamen, f.karakter_eksamen),
                 "aar": f.aar} for f in dok.fag],
        "merknader": [{"kode": m.merknadkode, "tekst": m.parameter1 and f"{_merknadtekst(m)}" or m.merknadkode}
                      for m in dok.merknader],
    }  # fmt: skip


def _merknadtekst(m: nvb.Merknad) -> str:
    if m.merknadkode == "VMM31":
        return f"Bestått fagopplæring {m.parameter1}"
    return " ".join(x for x in (m.merknadkode, m.parameter1, m.parameter2) if x)


def _neste_vgdoknr(typ: str, orgnr: str, ar: int) -> str:
    teller, _opprettet = Vgdokteller.objects.select_for_update().get_or_create(orgnr=orgnr, ar=ar)
    teller.siste += 1
    teller.save(update_fields=["siste"])
    return nvb.lag_vgdoknr(typ, orgnr, ar, teller.siste)


def _meldinger(meldinger) -> list[dict[str, Any]]:
    return [{**m.som_dict(), "linje": getattr(m, "linje", None)} for m in meldinger]


def _render(p: Prove, typ: str, ktx: dict[str, Any]) -> tuple[bytes, int]:
    from vigo.dokumentmal import hent
    from vigo.dokumentmal.gjengi import brevhode, gjengi_html, til_pdf
    from vigo.dokumentmal.selectors import aktiv_mal

    mal = aktiv_mal(p.fylke, typ)
    hode = brevhode(p.fylke, ktx["dato"]) if hent(typ).brevhode else None
    from fagopplaering.services.kontrakt_pdf import logo
    from vigo.dokumentmal.gjengi import Malfeil

    try:
        return til_pdf(gjengi_html(mal, [ktx], hode=hode, logo=logo(p.fylke) if hode else "")), mal.versjon
    except Malfeil as feil:
        # The county's template cannot be filled in: nothing is issued (the transaction rolls back), and the
        # caseworker gets the reason on the form instead of an error page.
        raise ValidationError(
            _("Dokumentmalen «%(type)s» kan ikke brukes: %(feil)s")
            % {"type": regel.DOKUMENTNAVN.get(typ, typ), "feil": feil}
        ) from None


def _lagre(p: Prove, typ: str, *, bruker, status: str, dato, vgdoknr=None, nvb_dok=None, meldinger=(),
           pdf: bytes | None = None, mal_versjon: int = 0) -> Fagdokument:  # fmt: skip
    dok = Fagdokument(fylke_id=p.fylke_id, person_id=p.person_id, prove=p, dokumenttype=typ, status=status,
                      vgdoknr=vgdoknr, nvb=_som_json(nvb_dok) if nvb_dok is not None else {},
                      kontroll=_meldinger(meldinger), kontrollert=timezone.now(), mal_versjon=mal_versjon,
                      utstedt_dato=dato if status == D.UTSTEDT else None,
                      utstedt_av=bruker if status == D.UTSTEDT else None)  # fmt: skip
    dok.save()
    if pdf is not None:
        dok.fil.save(f"{typ}_{dok.pk}.pdf", ContentFile(pdf), save=True)
    return dok


def _som_json(dok: nvb.Dokument) -> dict:
    """The document as JSON (dates as ISO text; ``fra_json`` reads it back)."""

    def verdi(v):
        if isinstance(v, datetime.date):
            return v.isoformat()
        if isinstance(v, list):
            return [verdi(x) for x in v]
        if isinstance(v, dict):
            return {k: verdi(x) for k, x in v.items() if k != "linje"}
        return v

    return verdi(dataclasses.asdict(dok))


@transaction.atomic
def utsted_for_prove(
    bruker, prove: Prove, *, erstatter: bool = False, dato: datetime.date | None = None
) -> list[Fagdokument]:
    """Issues every document the result gives (the result letter first). Returns the rows, issued or stopped."""
    krev(bruker, "change", Prove, prove.fylke_id)
    p = Prove.objects.select_related("fylke", "person", "programomrade", "kontrakt__bedrift", "nemnd").get(
        pk=prove.pk
    )
    if p.status != Prove.Status.VURDERT or not p.resultat:
        raise ValidationError(_("Dokumenter kan bare utstedes når prøven har et resultat."))
    dato = dato or timezone.localdate()
    valg = regel.dokumenter_for(kandidattype=p.kandidattype, provetype=p.provetype, resultat=p.resultat,
                                laeretid_fullfort=laeretid_fullfort(p))  # fmt: skip
    par = parametere(p.fylke, dato, p.programomrade)
    # The NVB document first: it decides whether the diploma that is only valid with it may be issued.
    rekkefolge = sorted(valg.typer, key=lambda t: (t not in NVB_TYPER, t != regel.RESULTATBREV))
    ut: list[Fagdokument] = []
    stoppet = False
    for typ in rekkefolge:
        ut.append(_utsted_en(bruker, p, typ, dato=dato, par=par, folger_stopp=stoppet))
        stoppet = stoppet or ut[-1].status == D.STOPPET and typ in NVB_TYPER
    if p.resultatbrev_dato is None or erstatter:
        p.resultatbrev_dato = dato
        p.save(update_fields=["resultatbrev_dato", "endret"])
    return ut


def _utsted_en(bruker, p: Prove, typ: str, *, dato, par, folger_stopp: bool) -> Fagdokument:
    vgdoknr, nvb_dok, meldinger, vitnemal = None, None, [], None
    if typ in NVB_TYPER:
        avsender = avsender_for(p.fylke, par, dato)
        forelopig = nvb.lag_vgdoknr(NVB_TYPER[typ][0], par["orgnr"] if len(par["orgnr"]) == 9 else "000000000",
                                    dato.year, 0)  # fmt: skip
        nvb_dok, fagnavn, promrnavn = nvb_dokument(p, NVB_TYPER[typ], forelopig, dato, par)
        meldinger = kontroller_dokument(nvb_dok, avsender)
        vitnemal = _vitnemal_for_mal(nvb_dok, fagnavn, promrnavn)
    feil = [m for m in meldinger if m.alvor == "FEIL"]
    if feil or (folger_stopp and typ in BREV):
        dok = _lagre(p, typ, bruker=bruker, status=D.STOPPET, dato=dato, nvb_dok=nvb_dok, meldinger=meldinger)
        grunn = "; ".join(f"{m.kode} {m.tekst}" for m in feil[:3]) or _(
            "følger vitnemålet eller kompetansebeviset"
        )
        hendelse(Hendelsestype.DOKUMENT_STOPPET, bruker=bruker, fylke_id=p.fylke_id, prove=p, kontrakt=p.kontrakt,
                 tekst=_("%(type)s er stoppet av kontrollen: %(grunn)s") % {"type": regel.DOKUMENTNAVN.get(typ, typ),
                                                                           "grunn": grunn})  # fmt: skip
        return dok
    if nvb_dok is not None:
        vgdoknr = _neste_vgdoknr(NVB_TYPER[typ][0], par["orgnr"], dato.year)
        nvb_dok = dataclasses.replace(nvb_dok, vgdoknr=vgdoknr)
    ktx = kontekst(p, typ, dato=dato, par=par, vgdoknr=vgdoknr or "", vitnemal=vitnemal)
    pdf, versjon = _render(p, typ, ktx)
    dok = _lagre(p, typ, bruker=bruker, status=D.UTSTEDT, dato=dato, vgdoknr=vgdoknr, nvb_dok=nvb_dok,
                 meldinger=meldinger, pdf=pdf, mal_versjon=versjon)  # fmt: skip
    hendelse(Hendelsestype.DOKUMENT_UTSTEDT, bruker=bruker, fylke_id=p.fylke_id, prove=p, kontrakt=p.kontrakt,
             tekst=_("%(type)s utstedt %(dato)s%(nr)s.") % {"type": regel.DOKUMENTNAVN.get(typ, typ), "dato": _d(dato),
                                                            "nr": f" ({vgdoknr})" if vgdoknr else ""},
             data={"dokument": dok.pk})  # fmt: skip
    return dok


@transaction.atomic
def utsted_pa_nytt(bruker, dokument: Fagdokument) -> list[Fagdokument]:
    """After the data are fixed: the stopped documents of the prøve are checked and issued again."""
    krev(bruker, "change", Prove, dokument.fylke_id)
    if dokument.status != D.STOPPET or dokument.prove_id is None:
        raise ValidationError(_("Bare dokumenter som er stoppet av kontrollen kan utstedes på nytt."))
    p = dokument.prove
    stoppede = list(Fagdokument.objects.select_for_update().filter(prove=p, status=D.STOPPET))
    Fagdokument.objects.filter(pk__in=[d.pk for d in stoppede]).delete()
    dato = timezone.localdate()
    par = parametere(p.fylke, dato, p.programomrade)
    typer = sorted(
        {d.dokumenttype for d in stoppede}, key=lambda t: (t not in NVB_TYPER, t != regel.RESULTATBREV)
    )
    ut, stoppet = [], False
    for typ in typer:
        ut.append(_utsted_en(bruker, p, typ, dato=dato, par=par, folger_stopp=stoppet))
        stoppet = stoppet or ut[-1].status == D.STOPPET and typ in NVB_TYPER
    return ut


@transaction.atomic
def annuller_dokument(
    bruker, dokument: Fagdokument, *, arsak: str, erstattet_av: Fagdokument | None = None
) -> Fagdokument:
    krev(bruker, "change", Prove, dokument.fylke_id)
    dok = Fagdokument.objects.select_for_update().get(pk=dokument.pk)
    if dok.status == D.ANNULLERT:
        return dok
    if arsak not in Fagdokument.Annulleringsarsak.values:
        raise ValidationError({"arsak": _("Ukjent årsak til annullering.")})
    dok.status = D.ANNULLERT
    dok.annullert_dato = timezone.localdate()
    dok.annulleringsarsak = arsak
    dok.annullert_av = bruker.get_full_name() or bruker.get_username() if bruker is not None else "system"
    dok.erstattet_av = erstattet_av
    dok.save()
    hendelse(Hendelsestype.DOKUMENT_ANNULLERT, bruker=bruker, fylke_id=dok.fylke_id, prove=dok.prove,
             tekst=_("%(type)s%(nr)s er annullert (%(arsak)s).%(nvb)s") % {
                 "type": regel.DOKUMENTNAVN.get(dok.dokumenttype, dok.dokumenttype),
                 "nr": f" {dok.vgdoknr}" if dok.vgdoknr else "", "arsak": dok.get_annulleringsarsak_display(),
                 "nvb": " " + _("Annulleringen sendes til NVB i neste eksport.") if dok.nvb_sendt else ""})  # fmt: skip
    return dok


def annuller_for_prove(bruker, prove: Prove, *, arsak: str, ny_utstedelse: bool = False) -> int:
    """Annuls every issued document of the prøve (stopped ones are simply removed). ``ny_utstedelse``: new documents
    follow at once (klage «endret»), so the NVB annulment is linked to its replacement at export time."""
    Fagdokument.objects.filter(prove=prove, status=D.STOPPET).delete()
    antall = 0
    for dok in Fagdokument.objects.filter(prove=prove, status=D.UTSTEDT):
        annuller_dokument(bruker, dok, arsak=arsak)
        antall += 1
    return antall


def skolear_kode(dato: datetime.date) -> str:
    return skolear_for_dato(dato).kode
