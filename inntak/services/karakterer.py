"""Grades: validation against the Fag register and ``inntak.regler``, replace-a-batch, and file import.

Why one validation function: the file import, the REST API and manual registration must accept and reject
exactly the same rows, and with the same Norwegian messages as the points calculator (``inntak.regler``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from inntak.models import Karakter, Karakterkilde, Saksbehandlingslogg, Soknad, Trinn
from inntak.models.karakter import REGELFAGTYPER, Fagtype
from inntak.regler import Karakter as RegelKarakter
from inntak.regler import Valideringsfeil
from inntak.regler.karakterer import ORDENSKARAKTERER, TALLKARAKTERER, bestem_fagtype
from kodeverk.models import Fag
from vigo.models import Person


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
    return {
        "trinn": trinn,
        "fag_id": kode,
        "vurdering": k.vurdering,
        "karakter": k.karakter,
        "dokumentert_fravaer": k.dokumentert_fravaer,
        "fagtype": fagtype,
    }


def valider_karakterer(
    rader: Sequence[Mapping | RegelKarakter], trinn: str = Trinn.GS
) -> tuple[list[dict], list[tuple[int, str]]]:
    """Validate a batch: (normalised rows, [(radnummer, melding)]). Duplicates (fag, vurdering) are errors."""
    fag = fagregister(str(_verdi(r, "fag", "")) for r in rader)
    gode: list[dict] = []
    feil: list[tuple[int, str]] = []
    sett: dict[tuple, int] = {}
    for nr, rad in enumerate(rader, 1):
        try:
            felt = valider_rad(rad, trinn, fag)
        except ValidationError as e:
            feil.append((nr, " ".join(e.messages)))
            continue
        nokkel = (felt["trinn"], felt["fag_id"], felt["vurdering"])
        if nokkel in sett:
            feil.append((nr, _("Samme fag og vurdering som rad %(forste)d.") % {"forste": sett[nokkel]}))
            continue
        sett[nokkel] = nr
        gode.append(felt)
    return gode, feil


@transaction.atomic
def erstatt_karakterer(
    person: Person,
    karakterer: Sequence[Mapping | RegelKarakter],
    kilde: str,
    *,
    trinn: str = Trinn.GS,
    fylke=None,
    skolear=None,
    bruker=None,
) -> list[dict]:
    """Replace all of ``person``'s grades on ``trinn`` with ``karakterer`` (all or nothing).

    Raises ``KarakterFeil`` naming every bad row. Afterwards the points of the person's søknader are recomputed
    with the same SQL as job 1P001, so a stored Poeng row never rests on replaced grades.
    """
    gode, feil = valider_karakterer(list(karakterer), trinn)
    if feil:
        raise KarakterFeil(feil)
    erstatt_mange(
        {person.pk: gode}, trinn=trinn, fylke_id=(fylke or person.fylke).pk, kilde=kilde, skolear=skolear,
        bruker=bruker,
    )  # fmt: skip
    return gode


@transaction.atomic
def erstatt_mange(
    karakterer: Mapping[int, Sequence[dict]],
    *,
    trinn: str,
    fylke_id: int,
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


def erstatt_grunnskolekarakterer(
    person: Person, karakterer: Sequence[Mapping | RegelKarakter], kilde: str, *, fylke=None, bruker=None
) -> list[dict]:
    """A new grunnskole vitnemål for ``person`` replaces the old one (REST API and import call this)."""
    return erstatt_karakterer(person, karakterer, kilde, trinn=Trinn.GS, fylke=fylke, bruker=bruker)


def _ekte(bruker) -> bool:
    return bruker is not None and getattr(bruker, "is_authenticated", False)


def importer_karakterer(dataset, *, bruker, dry_run: bool = False):
    """Import a tablib Dataset (CSV/XLSX) of grades; any bad row rolls back the whole file.

    Returns the django-import-export ``Result`` (``result.invalid_rows`` names the bad rows).
    """
    from inntak.resources import KarakterResource

    return KarakterResource().import_data(
        dataset,
        dry_run=dry_run,
        use_transactions=True,
        rollback_on_validation_errors=True,
        raise_errors=False,
        user=bruker,
    )
