"""Intensjonsavtaler and forhåndsavtaler (docs/fagopplaering/formidling.md, «Intensjonsavtaler»; docs/fagopplaering/domene.md
§2.2): registered one by one, or «masseregistrert» from a file – all or nothing, every bad row named.

File format (CSV, ``;``-separated, UTF-8 or Latin-1, one header line)::

    orgnr;lærefag;antall_lærlinger;antall_lærekandidater;type;fødselsnummer;startdato

``type`` is «intensjon» (default when empty) or «forhånd»; ``fødselsnummer`` and ``startdato`` (dd.mm.åååå or
åååå-mm-dd) are optional columns, used by forhåndsavtaler (a binding agreement with a named candidate). The
company must be in the register and approved for the lærefag in the county.
"""

from __future__ import annotations

import csv
import datetime
import io

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from stdnum.no import orgnr as stdnum_orgnr

from fagopplaering.models import Bedrift, Formidling, Godkjenning, Hendelsestype, Intensjonsavtale
from fagopplaering.services.felles import hendelse, krev
from kodeverk.models import Programomrade
from kodeverk.niva import Niva
from vigo.fodselsnummer import feilmelding as fnr_feil
from vigo.models import Person

T = Intensjonsavtale.Type
MAKS_RADER = 20000
MAKS_ANTALL = 1000
KOLONNER = (
    "orgnr",
    "lærefag",
    "antall_lærlinger",
    "antall_lærekandidater",
    "type",
    "fødselsnummer",
    "startdato",
)
PAKREVD = KOLONNER[:5]
# Header spellings accepted for each column (without æ/ø/å, or with spaces).
_ALIAS = {
    "organisasjonsnummer": "orgnr", "laerefag": "lærefag", "programomrade": "lærefag", "programområde": "lærefag",
    "antall_laerlinger": "antall_lærlinger", "antall_laerekandidater": "antall_lærekandidater",
    "fodselsnummer": "fødselsnummer", "fnr": "fødselsnummer",
}  # fmt: skip
_TYPER = {
    "": T.INTENSJON, "intensjon": T.INTENSJON, "intensjonsavtale": T.INTENSJON, "i": T.INTENSJON,
    "forhånd": T.FORHAND, "forhand": T.FORHAND, "forhåndsavtale": T.FORHAND, "forhandsavtale": T.FORHAND,
    "f": T.FORHAND,
}  # fmt: skip


def _godkjent_i_fylket(fylke_id: int, skolear, bedrift_ids, po_ids) -> set[tuple[int, int]]:
    """(bedrift, lærefag) pairs with an approval in the county that is in force at or after the start of the
    school year (the intention is for that year)."""
    return set(
        Godkjenning.objects.filter(
            fylke_id=fylke_id, status=Godkjenning.Status.GODKJENT, bedrift_id__in=bedrift_ids,
            programomrade_id__in=po_ids,
        )
        .filter(Q(godkjent_til__isnull=True) | Q(godkjent_til__gte=skolear.startdato))
        .values_list("bedrift_id", "programomrade_id")
    )  # fmt: skip


def _sjekk_felles(
    *, bedrift, programomrade, type, antall_laerlinger, antall_laerekandidater, person
) -> list[str]:
    feil = []
    if programomrade.niva != Niva.LAERE:
        feil.append(_("%(po)s er ikke et lærefag.") % {"po": programomrade.navn})
    if type not in T.values:
        feil.append(_("Ukjent type avtale."))
    if type == T.INTENSJON:
        if person is not None:
            feil.append(_("En intensjonsavtale gjelder ikke en navngitt kandidat; bruk forhåndsavtale."))
        if antall_laerlinger + antall_laerekandidater <= 0:
            feil.append(_("En intensjonsavtale må gjelde minst én lærling eller lærekandidat."))
    elif type == T.FORHAND and person is None:
        feil.append(_("En forhåndsavtale må gjelde en navngitt kandidat (fødselsnummer)."))
    if antall_laerlinger < 0 or antall_laerekandidater < 0:
        feil.append(_("Antall kan ikke være negativt."))
    if antall_laerlinger > MAKS_ANTALL or antall_laerekandidater > MAKS_ANTALL:
        feil.append(_("Antall kan ikke være over %(maks)d.") % {"maks": MAKS_ANTALL})
    if bedrift.slettet_i_er or bedrift.konkurs:
        feil.append(_("%(bedrift)s er slettet eller konkurs i Enhetsregisteret.") % {"bedrift": bedrift.navn})
    return feil


