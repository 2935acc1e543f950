"""Job types of oppfølgingstjenesten (docs/elev.md «Oppfølgingstjenesten»).

* 6A015 «Utlasting til OT»: one of four extracts (``utvalg``) is reported to the county's OT (``meld_til_ot``) and
  written as a CSV file in the shape of VIGO's public OT read API (elev-og-eksport §5.2).
* 6I015 «Import av OT-status»: the status file from VIGO OT (fnr;status;dato;enhet), all or nothing. Started from
  the upload page ``elev:ot_import``, which stores the file privately and passes its storage name.

Order (årshjul): the routine «Overføring av sluttet til OT» makes 5A018 → 5A019 → 6A015, and «Overføring fra søker
til elev og videre til OT» makes 5A001 → 6A015 (``arshjul.rutiner`` feeds ``vigo.jobber.rekkefolge``). The check is
per job code, so it is made for every ``utvalg`` when the run starts (``start_kjoring``); for the sluttere it is what
the routine asks. For the other extracts the caseworker may override with a reason, as for any routine.
"""

from __future__ import annotations

import csv
import datetime
import io
import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from inntak.elev.models import Elevforhold, OtUngdom, Rett
from inntak.elev.services.ot import Importfeil, importer_otstatus, meld_til_ot
from inntak.models import Onske, Soknad, SoknadStatus, Svar
from inntak.models.inntakskjoring import UTE
from kodeverk.niva import Niva
from kodeverk.skolear import neste_inntaksar, skolear_for_dato
from vigo.jobber import jobbtype
from vigo.revisjon import logg_innsyn

OMRADE = "Elevdatabasen"
A = OtUngdom.Arsak


class Utvalg:
    TAKKET_NEI = "takket_nei"
    SLUTTERE = "sluttere"
    IKKE_STARTET = "ikke_startet"
    IKKE_SOKERE = "ikke_sokere"
    VALG = [
        (TAKKET_NEI, _("Søkere som har takket nei eller ikke svarte")),
        (SLUTTERE, _("Sluttere (avbrudd i perioden)")),
        (IKKE_STARTET, _("Ikke startet etter formidling")),
        (IKKE_SOKERE, _("Ikke-søkere med rett")),
    ]
    ARSAK = {
        TAKKET_NEI: A.TAKKET_NEI,
        SLUTTERE: A.SLUTTER,
        IKKE_STARTET: A.IKKE_STARTET,
        IKKE_SOKERE: A.IKKE_SOKER,
    }


def forrige_maned(idag: datetime.date) -> tuple[datetime.date, datetime.date]:
    forste = idag.replace(day=1)
    slutt = forste - datetime.timedelta(days=1)
    return slutt.replace(day=1), slutt


