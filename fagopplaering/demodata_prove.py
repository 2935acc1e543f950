"""Prøver in the demo county (``vigo.demodata.registrer_steg``, after ``lag_fagopplaering_demodata``).

What a new user finds (docs/fagopplaering/prove.md «Demodata»), all through the services with ``bruker=None``:

* a prøvenemnd per lærefag with running contracts (leder, two members, a koordinator on the first), one member
  employed by a company that trains a candidate, so the habilitet check has something to flag;
* the scenario of the issue: a lærling registered by the company, approved, the nemnd with the conflicted member
  flagged and replaced, *ikke bestått* with tilleggsprotokoll (S1, result letter and kompetansebevis), the NVB
  export of that kompetansebevis, a klage on the grade changed to *bestått* (AB, new vitnemål and fagbrev, the
  first kompetansebevis annulled — its ¤D goes in the next NVB export, job 5A115);
* a lærling who passed with *bestått meget godt* (vitnemål with VMM31, fag- or svennebrev, result letter);
* a lærling whose vitnemål is stopped by the control (kroppsøving registered as fritatt without the FAM code in
  the student register), shown in the control report until the data are fixed;
* oppmeldinger waiting for approval (one refused by the teori check), approved, with a nemnd, planned;
* the results of the contracts that ended after a prøve before this system (history for the statistics page).

Grades for the candidates are written into the student register (Vg1 and Vg2 with fellesfag and programfag; the
programfag rows use demo subject codes «DEMO…», since the code register has no vocational subjects).
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fagopplaering.models import Kontrakt, Laerefag, Nemndmedlem, Prove, Provenemnd
from fagopplaering.regler.datoer import legg_til_maneder
from kodeverk.models import Fag, Fagstatus, Fagtype, Fylke, Programomrade, Skole, Skolear

FORNAVN = ["Kari", "Per", "Anne", "Ole", "Ingrid", "Lars", "Marit", "Tor", "Hilde", "Geir"]
ETTERNAVN = ["Aune", "Berg", "Dahl", "Haugen", "Lund", "Moen", "Nygård", "Rønning", "Solberg", "Vik"]
SVENNEBREV = ("tømrer", "murer", "frisør", "baker", "maler", "snekker", "rørlegger", "blikkenslager")


def lag_prove_demodata(fylke: Fylke, rng: random.Random, ut: Callable[[str], None]) -> None:
    if Provenemnd.objects.filter(fylke=fylke).exists():
        ut(f"{fylke.navn} har allerede prøvenemnder; hopper over prøvene.")
        return
    idag = timezone.localdate()
    kontrakter = list(
        Kontrakt.objects.filter(fylke=fylke).select_related("programomrade", "bedrift", "person")
    )
    if not kontrakter:
        ut("Prøver: ingen kontrakter i fylket; hopper over.")
        return
    _brevtyper({k.programomrade for k in kontrakter})
    ut(_parametere(fylke, idag))
    nemnder = _nemnder(fylke, rng, kontrakter, idag)
    ut(
        f"Prøver: {len(nemnder)} prøvenemnder med {Nemndmedlem.objects.filter(nemnd__fylke=fylke).count()} medlemmer."
    )
    historikk = _historikk(kontrakter)
    ut(f"Prøver: {historikk} resultater fra før systemet (kontrakter avsluttet med AB).")
    kandidater = sorted((k for k in kontrakter if k.status == "godkjent" and k.laeretid_til >= idag - datetime.timedelta(days=30)
                         and k.kontraktstype.kandidattype == "laerling"),
                        key=lambda k: (k.laeretid_til, k.pk))  # fmt: skip
    if len(kandidater) < 6:
        ut("Prøver: for få løpende lærlinger til scenarioet; hopper over.")
        return
    try:
        tekst = _scenario(fylke, rng, kandidater, nemnder, idag)
    except ValidationError as feil:
        tekst = "Prøver: scenarioet stoppet: " + "; ".join(feil.messages)
    ut(tekst)


# The demo county's signatory and rates (a fictional name; the Hordaland fees from docs/fagopplaering/domene.md §1.3).
DEMOPARAMETERE = {"fagopplaering.underskriver_navn": "Berit Fagerli", "fagopplaering.utstedersted": "Steinkjer",
                  "fagopplaering.honorar_leiar": "2000", "fagopplaering.honorar_medlem": "1500",
                  "fagopplaering.honorar_koordinator": "100"}  # fmt: skip


def _parametere(fylke, idag) -> str:
    from vigo.models import Bruker
    from vigo.parametere.services import sett_parametere

    bruker = Bruker.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if bruker is None:
        return "Prøver: ingen systemadministrator å sette underskriver og honorarsatser med."
    ar = [a for a in Skolear.objects.order_by("kode") if idag.year - 1 <= a.startdato.year <= idag.year + 1]
    for skolear in ar:
        sett_parametere(fylke, skolear, DEMOPARAMETERE, bruker)
    return f"Prøver: underskriver, utstedersted og honorarsatser satt for {', '.join(a.kode for a in ar)}."


def _brevtyper(laerefag) -> None:
    for p in laerefag:
        if any(o in p.navn.lower() for o in SVENNEBREV):
            Laerefag.objects.get_or_create(programomrade=p, defaults={"brevtype": "S"})


def _ny_person(fylke, rng, brukt: set[str], alder: int):
    from vigo.demodata import lag_fodselsnummer
    from vigo.services import opprett_person

    fodt = datetime.date(timezone.localdate().year - alder, rng.randint(1, 12), rng.randint(1, 28))
    return opprett_person(fodselsnummer=lag_fodselsnummer(rng, fodt, brukt), fylke=fylke,
                          fornavn=rng.choice(FORNAVN), etternavn=rng.choice(ETTERNAVN))  # fmt: skip


def _nemnder(fylke, rng, kontrakter, idag) -> dict[int, Provenemnd]:
    from fagopplaering.regler.provenemnd import periode_for
    from fagopplaering.services import provenemnd as tj

    brukt: set[str] = set()
    fra, _til = periode_for(idag.year)
    start = datetime.date(fra, 1, 1)
    ut: dict[int, Provenemnd] = {}
    laerefag = sorted({k.programomrade for k in kontrakter}, key=lambda p: p.navn)
    for i, fag in enumerate(laerefag):
        n = tj.opprett_nemnd(
            None, fylke=fylke, navn=f"Prøvenemnd {fag.navn.lower()}", laerefag=[fag], periode_fra=fra
        )
        roller = [("leiar", "arbeidstaker"), ("medlem", "arbeidsgiver"), ("medlem", "arbeidstaker")]
        if i == 0:
            roller.append(("koordinator", "annet"))
        for rolle, side in roller:
            tj.oppnevn_medlem(None, n, person=_ny_person(fylke, rng, brukt, rng.randint(35, 60)), rolle=rolle,
                              representerer=side, fagbrev=fag.navn, ar_praksis=rng.randint(6, 30),
                              oppnevnt_dato=start, fra=start, kontonummer=f"1234{rng.randint(1000000, 9999999)}")  # fmt: skip
        ut[fag.pk] = n
    return ut


def _historikk(kontrakter) -> int:
    """Contracts ended with AB before this system: one passed prøve each (every third after a failed first
    attempt), written as history (no documents)."""
    rader = []
    for k in kontrakter:
        if (
            k.status == "avsluttet"
            and k.avslutningskode_id
            and k.avslutningskode.kode == "AB"
            and k.avsluttet_dato
        ):
            d = k.avsluttet_dato
            rader.append(Prove(fylke_id=k.fylke_id, person_id=k.person_id, kontrakt=k, kandidattype="laerling",
                               provetype="fag", programomrade_id=k.programomrade_id, oppmeldt_av="bedrift",
                               oppmelder_bedrift_id=k.bedrift_id, oppmeldt_dato=legg_til_maneder(d, -3),
                               status="vurdert", teori_ok=True, godkjent_dato=legg_til_maneder(d, -2),
                               resultat="BM" if k.pk % 4 == 0 else "B", resultat_dato=d, resultatbrev_dato=d,
                               fra_dato=d - datetime.timedelta(days=2), til_dato=d, protokoll=f"HIST-{k.pk}"))  # fmt: skip
            if k.pk % 3 == 0:
                # About one in three passed at the second attempt: the first, failed prøve two months earlier
                # (so the statistics page shows a real bestått share, SSB counts every prøve).
                f = legg_til_maneder(d, -2)
                rader.append(Prove(fylke_id=k.fylke_id, person_id=k.person_id, kontrakt=k, kandidattype="laerling",
                                   provetype="fag", programomrade_id=k.programomrade_id, oppmeldt_av="bedrift",
                                   oppmelder_bedrift_id=k.bedrift_id, oppmeldt_dato=legg_til_maneder(f, -3),
                                   status="vurdert", teori_ok=True, godkjent_dato=legg_til_maneder(f, -2),
                                   resultat="IB", resultat_dato=f, resultatbrev_dato=f, forsok_nr=1,
                                   tilleggsprotokoll="Historisk: ikke bestått ved første forsøk.",
                                   fra_dato=f - datetime.timedelta(days=2), til_dato=f, protokoll=f"HIST-{k.pk}-1"))  # fmt: skip
                rader[-2].forsok_nr = 2
    Prove.objects.bulk_create(rader)
    return len(rader)


def _karakterer(
    person, fylke, fag: Programomrade, idag, *, fritatt_uten_fam: bool = False, svak: bool = False
) -> None:
    """Vg1 and Vg2 of the lærefag's programme, two and three years before today, with grades."""
    from inntak.elev.models import Elevfag, Elevforhold

    skole = Skole.objects.filter(fylke=fylke, aktiv=True, privat=False).order_by("skolenummer").first()
    fs = Fagstatus.objects.filter(kode="E").first() or Fagstatus.objects.create(kode="E", navn="Elev")
    programfag = Fagtype.objects.get_or_create(kode="programfag", defaults={"navn": "Programfag"})[0]
    for n, niva in ((3, "VG1"), (2, "VG2")):
        start = idag.year - n if idag.month >= 8 else idag.year - n - 1
        ar = Skolear.objects.get_or_create(kode=f"{start}-{start + 1}", defaults={
            "startdato": datetime.date(start, 8, 1), "sluttdato": datetime.date(start + 1, 7, 31)})[0]  # fmt: skip
        po = (Programomrade.objects.filter(niva=niva, utdanningsprogram_id=fag.utdanningsprogram_id).order_by("kode")
              .first())  # fmt: skip
        if po is None or skole is None:
            return
        ek = Elevforhold.objects.create(person=person, skole=skole, programomrade=po, skolear=ar,
                                        startdato=ar.startdato, fravaer_dager=3, fravaer_timer=7,
                                        ordenskarakter="G", oppforselskarakter="G")  # fmt: skip
        felles = ["ENG1009", "NAT1007"] if niva == "VG1" else ["SAK1001", "KRO1005"]
        # «Fritatt» (F) needs a FAM code on the vitnemål; without it the NVB control stops the document.
        rader = [(f, "F" if fritatt_uten_fam and f == "KRO1005" else "4") for f in felles
                 if Fag.objects.filter(kode=f).exists()]  # fmt: skip
        if fritatt_uten_fam and niva == "VG2" and not any(k == "F" for _f, k in rader):
            fellesfag = Fagtype.objects.get_or_create(kode="fellesfag", defaults={"navn": "Fellesfag"})[0]
            Fag.objects.get_or_create(
                kode="KRO1005", defaults={"navn": "Kroppsøving Vg2", "fagtype": fellesfag}
            )
            rader.append(("KRO1005", "F"))
        kode = f"DEMO{niva[-1]}{fag.utdanningsprogram_id or 0:02d}"[:10]
        Fag.objects.get_or_create(kode=kode, defaults={"navn": f"Programfag {niva} {fag.navn.lower()} (demo)",
                                                       "fagtype": programfag, "arstimer": 477})  # fmt: skip
        rader.append((kode, "1" if svak and niva == "VG2" else "5"))
        for fkode, kar in rader:
            Elevfag.objects.create(person=person, skole=skole, skolear=ar, fag=Fag.objects.get(kode=fkode),
                                   fagstatus=fs, elevkurs=ek, standpunkt=kar, termin="V")  # fmt: skip