@transaction.atomic
def registrer_intensjonsavtale(
    bruker,
    *,
    bedrift: Bedrift,
    fylke_id: int,
    skolear,
    programomrade,
    type: str = T.INTENSJON,
    antall_laerlinger: int = 0,
    antall_laerekandidater: int = 0,
    person=None,
    startdato: datetime.date | None = None,
) -> Intensjonsavtale:
    """One intensjonsavtale (how many the company intends to take in the fag) or forhåndsavtale (one named
    candidate; counts as one lærling unless given)."""
    krev(bruker, "add", Intensjonsavtale, fylke_id)
    if type == T.FORHAND and not antall_laerlinger and not antall_laerekandidater:
        antall_laerlinger = 1
    feil = _sjekk_felles(
        bedrift=bedrift, programomrade=programomrade, type=type, antall_laerlinger=antall_laerlinger,
        antall_laerekandidater=antall_laerekandidater, person=person,
    )  # fmt: skip
    if not feil and (bedrift.pk, programomrade.pk) not in _godkjent_i_fylket(
        fylke_id, skolear, [bedrift.pk], [programomrade.pk]
    ):
        feil.append(
            _("%(bedrift)s er ikke godkjent som lærebedrift i %(fag)s i fylket.")
            % {"bedrift": bedrift.navn, "fag": programomrade.navn}
        )
    if feil:
        raise ValidationError(feil)
    aktor = bruker if bruker is not None and bruker.is_authenticated else None
    avtale = Intensjonsavtale.objects.create(
        type=type, bedrift=bedrift, fylke_id=fylke_id, skolear=skolear, programomrade=programomrade,
        antall_laerlinger=antall_laerlinger, antall_laerekandidater=antall_laerekandidater, person=person,
        startdato=startdato, kilde=Intensjonsavtale.Kilde.MANUELL, registrert_av=aktor,
    )  # fmt: skip
    formidling = None
    if person is not None:
        formidling = Formidling.objects.filter(
            person=person, fylke_id=fylke_id, skolear=skolear, programomrade=programomrade
        ).first()
    if type == T.FORHAND:
        tekst = _("Forhåndsavtale med %(bedrift)s i %(fag)s registrert.")
    else:
        tekst = _("Intensjonsavtale med %(bedrift)s i %(fag)s: %(l)d lærlinger, %(k)d lærekandidater.")
    hendelse(
        Hendelsestype.INTENSJONSAVTALE, bruker=aktor, fylke_id=fylke_id, bedrift=bedrift, formidling=formidling,
        tekst=tekst % {"bedrift": bedrift.navn, "fag": programomrade.navn, "l": antall_laerlinger,
                       "k": antall_laerekandidater},
        data={"avtale": avtale.pk, "skolear": skolear.kode},
    )  # fmt: skip
    return avtale


