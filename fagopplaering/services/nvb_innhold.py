"""The content of a vitnemål or kompetansebevis in the NVB format, built from the registers
(docs/fagopplaering/nvb.md «Fra registrene til NVB»; docs/fagopplaering/domene.md §6, §7).

* ¤V: the county's fagopplæring unit is the issuer (orgnr, VIGO skolenr, utstedersted, underskriver are system
  parameters), the candidate's fødselsdato and personnummer are split from the fødselsnummer;
* ¤P: the candidate's Vg1 and Vg2 from the student register (the latest year at each level) and the lærefag at
  Vg3 with påstand B (bestått) — only the lærefag on a kompetansebevis;
* ¤F: every subject in the register with its grades, and the fag-/svenneprøve itself as a programfag line whose
  grade is the result (B, BM or IB, eksamensform P = praktisk);
* ¤M: VMM31 «Bestått fagopplæring <dato>» on the vitnemål of a lærling or elev (the result date).

The control engine (``fagopplaering.nvb.kontroll``) then decides whether the document may be issued.
"""

from __future__ import annotations

import dataclasses
import datetime

from fagopplaering.models import Laerefag, Prove
from fagopplaering.nvb import modell as nvb
from kodeverk.skolear import skolear_for_dato
from vigo.parametere.selectors import parameter

SYSTEMVERSJON = "vigo-fag 1"
MALFORM = {"nb": "B", "nn": "N", "se": "S"}
NIVA = {"VG1": "VG1", "VG2": "VG2", "VG3": "VG3", "VG4": "VG4", "LAER": "VG3"}


def parametere(fylke, dato: datetime.date, programomrade=None) -> dict[str, str]:
    ar = skolear_for_dato(dato).kode
    ut = {n: str(parameter(fylke, ar, f"fagopplaering.{n}")).strip()
          for n in ("utstedersted", "underskriver_navn", "underskriver_tittel")}  # fmt: skip
    ut["orgnr"] = str(parameter(fylke, ar, "fagopplaering.nvb_orgnr")).strip()
    ut["skolenr"] = str(parameter(fylke, ar, "fagopplaering.nvb_skolenr")).strip()
    ut["skolenavn"] = str(parameter(fylke, ar, "felles.avsender_navn")).strip()
    if programomrade is not None:
        lf = Laerefag.objects.filter(programomrade=programomrade).first()
        ut["tittel"] = lf.tittel if lf and lf.tittel else ""
    return ut


def avsender_for(fylke, par: dict[str, str], tid: datetime.date | datetime.datetime) -> nvb.Avsender:
    if not isinstance(tid, datetime.datetime):
        tid = datetime.datetime.combine(tid, datetime.time(12, 0))
    return nvb.Avsender(
        orgnr=par["orgnr"], skolenr=par["skolenr"], systemversjon=SYSTEMVERSJON, tid_fil_laget=tid
    )


def _termin(d: datetime.date) -> str:
    return "V" if d.month <= 7 else "H"


def _eksamen(ef) -> str:
    return ef.skriftlig or ef.muntlig or ef.annen or "-"


