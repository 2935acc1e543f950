"""Bulk import of søknader from a file: CSV (semicolon or comma, UTF-8 with or without BOM), XLSX (first sheet)
or JSON (a list of objects). Format: docs/inntak/import-soknader.md.

All or nothing: every row is checked (valid fødselsnummer of a person in the register, known codes, the county
the import is for, no søknad already registered for the same person, school year and county, and no row twice)
and then registered through ``inntak.services.soknad_saksbehandler.registrer_for_soker`` (the wish rules of
``inntak.validering.valider_onsker``, the case log) inside one transaction. If any row fails, the transaction is
rolled back, nothing is written, and ``Importfeil`` names every bad row with its reason. A dry run
(``torrkjoring``) does the same work and always rolls back. Each søknad gets a case-log row naming the import.

Row numbers: for CSV and XLSX the line in the file (the header is line 1, the first søknad line 2); for JSON the
object's position in the list, from 1.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from inntak.models import Rettstatus, Sokergruppe, Soknad, Tilbud
from inntak.models.soknad import Niva
from inntak.services.soknad import PRIORITETSFLAGG
from inntak.services.soknad_saksbehandler import kan_registrere, registrer_for_soker
from kodeverk.models import Behandlingskategori, Fylke, Skolear
from vigo.fodselsnummer import feilmelding
from vigo.models import Person

PAAKREVDE = ("fodselsnummer", "skolear", "niva", "rettstatus")
VALGFRIE = ("fylke", "sokergruppe", "behandlingskategori", "deltid", *PRIORITETSFLAGG)
ONSKE = re.compile(r"^(?:onske|ønske)_?(\d+)$")
SANT = {"1", "ja", "j", "true", "sann", "x", "yes"}
USANT = {"", "0", "nei", "n", "false", "usann", "no"}
MAKS_RADER = 50_000


class Importfeil(Exception):
    """The import is refused: ``rader`` is [(row number or None for the file, Norwegian message)]."""

    def __init__(self, rader: list[tuple[int | None, str]]):
        super().__init__(f"{len(rader)} feil")
        self.rader = rader

    @property
    def meldinger(self) -> list[str]:
        return [_("Rad %(nr)d: %(m)s") % {"nr": nr, "m": m} if nr is not None else m for nr, m in self.rader]


@dataclass
class Importrad:
    nr: int
    verdier: dict[str, Any]  # registrer_for_soker's keyword arguments (without bruker and begrunnelse)


@dataclass
class Importresultat:
    rader: list[Importrad] = field(default_factory=list)
    soknader: list[Soknad] = field(default_factory=list)
    torrkjoring: bool = False

    @property
    def antall(self) -> int:
        return len(self.rader)


# --- Reading ---------------------------------------------------------------------------------------------------
def _celle(verdi: Any) -> str:
    if isinstance(verdi, bool):
        return "1" if verdi else "0"
    if isinstance(verdi, float) and verdi.is_integer():
        verdi = int(verdi)
    return "" if verdi is None else str(verdi).strip()


def _kolonne(navn: Any) -> str:
    return _celle(navn).lstrip("\ufeff").strip().lower()


def _rad(kolonner: list[str], verdier: Iterable[Any]) -> dict[str, Any]:
    """One row as text by column; a list (the wishes of a JSON object read by tablib) is kept as a list."""
    return {k: v if isinstance(v, list) else _celle(v) for k, v in zip(kolonner, verdier, strict=False) if k}


def _tom(rad: Mapping[str, str]) -> bool:
    return not any(v for k, v in rad.items() if k != "onsker")


def les_csv(data: bytes | str) -> list[tuple[int, dict[str, str]]]:
    tekst = data.decode("utf-8-sig") if isinstance(data, bytes) else data.lstrip("\ufeff")
    linjer = tekst.splitlines()
    if not linjer:
        raise Importfeil([(None, _("Fila er tom."))])
    skilletegn = ";" if linjer[0].count(";") >= linjer[0].count(",") and ";" in linjer[0] else ","
    leser = csv.reader(io.StringIO(tekst), delimiter=skilletegn)
    kolonner = [_kolonne(k) for k in next(leser, [])]
    return [(nr, _rad(kolonner, r)) for nr, r in enumerate(leser, 2)]


def les_xlsx(data: bytes) -> list[tuple[int, dict[str, str]]]:
    from openpyxl import load_workbook

    try:
        bok = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001  (openpyxl raises many kinds for a file that is not a workbook)
        raise Importfeil([(None, _("Fila kan ikke leses som et XLSX-regneark."))]) from None
    rader = bok.worksheets[0].iter_rows(values_only=True)
    kolonner = [_kolonne(k) for k in next(rader, ())]
    return [(nr, _rad(kolonner, r)) for nr, r in enumerate(rader, 2)]


def les_json(data: bytes | str) -> list[tuple[int, dict[str, Any]]]:
    try:
        innhold = json.loads(data.decode("utf-8-sig") if isinstance(data, bytes) else data)
    except (ValueError, UnicodeDecodeError):
        raise Importfeil([(None, _("Fila er ikke gyldig JSON."))]) from None
    if not isinstance(innhold, list):
        raise Importfeil([(None, _("JSON-fila må være en liste med objekter, ett per søknad."))])
    ut: list[tuple[int, dict[str, Any]]] = []
    feil: list[tuple[int | None, str]] = []
    for nr, obj in enumerate(innhold, 1):
        if not isinstance(obj, dict):
            feil.append((nr, _("Posten må være et JSON-objekt.")))
            continue
        rad: dict[str, Any] = {_kolonne(k): _celle(v) for k, v in obj.items() if not isinstance(v, list)}
        onsker = next((v for k, v in obj.items() if _kolonne(k) in ("onsker", "ønsker")), None)
        if isinstance(onsker, list):
            rad["onsker"] = [_celle(v) for v in onsker]
        ut.append((nr, rad))
    if feil:
        raise Importfeil(feil)
    return ut


def les_dataset(dataset, *, fra_json: bool = False) -> list[tuple[int, dict[str, Any]]]:
    """A tablib Dataset (the admin's import). A semicolon file read as comma-separated is split again.
    ``fra_json``: the rows are numbered from 1, as ``les_json`` does (else as lines of a file, from 2)."""
    kolonner = [_kolonne(k) for k in dataset.headers or []]
    rader = [list(r) for r in dataset]
    if len(kolonner) == 1 and ";" in kolonner[0]:
        # tablib split the lines at commas; join them back and read the line as semicolon-separated
        tekst = "\n".join(
            [";".join(dataset.headers)] + [",".join(_celle(c) for c in r).rstrip(",") for r in rader]
        )
        return les_csv(tekst)
    return [(nr, _rad(kolonner, r)) for nr, r in enumerate(rader, 1 if fra_json else 2)]


def les_fil(sti: str | Path) -> list[tuple[int, dict[str, Any]]]:
    sti = Path(sti)
    data = sti.read_bytes()
    endelse = sti.suffix.lower()
    if endelse == ".xlsx":
        return les_xlsx(data)
    if endelse == ".json":
        return les_json(data)
    if endelse in (".csv", ".txt"):
        return les_csv(data)
    raise Importfeil([(None, _("Ukjent filtype «%(e)s». Bruk .csv, .xlsx eller .json.") % {"e": endelse})])


# --- Checking ----------------------------------------------------------------------------------------------------
def _onsker(rad: Mapping[str, Any]) -> list[str]:
    if isinstance(rad.get("onsker"), list):
        return [v for v in map(_celle, rad["onsker"]) if v]
    nummererte = sorted((int(m.group(1)), v) for k, v in rad.items() if (m := ONSKE.match(k)))
    return [v for _nr, v in nummererte if v]


def _valg(verdi: str, valg: type, hva: str, feil: list[str]) -> str | None:
    for kode, navn in valg.choices:
        if verdi.lower() in (str(kode).lower(), str(navn).lower()):
            return kode
    feil.append(_("Ukjent %(hva)s «%(v)s». Gyldige verdier: %(g)s.")
                % {"hva": hva, "v": verdi, "g": ", ".join(str(k) for k in valg.values)})  # fmt: skip
    return None


def _bool(verdi: str, navn: str, feil: list[str]) -> bool:
    v = (verdi or "").strip().lower()
    if v in SANT:
        return True
    if v not in USANT:
        feil.append(_("«%(felt)s» må være 1/0 eller ja/nei, ikke «%(v)s».") % {"felt": navn, "v": verdi})
    return False


def _fylkenummer(verdi: str) -> str:
    return verdi.zfill(2) if verdi.isdigit() and len(verdi) < 2 else verdi


def planlegg(
    rader: list[tuple[int, Mapping[str, Any]]], *, bruker, fylke: Fylke | None = None
) -> tuple[list[Importrad], list[tuple[int | None, str]]]:
    """Check every row: (the good rows, [(row, message)] for the bad ones); nothing is written. A file that
    cannot be imported at all (no rows, missing columns) raises ``Importfeil``. The wish rules are checked when
    the good rows are registered (``importer``), in the same all-or-nothing transaction."""
    rader = [(nr, r) for nr, r in rader if not _tom(r)]
    if not rader:
        raise Importfeil([(None, _("Fila har ingen søknader."))])
    if len(rader) > MAKS_RADER:
        raise Importfeil([(None, _("Høyst %(n)d søknader per fil.") % {"n": MAKS_RADER})])
    kolonner = set().union(*(r.keys() for _nr, r in rader))
    mangler = [k for k in PAAKREVDE if k not in kolonner]
    if not any(ONSKE.match(k) for k in kolonner) and "onsker" not in kolonner:
        mangler.append("onske1")
    if mangler:
        raise Importfeil([(None, _("Fila mangler kolonnene: %(k)s.") % {"k": ", ".join(mangler)})])

    fnr = {str(r.get("fodselsnummer", "")).replace(" ", "") for _nr, r in rader}
    personer = {
        p.fodselsnummer: p for p in Person.objects.filter(fodselsnummer__in=fnr).select_related("fylke")
    }
    skolear = {s.kode: s for s in Skolear.objects.filter(kode__in={r.get("skolear", "") for _n, r in rader})}
    fylker = {f.nummer: f for f in Fylke.objects.all()}
    kategorier = {k.kode: k for k in Behandlingskategori.objects.all()}
    standardfylke = fylke or (getattr(bruker, "fylke", None) if bruker is not None else None)

    alle_onsker = {v for _nr, r in rader for v in _onsker(r)}
    ids = {int(v) for v in alle_onsker if v.isdigit() and len(v) < 10}
    par = {tuple(v.split(":", 1)) for v in alle_onsker if ":" in v}
    tilbud_qs = Tilbud.objects.select_related("skole", "programomrade__utdanningsprogram", "skolear")
    etter_id = tilbud_qs.in_bulk(ids)
    etter_kode = {
        (t.skole.skolenummer, t.programomrade.kode, t.skolear_id): t
        for t in tilbud_qs.filter(
            skole__skolenummer__in={s for s, _p in par}, programomrade__kode__in={p for _s, p in par}
        )
    }

    feil: list[tuple[int | None, str]] = []
    plan: list[Importrad] = []
    sett: dict[tuple, int] = {}
    for nr, rad in rader:
        radfeil: list[str] = []
        nummer = str(rad.get("fodselsnummer", "")).replace(" ", "")
        person = None
        if melding := feilmelding(nummer):
            radfeil.append(melding)
        elif (person := personer.get(nummer)) is None:
            radfeil.append(_("Personen finnes ikke i personregisteret."))
        ar = skolear.get(rad.get("skolear", ""))
        if ar is None:
            radfeil.append(_("Ukjent skoleår «%(s)s».") % {"s": rad.get("skolear", "")})
        nr_fylke = _fylkenummer(str(rad.get("fylke", "") or ""))
        f = fylker.get(nr_fylke) if nr_fylke else standardfylke
        if nr_fylke and f is None:
            radfeil.append(_("Ukjent fylke «%(f)s».") % {"f": nr_fylke})
        elif f is None:
            radfeil.append(_("Fylke mangler: oppgi kolonnen «fylke» eller fylket importen gjelder."))
        elif fylke is not None and f.pk != fylke.pk:
            radfeil.append(
                _("Raden gjelder %(f)s, men importen gjelder %(i)s.") % {"f": f.navn, "i": fylke.navn}
            )
        elif not kan_registrere(bruker, f):
            radfeil.append(_("Du har ikke tilgang til å registrere søknader i %(f)s.") % {"f": f.navn})
        niva = rett = None
        if rad.get("niva"):
            niva = _valg(str(rad["niva"]).upper(), Niva, _("nivå"), radfeil)
        else:
            radfeil.append(_("Nivå mangler."))
        if rad.get("rettstatus"):
            rett = _valg(rad["rettstatus"], Rettstatus, _("rettstatus"), radfeil)
        else:
            radfeil.append(_("Rettstatus mangler."))
        gruppe = _valg(rad.get("sokergruppe") or Sokergruppe.ORDINAER, Sokergruppe, _("søkergruppe"), radfeil)
        kode = (rad.get("behandlingskategori") or "ORD").upper()
        kategori = kategorier.get(kode)
        if kategori is None:
            radfeil.append(_("Ukjent behandlingskategori «%(k)s».") % {"k": kode})
        flagg = {n: _bool(rad.get(n, ""), n, radfeil) for n in ("deltid", *PRIORITETSFLAGG)}
        onsker: list[Tilbud] = []
        for i, verdi in enumerate(_onsker(rad), 1):
            t = None
            if verdi.isdigit() and len(verdi) < 10:
                t = etter_id.get(int(verdi))
            elif ":" in verdi and ar is not None:
                skole, po = verdi.split(":", 1)
                t = etter_kode.get((skole, po, ar.pk))
            if t is None:
                radfeil.append(_("Ønske %(i)d: ukjent tilbud «%(v)s» (bruk tilbudets id eller "
                                 "skolenummer:programområdekode).") % {"i": i, "v": verdi})  # fmt: skip
            else:
                onsker.append(t)
        if not _onsker(rad):
            radfeil.append(_("Søknaden må ha minst ett ønske."))
        if person is not None and ar is not None and f is not None:
            nokkel = (person.pk, ar.pk, f.pk)
            if nokkel in sett:
                radfeil.append(_("Samme person, skoleår og fylke som rad %(n)d.") % {"n": sett[nokkel]})
            else:
                sett[nokkel] = nr
        feil += [(nr, m) for m in radfeil]
        if not radfeil:
            plan.append(Importrad(nr, {
                "person": person, "skolear": ar, "fylke": f, "niva": niva, "rettstatus": rett,
                "sokergruppe": gruppe, "behandlingskategori": kategori, "onsker": onsker, **flagg,
            }))  # fmt: skip
    finnes = set(
        Soknad.objects.filter(person_id__in={k[0] for k in sett}, skolear_id__in={k[1] for k in sett})
        .values_list("person_id", "skolear_id", "fylke_id")
    )  # fmt: skip
    for nokkel, nr in sett.items():
        if nokkel in finnes:
            feil.append((nr, _("Personen har allerede en søknad i dette fylket for dette skoleåret.")))
    gode = [r for r in plan if not any(nr == r.nr for nr, _m in feil)]
    return gode, feil


# --- Writing -------------------------------------------------------------------------------------------------------
def importer(
    rader: list[tuple[int, Mapping[str, Any]]],
    *,
    bruker,
    kilde: str,
    fylke: Fylke | None = None,
    torrkjoring: bool = False,
) -> Importresultat:
    """Check and register every row in one transaction (see the module docstring); ``kilde`` names the import in
    each søknad's case log («Import fra fil søknader.csv»). Raises ``Importfeil`` (nothing written) or
    ``PermissionDenied`` (a user without ``inntak.add_soknad``)."""
    if bruker is not None and not (
        getattr(bruker, "is_active", False) and bruker.has_perm("inntak.add_soknad")
    ):
        raise PermissionDenied(_("Du har ikke tilgang til å registrere søknader."))
    resultat = Importresultat(torrkjoring=torrkjoring)
    with transaction.atomic():
        resultat.rader, feil = planlegg(rader, bruker=bruker, fylke=fylke)
        for rad in resultat.rader:
            try:
                with transaction.atomic():
                    soknad = registrer_for_soker(
                        bruker=bruker, begrunnelse=_("%(kilde)s, rad %(nr)d") % {"kilde": kilde, "nr": rad.nr},
                        handling="import", **rad.verdier,
                    )  # fmt: skip
            except ValidationError as e:
                feil += [(rad.nr, m) for m in e.messages]
            else:
                resultat.soknader.append(soknad)
        if feil:
            raise Importfeil(sorted(feil, key=lambda f: f[0] or 0))
        if torrkjoring:
            transaction.set_rollback(True)
    return resultat


def importer_fil(
    sti: str | Path, *, bruker, fylke: Fylke | None = None, torrkjoring: bool = False
) -> Importresultat:
    navn = Path(sti).name
    return importer(les_fil(sti), bruker=bruker, fylke=fylke, torrkjoring=torrkjoring,
                    kilde=_("Import fra fil «%(fil)s»") % {"fil": navn})  # fmt: skip