@transaction.atomic
def _scenario(fylke, rng, kandidater, nemnder, idag) -> str:
    from fagopplaering.services import klage as klagetj
    from fagopplaering.services import nvb as nvbtj
    from fagopplaering.services import prove as tj
    from fagopplaering.services import provenemnd as nemndtj

    def oppmeld(k, dato):
        return tj.meld_opp(None, person=k.person, kandidattype="laerling", programomrade=k.programomrade,
                           fylke=fylke, oppmeldt_av="bedrift", kontrakt=k, dato=dato)  # fmt: skip

    def gjennomfor(k, resultat, tillegg=""):
        n = nemnder[k.programomrade_id]
        fra = max(legg_til_maneder(k.laeretid_til, -3), idag - datetime.timedelta(days=40))
        p = oppmeld(k, fra - datetime.timedelta(days=30))
        p = tj.godkjenn_oppmelding(None, p, dato=fra - datetime.timedelta(days=25))
        p = tj.tildel_nemnd(None, p, nemnd=n, dato=idag)
        if p.habilitet:
            return p
        p = tj.planlegg(None, p, fra=fra, til=fra + datetime.timedelta(days=1))
        return tj.registrer_resultat(None, p, resultat=resultat, dato=fra + datetime.timedelta(days=1),
                                     protokoll=f"PROT-{idag.year}-{p.pk}", tilleggsprotokoll=tillegg)  # fmt: skip

    a, b, c, *resten = kandidater
    for k in (a, b, c, *resten[:6]):
        _karakterer(k.person, fylke, k.programomrade, idag, fritatt_uten_fam=k is c, svak=k is resten[0])
    # A: the nemnd member employed by A's company is flagged; the county replaces the member and assigns again.
    n = nemnder[a.programomrade_id]
    konflikt = n.medlemmer.filter(rolle="medlem").order_by("pk").first()
    konflikt.arbeidsgiver = a.bedrift
    konflikt.save(update_fields=["arbeidsgiver"])
    p = gjennomfor(a, "IB")
    assert p.habilitet, "the conflicted member should be flagged"
    nemndtj.avslutt_verv(None, konflikt, til=idag - datetime.timedelta(days=1))
    nemndtj.oppnevn_medlem(None, n, person=_ny_person(fylke, rng, set(), 48), rolle="medlem",
                           representerer="arbeidsgiver", fagbrev=a.programomrade.navn, ar_praksis=20,
                           oppnevnt_dato=idag, fra=idag)  # fmt: skip
    p = tj.tildel_nemnd(None, p, nemnd=n, dato=idag)
    fra = max(legg_til_maneder(a.laeretid_til, -3), idag - datetime.timedelta(days=40))
    p = tj.planlegg(None, p, fra=fra, til=fra + datetime.timedelta(days=1))
    p = tj.registrer_resultat(None, p, resultat="IB", dato=fra + datetime.timedelta(days=1), protokoll="PROT-A",
                              tilleggsprotokoll="Planleggingen og dokumentasjonen av arbeidet holdt ikke mål; "
                                                "sikkerhetskontrollen før spenningssetting manglet.")  # fmt: skip
    p.refresh_from_db()
    forste = nvbtj.eksporter(fylke)
    klage = klagetj.registrer_klage(None, p, mottatt=min(idag, p.resultatbrev_dato + datetime.timedelta(days=10)),
                                    type="karakter", begrunnelse="Nemnda la ikke vekt på egenvurderingen.")  # fmt: skip
    klagetj.avgjor_klage(None, klage, utfall="endret", nytt_resultat="B", vedtak_dato=idag,
                         begrunnelse="Klagenemnda finner at prøven samlet sett er bestått.")  # fmt: skip
    # B passes with distinction; C's vitnemål is stopped (kroppsøving «fritatt» without its FAM code).
    gjennomfor(b, "BM")
    gjennomfor(c, "B")
    # Oppmeldinger in every state for the list: waiting (one refused by teori), approved, with nemnd, planned.
    tilstander = ["oppmeldt", "oppmeldt", "godkjent", "tildelt", "planlagt"]
    for k, tilstand in zip(resten, tilstander, strict=False):
        try:
            p = oppmeld(k, idag - datetime.timedelta(days=rng.randint(1, 20)))
            if tilstand == "oppmeldt":
                continue
            p = tj.godkjenn_oppmelding(None, p, dato=idag)
            if tilstand == "godkjent":
                continue
            p = tj.tildel_nemnd(None, p, nemnd=nemnder[k.programomrade_id], dato=idag)
            if tilstand == "planlagt" and not p.habilitet:
                dag = max(legg_til_maneder(k.laeretid_til, -3), idag) + datetime.timedelta(days=14)
                tj.planlegg(None, p, fra=dag, til=dag + datetime.timedelta(days=1))
        except ValidationError:
            continue
    return (
        f"Prøver: én lærling ikke bestått → klage → bestått (kontrakt {a.pk}, NVB-fil med {forste.dokumenter} "
        f"dokument), én bestått meget godt (kontrakt {b.pk}), én med vitnemål stoppet av kontrollen (kontrakt "
        f"{c.pk}) og "
        f"{Prove.objects.filter(fylke=fylke).exclude(status='vurdert').count()} oppmeldinger under behandling."
    )