def _les_tekst(fil) -> str:
    data = fil.read() if hasattr(fil, "read") else fil
    if isinstance(data, str):
        return data.lstrip("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _kolonne(navn: str) -> str:
    n = " ".join(navn.strip().lower().split()).replace(" ", "_")
    return _ALIAS.get(n, n)


def _heltall(verdi: str, felt: str, linje: int, feil: list[str]) -> int | None:
    """The count in the cell (empty = 0), or None after adding the row's error."""
    v = verdi.strip()
    if not v:
        return 0
    try:
        n = int(v)
    except ValueError:
        feil.append(
            _("Linje %(n)d: %(felt)s «%(v)s» er ikke et heltall.") % {"n": linje, "felt": felt, "v": v[:20]}
        )
        return None
    if n < 0 or n > MAKS_ANTALL:
        feil.append(
            _("Linje %(n)d: %(felt)s må være mellom 0 og %(maks)d.")
            % {"n": linje, "felt": felt, "maks": MAKS_ANTALL}
        )
        return None
    return n


def _dato(verdi: str, linje: int, feil: list[str]) -> datetime.date | None:
    v = verdi.strip()
    if not v:
        return None
    for format in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(v, format).date()
        except ValueError:
            continue
    feil.append(_("Linje %(n)d: startdato «%(v)s» er ikke en dato (dd.mm.åååå).") % {"n": linje, "v": v[:20]})
    return None


def _lag_rader(tekst: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    leser = csv.reader(io.StringIO(tekst), delimiter=";")
    try:
        hode = next(leser)
    except StopIteration:
        raise ValidationError(_("Filen er tom.")) from None
    kolonner = [_kolonne(k) for k in hode]
    mangler = [k for k in PAKREVD if k not in kolonner]
    if mangler:
        raise ValidationError(
            _("Linje 1: overskriften mangler kolonnene %(mangler)s. Forventet: %(forventet)s.")
            % {"mangler": ", ".join(mangler), "forventet": ";".join(KOLONNER)}
        )
    ukjente = [k for k in kolonner if k and k not in KOLONNER]
    if ukjente:
        raise ValidationError(
            _("Linje 1: ukjente kolonner %(ukjente)s. Forventet: %(forventet)s.")
            % {"ukjente": ", ".join(ukjente), "forventet": ";".join(KOLONNER)}
        )
    rader = []
    for linje, rad in enumerate(leser, start=2):
        if not any(c.strip() for c in rad):
            continue
        rader.append((linje, {k: (rad[i] if i < len(rad) else "") for i, k in enumerate(kolonner) if k}))
        if len(rader) > MAKS_RADER:
            raise ValidationError(_("Filen har flere enn %(maks)d rader.") % {"maks": MAKS_RADER})
    if not rader:
        raise ValidationError(_("Filen har ingen rader under overskriften."))
    return kolonner, rader


@transaction.atomic
def importer_intensjonsavtaler(bruker, *, fylke_id: int, skolear, fil, filnavn: str = "") -> int:
    """Register every row of the file, or none: a ValidationError lists every bad row by line number. Reads the
    companies, lærefag, approvals and persons of the whole file in four queries."""
    krev(bruker, "add", Intensjonsavtale, fylke_id)
    _kolonner, rader = _lag_rader(_les_tekst(fil))

    orgnumre = {"".join(r["orgnr"].split()) for _, r in rader}
    koder = {r["lærefag"].strip().upper().ljust(10, "-") for _, r in rader if r["lærefag"].strip()}
    fnumre = {"".join(r.get("fødselsnummer", "").split()) for _, r in rader} - {""}
    bedrifter = {b.orgnr: b for b in Bedrift.objects.filter(orgnr__in=orgnumre)}
    fag = {p.kode: p for p in Programomrade.objects.filter(kode__in=koder)}
    personer = dict(Person.objects.filter(fodselsnummer__in=fnumre).values_list("fodselsnummer", "pk"))
    godkjent = _godkjent_i_fylket(
        fylke_id, skolear, [b.pk for b in bedrifter.values()], [p.pk for p in fag.values()]
    )

    feil: list[str] = []
    nye: list[Intensjonsavtale] = []
    sett: dict[tuple[str, str, str], int] = {}
    aktor = bruker if bruker is not None and bruker.is_authenticated else None
    for linje, r in rader:
        radfeil: list[str] = []
        orgnr = "".join(r["orgnr"].split())
        bedrift = bedrifter.get(orgnr)
        if not orgnr:
            radfeil.append(_("Linje %(n)d: organisasjonsnummer mangler.") % {"n": linje})
        elif not stdnum_orgnr.is_valid(orgnr):
            radfeil.append(
                _("Linje %(n)d: organisasjonsnummer %(orgnr)s er ikke gyldig.")
                % {"n": linje, "orgnr": orgnr[:20]}
            )
        elif bedrift is None:
            radfeil.append(
                _("Linje %(n)d: organisasjonsnummer %(orgnr)s finnes ikke i bedriftsregisteret.")
                % {"n": linje, "orgnr": orgnr}
            )
        kode = r["lærefag"].strip().upper()
        po = fag.get(kode.ljust(10, "-")) if kode else None
        if not kode:
            radfeil.append(_("Linje %(n)d: lærefag mangler.") % {"n": linje})
        elif po is None:
            radfeil.append(
                _("Linje %(n)d: lærefaget %(kode)s finnes ikke.") % {"n": linje, "kode": kode[:20]}
            )
        elif po.niva != Niva.LAERE:
            radfeil.append(
                _("Linje %(n)d: %(kode)s (%(navn)s) er ikke et lærefag.")
                % {"n": linje, "kode": po.kode, "navn": po.navn}
            )
        antall_l = _heltall(r["antall_lærlinger"], _("antall lærlinger"), linje, radfeil)
        antall_k = _heltall(r["antall_lærekandidater"], _("antall lærekandidater"), linje, radfeil)
        typetekst = r["type"].strip().lower()
        type = _TYPER.get(typetekst)
        if type is None:
            radfeil.append(
                _("Linje %(n)d: type «%(v)s» er ukjent; bruk «intensjon» eller «forhånd».")
                % {"n": linje, "v": typetekst[:20]}
            )
        nummer = "".join(r.get("fødselsnummer", "").split())
        person_id = None
        if nummer:
            melding = fnr_feil(nummer)
            if melding:
                # Never the number itself in a message: it is shown on the page.
                radfeil.append(
                    _("Linje %(n)d: fødselsnummeret er ugyldig: %(m)s") % {"n": linje, "m": melding}
                )
            else:
                person_id = personer.get(nummer)
                if person_id is None:
                    radfeil.append(
                        _("Linje %(n)d: fødselsnummeret finnes ikke i personregisteret.") % {"n": linje}
                    )
        startdato = _dato(r.get("startdato", ""), linje, radfeil)
        if type == T.INTENSJON:
            if nummer:
                radfeil.append(
                    _("Linje %(n)d: en intensjonsavtale har ikke fødselsnummer; bruk type «forhånd».")
                    % {"n": linje}
                )
            if antall_l is not None and antall_k is not None and antall_l + antall_k <= 0:
                radfeil.append(
                    _("Linje %(n)d: antall lærlinger og lærekandidater er begge 0.") % {"n": linje}
                )
        elif type == T.FORHAND:
            if not nummer:
                radfeil.append(_("Linje %(n)d: en forhåndsavtale må ha fødselsnummer.") % {"n": linje})
            if antall_l == 0 and antall_k == 0:
                antall_l = 1
        if bedrift is not None and (bedrift.slettet_i_er or bedrift.konkurs):
            radfeil.append(
                _("Linje %(n)d: %(bedrift)s er slettet eller konkurs i Enhetsregisteret.")
                % {"n": linje, "bedrift": bedrift.navn}
            )
        elif bedrift is not None and po is not None and (bedrift.pk, po.pk) not in godkjent:
            radfeil.append(
                _("Linje %(n)d: %(bedrift)s (%(orgnr)s) er ikke godkjent for %(fag)s i fylket.")
                % {"n": linje, "bedrift": bedrift.navn, "orgnr": bedrift.orgnr, "fag": po.navn}
            )
        if not radfeil and bedrift is not None and po is not None:
            nokkel = (orgnr, po.kode, nummer if type == T.FORHAND else "")
            if nokkel in sett:
                radfeil.append(
                    _("Linje %(n)d: samme bedrift, lærefag og type som linje %(forste)d.")
                    % {"n": linje, "forste": sett[nokkel]}
                )
            else:
                sett[nokkel] = linje
        if radfeil:
            feil.extend(radfeil)
            continue
        nye.append(
            Intensjonsavtale(
                type=type, bedrift=bedrift, fylke_id=fylke_id, skolear=skolear, programomrade=po,
                antall_laerlinger=antall_l, antall_laerekandidater=antall_k, person_id=person_id,
                startdato=startdato, kilde=Intensjonsavtale.Kilde.FIL, filnavn=filnavn[:200], registrert_av=aktor,
            )
        )  # fmt: skip
    if feil:
        antall = len({f.split(":", 1)[0] for f in feil})
        raise ValidationError(
            [
                ngettext(
                    "Ingen avtaler er registrert: %(n)d linje har feil. Rett filen og last den opp på nytt.",
                    "Ingen avtaler er registrert: %(n)d linjer har feil. Rett filen og last den opp på nytt.",
                    antall,
                )
                % {"n": antall}
            ]
            + feil
        )
    Intensjonsavtale.objects.bulk_create(nye, batch_size=2000)
    plasser = sum(a.antall_laerlinger + a.antall_laerekandidater for a in nye)
    hendelse(
        Hendelsestype.INTENSJONSAVTALER_FIL, bruker=aktor, fylke_id=fylke_id,
        tekst=_("%(n)d avtaler masseregistrert fra filen %(fil)s (%(p)d plasser, skoleåret %(ar)s).")
        % {"n": len(nye), "fil": filnavn or "–", "p": plasser, "ar": skolear.kode},
        data={"antall": len(nye), "filnavn": filnavn, "skolear": skolear.kode, "plasser": plasser},
    )  # fmt: skip
    return len(nye)


def eksempelfil(fylke_id: int, skolear, *, antall: int = 50, feil_linje: int | None = None) -> str:
    """A valid import file from the county's own approvals (the demo's «50 intensjonsavtaler» and tests): one row
    per approved (bedrift, lærefag) in force at the start of the school year, up to ``antall``. ``feil_linje``
    (file line number, ≥ 2) puts an organisasjonsnummer that does not exist on that line."""
    par = (
        Godkjenning.objects.filter(fylke_id=fylke_id, status=Godkjenning.Status.GODKJENT)
        .filter(Q(godkjent_til__isnull=True) | Q(godkjent_til__gte=skolear.startdato))
        .exclude(bedrift__konkurs=True)
        .filter(bedrift__slettet_i_er__isnull=True, programomrade__niva=Niva.LAERE)
        .order_by("bedrift__orgnr", "programomrade__kode")
        .values_list("bedrift__orgnr", "programomrade__kode")
        .distinct()[:antall]
    )
    linjer = [";".join(KOLONNER[:5])]
    for n, (orgnr, kode) in enumerate(par):
        linjer.append(f"{orgnr};{kode};{n % 3 + 1};{1 if n % 4 == 0 else 0};intensjon")
    if feil_linje is not None and 2 <= feil_linje <= len(linjer):
        _, kode, *resten = linjer[feil_linje - 1].split(";")
        linjer[feil_linje - 1] = ";".join(["123456785", kode, *resten])
    return "\n".join(linjer) + "\n"
