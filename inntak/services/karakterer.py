"""Grades: validation against the Fag register and ``inntak.regler``, replace-a-batch, and file import.

Why one validation function: the file import, the REST API and manual registration must accept and reject
exactly the same rows, and with the same Norwegian messages as the points calculator (``inntak.regler``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from inntak.models import Karakter, Karakterkilde, Saksbehandlingslogg, Soknad, Trinn
from inntak.models.karakter import REGELFAGTYPER, Fagtype
from inntak.regler import Karakter as RegelKarakter
from inntak.regler import Valideringsfeil
from inntak.regler.karakterer import ORDENSKARAKTERER, TALLKARAKTERER, bestem_fagtype
from kodeverk.models import Fag, Skolear
from vigo.fodselsnummer import feilmelding
from vigo.models import Person
from vigo.scoping import avgrens
from vigo.services import endrbare_personer


class KarakterFeil(ValidationError):
    """One or more rows are invalid. ``rader`` = [(radnummer, melding), …], 1-based."""

    def __init__(self, rader: list[tuple[int, str]]):
        self.rader = rader
        super().__init__([_("Rad %(nr)d: %(melding)s") % {"nr": nr, "melding": m} for nr, m in rader])


@dataclass(frozen=True)
class Faginfo:
    fagtype: str
    grunnskole: bool


def fagregister(koder: Iterable[str]) -> dict[str, Faginfo]:
    """Fag code → (fagtype code, grunnskole flag) for the codes that exist in kodeverk.Fag."""
    rader = Fag.objects.filter(kode__in={str(k).strip().upper() for k in koder}).values_list(
        "kode", "fagtype__kode", "grunnskole"
    )
    return {kode: Faginfo(fagtype or "", grunnskole) for kode, fagtype, grunnskole in rader}


def _verdi(rad: Mapping | RegelKarakter, navn: str, standard=None):
    if isinstance(rad, RegelKarakter):
        return getattr(rad, navn)
    verdi = rad.get(navn, standard)
    return standard if verdi in (None, "") else verdi


def _bool(verdi) -> bool:
    if isinstance(verdi, bool):
        return verdi
    return str(verdi or "").strip().lower() in ("1", "true", "ja", "j", "x", "yes")


def valider_rad(rad: Mapping | RegelKarakter, trinn: str, fag: Mapping[str, Faginfo]) -> dict:
    """Validate one grade row; returns the normalised model fields or raises ``ValidationError`` (Norwegian)."""
    trinn = (trinn or Trinn.GS).strip().upper()
    if trinn not in Trinn.values:
        raise ValidationError(_("Ugyldig trinn «%(t)s». Gyldige verdier: GS, VG1, VG2.") % {"t": trinn})
    kode = str(_verdi(rad, "fag", "")).strip().upper()
    info = fag.get(kode)
    if info is None:
        raise ValidationError(_("Ukjent fagkode «%(kode)s» (finnes ikke i fagregisteret).") % {"kode": kode})
    fagtype = str(_verdi(rad, "fagtype", "") or info.fagtype).strip().lower()
    if fagtype not in Fagtype.values:
        raise ValidationError(_("Ugyldig fagtype «%(f)s».") % {"f": fagtype})
    try:
        k = RegelKarakter(
            fag=kode,
            vurdering=_verdi(rad, "vurdering", ""),
            karakter=_verdi(rad, "karakter", ""),
            fagtype=fagtype if fagtype in REGELFAGTYPER else None,
            dokumentert_fravaer=_bool(_verdi(rad, "dokumentert_fravaer", False)),
            trinn=None if trinn == Trinn.GS else trinn,
        )
        bestem_fagtype(k)
    except Valideringsfeil as feil:
        raise ValidationError(feil.melding) from None
    ordensfag = fagtype in ("orden", "oppforsel")
    if k.karakter in ORDENSKARAKTERER and not ordensfag:
        raise ValidationError(
            _("«%(k)s» hører til skalaen for orden og oppførsel og kan ikke gis i %(fag)s.")
            % {"k": k.karakter, "fag": kode}
        )
    if ordensfag and (k.karakter not in ORDENSKARAKTERER or k.vurdering != "standpunkt"):
        raise ValidationError(
            _("%(fag)s er orden/oppførsel: bare standpunkt med G, NG eller LG er gyldig.") % {"fag": kode}
        )
    if trinn == Trinn.GS:
        if not info.grunnskole:
            raise ValidationError(_("%(fag)s er ikke et grunnskolefag.") % {"fag": kode})
        if k.vurdering == "halvar":
            raise ValidationError(_("Halvårsvurdering finnes ikke på grunnskolens vitnemål."))
    elif info.grunnskole:
        raise ValidationError(
            _("%(fag)s er et grunnskolefag og kan ikke ha trinn %(t)s.") % {"fag": kode, "t": trinn}
        )
    if k.karakter in TALLKARAKTERER and fagtype in ("orden", "oppforsel"):
        raise ValidationError(_("Orden og oppførsel har ikke tallkarakter."))
    privatist = _bool(_verdi(rad, "privatist", False))
    if privatist and trinn == Trinn.GS:
        raise ValidationError(_("Privatistresultat føres bare for vgs-karakterer (trinn VG1 eller VG2)."))
    return {
        "trinn": trinn,
        "fag_id": kode,
        "vurdering": k.vurdering,
        "karakter": k.karakter,
        "dokumentert_fravaer": k.dokumentert_fravaer,
        "fagtype": fagtype,
        "privatist": privatist,
    }


@transaction.atomic
def erstatt_mange(
    karakterer: Mapping[int, Sequence[dict]],
    *,
    trinn: str,
    fylke_id: int | None,
    kilde: str,
    skolear=None,
    bruker=None,
) -> int:
    """Replace the ``trinn`` grades of every person in ``karakterer`` (person id → validated rows), set-wise.

    One DELETE and one INSERT for all persons, history rows ("-" and "+") written directly, one
    saksbehandlingslogg row per søknad and one points recomputation for all their søknader: 10 000 grades
    from the REST API in one request must stay well under 3 s. Returns the number of grades stored.
    """
    from inntak.poeng_sql import beregn_poeng_for_soknader
    from vigo.bulk import sett_inn, skriv_historikk

    if kilde not in Karakterkilde.values:
        raise ValueError(f"Ukjent kilde «{kilde}».")
    ids = list(karakterer)
    bruker_id = bruker.pk if _ekte(bruker) else None
    grunn = str(Karakterkilde(kilde).label)
    felt = [f.attname for f in Karakter.history.model.tracked_fields]
    gamle = list(Karakter.objects.filter(person_id__in=ids, trinn=trinn).values(*felt))
    if gamle:
        skriv_historikk(Karakter, gamle, "-", grunn, bruker_id=bruker_id)
        with connection.cursor() as cursor:  # no per-row delete signals: their history rows are written above
            cursor.execute(
                f"DELETE FROM {Karakter._meta.db_table} WHERE id = ANY(%s)", [[k["id"] for k in gamle]]
            )
    nye = [{"person_id": pid, "fylke_id": fylke_id, "skolear_id": getattr(skolear, "pk", skolear), "kilde": kilde,
            **rad} for pid, rader in karakterer.items() for rad in rader]  # fmt: skip
    sett_inn(Karakter, nye, historikk=grunn, bruker_id=bruker_id)
    soknader = list(Soknad.objects.filter(person_id__in=ids).values_list("pk", "person_id"))
    if soknader:
        tekst = _("%(n)d karakterer (%(trinn)s) erstattet, kilde: %(kilde)s.")
        Saksbehandlingslogg.objects.bulk_create([
            Saksbehandlingslogg(soknad_id=sid, bruker_id=bruker_id, handling="karakterer",
                                tekst=tekst % {"n": len(karakterer[pid]), "trinn": Trinn(trinn).label,
                                               "kilde": grunn})
            for sid, pid in soknader
        ])  # fmt: skip
        beregn_poeng_for_soknader([sid for sid, _pid in soknader])
    return len(nye)


def _ekte(bruker) -> bool:
    return bruker is not None and getattr(bruker, "is_authenticated", False)


def endrbare_karakterpersoner(bruker, qs: QuerySet[Person] | None = None) -> QuerySet[Person]:
    """The persons of ``qs`` whose grades ``bruker`` (a user or an API client) may replace: the rule of the REST
    API and the admin import alike.

    The county that owns the person record registers the person's grades, and its new grades replace the old
    ones. A county that sees the person only because it handles the person's søknad (a gjesteelev) uses those
    grades but may not overwrite them. No school owns a vitnemål, so this is ``vigo.services.endrbare_personer``
    with ``gjelder_skole=False``.
    """
    return endrbare_personer(bruker, qs, gjelder_skole=False)


# Required columns of an import file; trinn, dokumentert_fravaer, fagtype, skolear and privatist are optional.
IMPORTKOLONNER = ("fodselsnummer", "fag", "vurdering", "karakter")


@dataclass
class Importrad:
    nr: int  # 1-based row number in the file (header not counted)
    person: Person
    felt: dict  # valider_rad's normalised fields and skolear_id
    ny: bool  # no stored grade with the same (person, trinn, fag, vurdering)


@dataclass
class Importplan:
    rader: list[Importrad]
    fjernes: list[Karakter]  # stored grades of the file's (person, trinn) that the file no longer holds
    antall: int = 0  # grades stored (0 on a dry run)


def _celle(verdi) -> str:
    if isinstance(verdi, float) and verdi.is_integer():
        verdi = int(verdi)  # a spreadsheet's 5.0
    return "" if verdi is None else str(verdi).strip()


def _som_rader(data) -> list[dict[str, str]]:
    """A tablib Dataset or a sequence of mappings as rows of stripped text."""
    if hasattr(data, "headers") and hasattr(data, "dict"):
        kolonner = [str(k or "").strip().lower() for k in data.headers or []]
        mangler = [k for k in IMPORTKOLONNER if k not in kolonner]
        if mangler:
            raise ValidationError(_("Fila mangler kolonnene: %(k)s.") % {"k": ", ".join(mangler)})
        return [dict(zip(kolonner, map(_celle, rad), strict=False)) for rad in data]
    return [{str(k).strip().lower(): _celle(v) for k, v in rad.items()} for rad in data]


def planlegg_import(data, *, bruker) -> Importplan:
    """Validate a grade file for ``bruker``; raises ``KarakterFeil`` naming every bad row (nothing is written)."""
    rader = _som_rader(data)
    fnr = {r.get("fodselsnummer", "") for r in rader}
    synlige = {p.fodselsnummer: p for p in avgrens(Person.objects.filter(fodselsnummer__in=fnr), bruker)}
    egne = set(endrbare_karakterpersoner(bruker, Person.objects.filter(pk__in=[p.pk for p in synlige.values()]))
               .values_list("pk", flat=True))  # fmt: skip
    fag = fagregister(r.get("fag", "") for r in rader)
    koder = {r.get("skolear", "") for r in rader} - {""}
    skolear = dict(Skolear.objects.filter(kode__in=koder).values_list("kode", "pk"))
    feil: list[tuple[int, str]] = []
    gode: list[Importrad] = []
    sett: dict[tuple, int] = {}
    for nr, rad in enumerate(rader, 1):
        antall_feil = len(feil)
        nummer = rad.get("fodselsnummer", "")
        person = synlige.get(nummer)
        if melding := feilmelding(nummer):
            feil.append((nr, melding))
        elif person is None:
            feil.append((nr, _("Ukjent person: fødselsnummeret finnes ikke i personregisteret for fylket.")))
        elif person.pk not in egne:
            feil.append((nr, _("Et annet fylke forvalter personen; karakterene registreres av det fylket.")))
        try:
            felt = valider_rad(rad, rad.get("trinn") or Trinn.GS, fag)
        except ValidationError as e:
            feil.append((nr, " ".join(e.messages)))
            felt = None
        if felt is not None:
            nokkel = (nummer, felt["trinn"], felt["fag_id"], felt["vurdering"], felt["privatist"])
            if nokkel in sett:
                feil.append((nr, _("Samme person, fag og vurdering som rad %(n)d.") % {"n": sett[nokkel]}))
            sett.setdefault(nokkel, nr)
        kode = rad.get("skolear", "")
        if kode and kode not in skolear:
            feil.append((nr, _("Ukjent skoleår «%(s)s».") % {"s": kode}))
        if len(feil) == antall_feil:
            gode.append(Importrad(nr, person, {**felt, "skolear_id": skolear.get(kode)}, ny=True))
    if feil:
        raise KarakterFeil(feil)
    nokler = {(r.person.pk, r.felt["trinn"]) for r in gode}
    i_fila = {(r.person.pk, r.felt["trinn"], r.felt["fag_id"], r.felt["vurdering"], r.felt["privatist"])
              for r in gode}  # fmt: skip
    lagret = Karakter.objects.filter(person_id__in={p for p, _t in nokler}).select_related("person")
    fjernes = []
    finnes = set()
    for k in lagret:
        if (k.person_id, k.trinn) not in nokler:
            continue
        nokkel = (k.person_id, k.trinn, k.fag_id, k.vurdering, k.privatist)
        if nokkel in i_fila:
            finnes.add(nokkel)
        else:
            fjernes.append(k)
    for r in gode:
        nokkel = (r.person.pk, r.felt["trinn"], r.felt["fag_id"], r.felt["vurdering"], r.felt["privatist"])
        r.ny = nokkel not in finnes
    return Importplan(gode, fjernes)


def importer_karakterer(data, *, bruker, dry_run: bool = False) -> Importplan:
    """Import a grade file (CSV/XLSX as a tablib Dataset, or rows as mappings): the admin import's only writer.

    Every row is validated with ``valider_rad`` and the import rule ``endrbare_karakterpersoner``; any bad row
    raises ``KarakterFeil`` naming every bad row, and nothing is written. The file holds each named person's
    complete grades on each level it names, which replace the stored ones (like a new vitnemål from the API),
    through ``erstatt_mange``: history rows, one case-log row per søknad, points recomputed, one transaction.
    A grade belongs to the county that owns the person. ``dry_run`` validates and plans only.
    """
    with transaction.atomic():
        plan = planlegg_import(data, bruker=bruker)
        if dry_run:
            return plan
        per_trinn: dict[str, dict[int, list[dict]]] = {}
        for r in plan.rader:
            rad = {**r.felt, "fylke_id": r.person.fylke_id}
            per_trinn.setdefault(r.felt["trinn"], {}).setdefault(r.person.pk, []).append(rad)
        for trinn, karakterer in per_trinn.items():
            plan.antall += erstatt_mange(karakterer, trinn=trinn, fylke_id=None, kilde=Karakterkilde.IMPORT,
                                         bruker=bruker)  # fmt: skip
    return plan