class UtlastingSkjema(forms.Form):
    utvalg = forms.ChoiceField(label=_("Utvalg"), choices=Utvalg.VALG)
    uten_laerlinger = forms.BooleanField(
        label=_("Kjør uten lærlinger"), required=False,
        help_text=_("Bare for «takket nei»: søkere som har søkt læreplass, tas ikke med (følges opp av "
                    "fagopplæringen)."),
    )  # fmt: skip
    skolear = forms.RegexField(
        label=_("Skoleår"), regex=r"^\d{4}-\d{4}$", required=False,
        help_text=_("Inntaksåret utvalget gjelder, f.eks. 2026-2027. Tomt: inneværende skoleår (ikke-søkere: "
                    "neste)."),
    )  # fmt: skip
    fra = forms.DateField(
        label=_("Avbrudd fra"), required=False, help_text=_("Sluttere. Tomt: forrige måned.")
    )
    til = forms.DateField(label=_("Avbrudd til"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("fra") and data.get("til") and data["fra"] > data["til"]:
            raise ValidationError(gettext("«Avbrudd fra» må være før «Avbrudd til»."))
        return data


# --- The four populations: (person id, elevkurs id or None), ids only, never ORM objects ---------------------------
def _i_opplaering(skolear_kode: str):
    """An elevkurs in the school year that is not broken off: the person is in training."""
    return Elevforhold.objects.filter(
        person_id=OuterRef("person_id"), skolear__kode=skolear_kode, avbruddsdato__isnull=True
    )


def takket_nei(fylke, skolear_kode: str, uten_laerlinger: bool) -> dict[int, int | None]:
    """Søkere who answered «nei» to a published (not simulated) round, or lost the place for not answering
    (1I002 sets «svarfrist oversittet»), and are not in training now."""
    qs = (
        Svar.objects.filter(
            inntakskjoring__fylke=fylke,
            inntakskjoring__skolear__kode=skolear_kode,
            inntakskjoring__simulering=False,
            svar__in=UTE,
        )  # fmt: skip
        .annotate(person_id=F("soknad__person_id"))
        .exclude(Exists(_i_opplaering(skolear_kode)))
    )
    if uten_laerlinger:
        # «Kjør uten lærlinger (gruppe 2-5)»: who wished a læreplass is followed up by fagopplæringen.
        laerling = Onske.objects.filter(
            soknad_id=OuterRef("soknad_id"), tilbud__programomrade__niva=Niva.LAERE
        )
        qs = qs.exclude(Exists(laerling))
    return dict.fromkeys(qs.values_list("person_id", flat=True).distinct())


def sluttere(fylke, fra: datetime.date, til: datetime.date) -> dict[int, int | None]:
    """Elevkurs at the county's schools broken off in [fra, til], unless the person started again after it."""
    startet_igjen = Elevforhold.objects.filter(
        person_id=OuterRef("person_id"), startdato__gt=OuterRef("avbruddsdato"), avbruddsdato__isnull=True
    )
    rader = (
        Elevforhold.objects.filter(skole__fylke=fylke, avbruddsdato__range=(fra, til))
        .exclude(Exists(startet_igjen))
        .order_by("person_id", "avbruddsdato", "pk")
        .values_list("person_id", "pk")
    )
    return dict(rader.iterator(chunk_size=5000))  # the last avbrudd of each person wins


def ikke_startet(fylke, skolear_kode: str) -> dict[int, int | None]:
    """Søkere of the year with wishes (an offer or a waitlist after formidling) who have no elevkurs that year."""
    rader = (
        Soknad.objects.filter(fylke=fylke, skolear__kode=skolear_kode)
        .exclude(status=SoknadStatus.TRUKKET)
        .filter(Exists(Onske.objects.filter(soknad_id=OuterRef("pk"))))
        .exclude(
            Exists(Elevforhold.objects.filter(person_id=OuterRef("person_id"), skolear__kode=skolear_kode))
        )
        .values_list("person_id", flat=True)
        .distinct()
    )
    return dict.fromkeys(rader)


def ikke_sokere(fylke, skolear_kode: str, frist: datetime.date) -> dict[int, int | None]:
    """Persons with rett who did not apply for ``skolear_kode`` by ``frist``: pupils of the county in the year
    before (not in their last level, Vg3 or læretid) or søkere of the year before, without a søknad to the county
    registered by the deadline, and without a computed right that is used up (5A019: no years left)."""
    forrige = f"{int(skolear_kode[:4]) - 1}-{skolear_kode[:4]}"
    siste_niva = (Niva.VG3, Niva.VG4, Niva.LAERE)
    elever = Elevforhold.objects.filter(skole__fylke=fylke, skolear__kode=forrige).exclude(
        Q(programomrade__niva__in=siste_niva) & Q(avbruddsdato__isnull=True)
    )
    sokere = Soknad.objects.filter(fylke=fylke, skolear__kode=forrige)
    frist_slutt = timezone.make_aware(
        datetime.datetime.combine(frist + datetime.timedelta(days=1), datetime.time())
    )
    # A søknad 5A006 prefilled and nobody sent (status «preutfylt») is no application.
    sokte = Soknad.objects.filter(person_id=OuterRef("person_id"), skolear__kode=skolear_kode,
                                  registrert__lt=frist_slutt).exclude(status="preutfylt")  # fmt: skip
    brukt_opp = Rett.objects.filter(person_id=OuterRef("person_id"), skolear__kode__in=(forrige, skolear_kode),
                                    ar_igjen=0)  # fmt: skip
    ider: dict[int, int | None] = {}
    for qs in (elever, sokere):
        for pid in (
            qs.exclude(Exists(sokte))
            .exclude(Exists(brukt_opp))
            .values_list("person_id", flat=True)
            .distinct()
        ):
            ider.setdefault(pid, None)
    return ider


# --- The file ---------------------------------------------------------------------------------------------------
KOLONNER = ["fnr", "fornavn", "etternavn", "fdato", "epost", "mobilnr", "tilknytningnr", "tilknytningnavn",
            "aktivitetskode", "promrkode", "promrnavn", "start", "slutt"]  # fmt: skip

_FIL_SQL = """
SELECT p.fodselsnummer, trim(p.fornavn || ' ' || p.mellomnavn), p.etternavn, p.fodselsdato, p.epost, p.mobil,
       e.kode, e.navn, s.kode, po.kode, po.navn, ek.startdato, ek.avbruddsdato
FROM unnest(%(personer)s::bigint[], %(elevkurs)s::bigint[]) AS t(person_id, elevkurs_id)
JOIN elev_otungdom o ON o.person_id = t.person_id AND o.fylke_id = %(fylke)s AND o.aktiv
JOIN vigo_person p ON p.id = o.person_id
JOIN elev_otstatus s ON s.id = o.status_id
LEFT JOIN elev_otenhet e ON e.id = o.otenhet_id
LEFT JOIN elev_elevforhold ek ON ek.id = COALESCE(t.elevkurs_id, o.elevkurs_id)
LEFT JOIN kodeverk_programomrade po ON po.id = ek.programomrade_id
ORDER BY p.etternavn, p.fornavn, p.id
"""


def _dato(d) -> str:
    return d.isoformat() if d else ""


def skriv_fil(fylke, populasjon: dict[int, int | None]) -> tuple[bytes, int]:
    """The population's youth with an active OT row in the county, as CSV (semicolon, UTF-8 with BOM, for Excel).
    Read with a server-side cursor in chunks."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(KOLONNER)
    antall = 0
    personer = list(populasjon)
    with connection.cursor() as cur:
        cur.execute(_FIL_SQL, {"personer": personer, "elevkurs": [populasjon[p] for p in personer],
                               "fylke": fylke.pk})  # fmt: skip
        while rader := cur.fetchmany(2000):
            for r in rader:
                w.writerow([*r[:3], _dato(r[3]), *r[4:11], _dato(r[11]), _dato(r[12])])
                antall += 1
    return ("\ufeff" + buf.getvalue()).encode("utf-8"), antall


def _skolear(parametere: dict, standard) -> str:
    return parametere.get("skolear") or standard.kode


@jobbtype(
    "6A015",
    "Utlasting til OT",
    tillatelse="elev.add_otungdom",
    skjema=UtlastingSkjema,
    omrade=OMRADE,
    personopplysninger=True,
    beskrivelse=(
        "Melder et utvalg til oppfølgingstjenesten (OTUK for nye) og lager en CSV-fil i formatet til VIGO OT: "
        "søkere som takket nei (fra ca. 11. september), sluttere (månedlig, etter 5A018 og 5A019), ikke startet "
        "etter formidling (ca. 2. november) og ikke-søkere med rett (ca. 15. mars)."
    ),
    resultat_tekst={
        "utvalg": _("Utvalg"),
        "populasjon": _("Personer i utvalget"),
        "meldt": _("Nye eller gjenåpnede i OT"),
        "i_filen": _("Personer i filen"),
        "fra": _("Avbrudd fra"),
        "til": _("Avbrudd til"),
        "skolear": _("Skoleår"),
    },
)
def utlasting_til_ot(ktx) -> dict:
    p = ktx.parametere
    utvalg = p["utvalg"]
    idag = timezone.localdate()
    resultat: dict = {"utvalg": utvalg}
    ktx.fremdrift(0, 3, "Finner utvalget", tving=True)
    dato = idag
    if utvalg == Utvalg.TAKKET_NEI:
        resultat["skolear"] = _skolear(p, skolear_for_dato(idag))
        pop = takket_nei(ktx.fylke, resultat["skolear"], bool(p.get("uten_laerlinger")))
    elif utvalg == Utvalg.SLUTTERE:
        fra, til = forrige_maned(idag)
        fra = datetime.date.fromisoformat(p["fra"]) if p.get("fra") else fra
        til = datetime.date.fromisoformat(p["til"]) if p.get("til") else til
        resultat.update(fra=fra.isoformat(), til=til.isoformat())
        pop, dato = sluttere(ktx.fylke, fra, til), min(til, idag)
    elif utvalg == Utvalg.IKKE_STARTET:
        resultat["skolear"] = _skolear(p, skolear_for_dato(idag))
        pop = ikke_startet(ktx.fylke, resultat["skolear"])
    else:
        from vigo.parametere.selectors import parameter

        resultat["skolear"] = _skolear(p, neste_inntaksar(idag))
        frist = parameter(ktx.fylke, resultat["skolear"], "inntak.soknadsfrist")
        pop = ikke_sokere(ktx.fylke, resultat["skolear"], frist)
    resultat["populasjon"] = len(pop)
    ktx.fremdrift(1, 3, "Melder til OT", tving=True)
    kj = ktx.kjoring
    resultat["meldt"] = meld_til_ot(fylke=ktx.fylke, person_ids=list(pop), arsak=Utvalg.ARSAK[utvalg], dato=dato,
                                    kjoring=kj, elevkurs_ids=pop)  # fmt: skip
    ktx.fremdrift(2, 3, "Skriver filen", tving=True)
    innhold, antall = skriv_fil(ktx.fylke, pop)
    resultat["i_filen"] = antall
    ktx.lagre_fil(f"ot_{utvalg}_{ktx.fylke.nummer}_{idag:%Y%m%d}.csv", innhold, "text/csv; charset=utf-8")
    logg_innsyn("eksport", f"Kjøring 6A015 (utlasting til OT, {utvalg})", bruker=ktx.bruker, antall=antall,
                fylke=ktx.fylke)  # fmt: skip
    ktx.logg(
        f"{resultat['populasjon']} i utvalget, {resultat['meldt']} nye eller gjenåpnede, {antall} i filen."
    )
    ktx.fremdrift(3, 3, "Ferdig", tving=True)
    return resultat


# --- 6I015 ------------------------------------------------------------------------------------------------------
IMPORTMAPPE = "ot/import"
_STI = re.compile(r"^ot/import/(\d{2})/[0-9a-f]{32}\.csv$")


def importsti(fylke, navn: str) -> str:
    return f"{IMPORTMAPPE}/{fylke.nummer}/{navn}.csv"


class ImportSkjema(forms.Form):
    fil = forms.CharField(label=_("Lagret fil"), max_length=200,
                          help_text=_("Lastes opp på siden «Import av OT-status»."))  # fmt: skip


@jobbtype(
    "6I015",
    "Import av OT-status",
    tillatelse="elev.change_otungdom",
    skjema=ImportSkjema,
    omrade=OMRADE,
    personopplysninger=True,
    startside="elev:ot_import",
    beskrivelse=(
        "Leser OT-status fra VIGO OT (fnr;status;dato;enhet) inn på fylkets ungdommer. Alt eller ingenting: "
        "er én rad feil, lagres ingenting, og alle feil rader nevnes."
    ),
    resultat_tekst={
        "rader": _("Rader i filen"),
        "nye": _("Nye i OT"),
        "endret": _("Endret"),
        "uendret": _("Uendret"),
        "feil": _("Feil rader"),
    },
)
def import_otstatus(ktx) -> dict:
    sti = ktx.parametere["fil"]
    treff = _STI.match(sti)
    # The path is a parameter: only a file the upload page stored for this county may be read.
    if not treff or treff.group(1) != ktx.fylke.nummer or not default_storage.exists(sti):
        raise ValidationError(gettext("Fant ikke den opplastede filen. Last den opp på nytt."))
    with default_storage.open(sti, "rb") as f:
        innhold = f.read()
    ktx.lagre_fil(f"ot_status_{ktx.fylke.nummer}.csv", innhold, "text/csv; charset=utf-8")
    default_storage.delete(sti)  # kept as the run's file from here on
    try:
        resultat = importer_otstatus(ktx.fylke, innhold, kjoring=ktx.kjoring)
    except Importfeil as feil:
        for rad in feil.rader[:1000]:
            ktx.logg(str(rad), "feil")
        raise ValidationError(
            gettext("Ingenting er importert: %(n)s rader har feil (se loggen).") % {"n": len(feil.rader)}
        ) from None
    ktx.logg(f"{resultat['rader']} rader lest: {resultat['nye']} nye, {resultat['endret']} endret.")
    return {**resultat, "feil": 0}