def nvb_dokument(p: Prove, vgdoktype: str, vgdoknr: str, dato: datetime.date, par: dict[str, str]):
    """(Dokument, {fagkode: navn}, {promrkode: navn}) for the prøve's candidate."""
    from inntak.elev.models import Elevfag, Elevforhold

    person = p.person
    fnr = person.fodselsnummer
    resultat_dato = p.resultat_dato or dato
    promr: list[nvb.Programomrade] = []
    # Orden and oppførsel from the last school year in the register (V22, V23).
    siste_ar = (Elevforhold.objects.filter(person=person).exclude(ordenskarakter="")
                .order_by("-skolear__kode").values("ordenskarakter", "oppforselskarakter").first()) or {}  # fmt: skip
    promrnavn: dict[str, str] = {}
    if vgdoktype == "VM":
        siste: dict[str, tuple] = {}
        for ef in (Elevforhold.objects.filter(person=person, programomrade__niva__in=("VG1", "VG2"))
                   .select_related("programomrade", "skolear").order_by("skolear__kode")):  # fmt: skip
            siste[ef.programomrade.niva] = (ef.programomrade, ef.skolear.kode[:4], ef)
        for niva in ("VG1", "VG2"):
            if niva in siste:
                po, ar, ef = siste[niva]
                promr.append(nvb.Programomrade(
                    promrkode=po.kode, nivaakode=niva, aarstall=str(int(ar) + 1),
                    fravaer_dager=str(ef.fravaer_dager) if ef.fravaer_dager is not None else "0",
                    fravaer_timer=str(ef.fravaer_timer) if ef.fravaer_timer is not None else "0",
                ))  # fmt: skip
                promrnavn[po.kode] = po.navn
    laerefag = p.programomrade
    # Fravær is not recorded in bedrift; NVB wants the fields when the document has standpunkt grades.
    promr.append(nvb.Programomrade(promrkode=laerefag.kode, nivaakode=NIVA.get(laerefag.niva, "VG3"),
                                   paastandkode="B" if p.resultat in ("B", "BM") else "",
                                   aarstall=str(resultat_dato.year), fravaer_dager="0", fravaer_timer="0"))  # fmt: skip
    promrnavn[laerefag.kode] = laerefag.navn
    fag: list[nvb.Fag] = []
    fagnavn: dict[str, str] = {}
    sett: set[str] = set()
    for ef in (Elevfag.objects.filter(person=person).select_related("fag__fagtype", "skolear")
               .order_by("-skolear__kode", "fag__kode")):  # fmt: skip
        ft = ef.fag.fagtype.kode if ef.fag.fagtype_id else ""
        if ef.fag.kode in sett or ft in ("orden", "oppforsel") or not (ef.standpunkt or _eksamen(ef) != "-"):
            continue
        sett.add(ef.fag.kode)
        eksamen = _eksamen(ef)
        fag.append(nvb.Fag(
            fagkode=ef.fag.kode[:10], fagtypekode="FF" if ft in ("fellesfag", "fremmedspraak") else "FP", linjenr="1",
            karakter_standpunkt=ef.standpunkt or "-", karakter_eksamen=eksamen,
            eksamensformkode=(ef.eksamensform or "S") if eksamen != "-" else "",
            omfang=str(ef.fag.arstimer or ""), terminkode=ef.termin or "V", aar=str(int(ef.skolear.kode[:4]) + 1),
            fagstatuskode="E", merknadkode=ef.fagmerknad, merknadparameter1=ef.fagmerknad_parameter,
        ))  # fmt: skip
        fagnavn[ef.fag.kode[:10]] = ef.fag.navn
    provekode = laerefag.kode[:10]
    fag.append(nvb.Fag(fagkode=provekode, fagtypekode="FP", linjenr="1", karakter_standpunkt="-",
                       karakter_eksamen=p.resultat, eksamensformkode="P", terminkode=_termin(resultat_dato),
                       aar=str(resultat_dato.year), fagstatuskode="E"))  # fmt: skip
    fagnavn[provekode] = f"{p.get_provetype_display()} i {laerefag.navn}"
    merknader = []
    if vgdoktype == "VM":
        merknader.append(nvb.Merknad(merknadnr="1", merknadkode="VMM31",
                                     parameter1=resultat_dato.strftime("%d.%m.%Y")))  # fmt: skip
    omfang = sum(int(f.omfang) for f in fag if f.omfang.isdigit())
    dok = nvb.Dokument(
        vgdoknr=vgdoknr, foerstegangsvm="J", reformkode="KL", vgdoktypekode=vgdoktype, avgangsaar=str(dato.year),
        orgnr=par["orgnr"], utstedersted=par["utstedersted"], dato_utstedt=dato, skolenavn=par["skolenavn"],
        rektornavn=par["underskriver_navn"], underskrivernavn=par["underskriver_navn"],
        foedtdato=fnr[:6], personnummer=fnr[6:], personnavn=" ".join(
            x for x in (person.fornavn, person.mellomnavn, person.etternavn) if x),
        omfang=str(omfang), orden=siste_ar.get("ordenskarakter", ""), adferd=siste_ar.get("oppforselskarakter", ""),
        maalformkode=MALFORM.get(person.malform, "B"),
        programomrader=promr, fag=fag, merknader=merknader,
    )  # fmt: skip
    return dok, fagnavn, promrnavn


def fra_json(data: dict) -> nvb.Dokument:
    """The stored ``Fagdokument.nvb`` back as a ``Dokument`` (the export writes exactly what was controlled)."""

    def rens(cls, d: dict):
        navn = {f.name for f in dataclasses.fields(cls)} - {"linje"}
        return {k: v for k, v in d.items() if k in navn}

    d = rens(nvb.Dokument, data)
    d["dato_utstedt"] = datetime.date.fromisoformat(d["dato_utstedt"]) if d.get("dato_utstedt") else None
    d["programomrader"] = [
        nvb.Programomrade(**rens(nvb.Programomrade, x)) for x in d.get("programomrader", [])
    ]
    d["fag"] = [nvb.Fag(**rens(nvb.Fag, x)) for x in d.get("fag", [])]
    d["merknader"] = [nvb.Merknad(**rens(nvb.Merknad, x)) for x in d.get("merknader", [])]
    return nvb.Dokument(**d)
