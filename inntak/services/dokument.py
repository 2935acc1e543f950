"""The applicant's request for fortrinnsrett / individuell behandling, the documents uploaded with it, and the
caseworker's read of them.

Rules:
- The applicant asks for a fortrinn/individuell behandlingskategori (of the søknad's nivå) with a description until
  the 1 February deadline (opplæringsforskrifta § 4-9, ``inntak.frister``); after it only a caseworker changes the
  category. Documents may be sent later to a request sent in time (or to a søknad the county registered as
  fortrinn/individuell), until the vedtak is made.
- Every file is checked from its bytes: the magic number decides the type (PDF, PNG, JPEG), the file must open
  (pypdf; Pillow ``verify``), and the declared type and the file name's ending must agree. A submission is stored
  whole or not at all, and every rejected file is named with the reason.
- Files are read only by caseworkers with særtilgang who see the søknad's county (the view audits the download).
"""

from __future__ import annotations

import hashlib
import io
import logging
import unicodedata
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from inntak.frister import etter_frist, soknadsfrist
from inntak.models import Behandlingsonske, Soknad, SoknadDokument, Vedtak
from inntak.models.soknad import Inntakstype
from inntak.services.soknad import REDIGERBAR, endre_soknad, logg
from kodeverk.models import Behandlingskategori
from vigo.scoping import avgrens

logger = logging.getLogger(__name__)

MAKS_BYTES = 10 * 1024 * 1024  # per file
MAKS_ANTALL = 10  # per søknad, all submissions together
MAKS_BESKRIVELSE = 4000

PDF, PNG, JPEG = (
    SoknadDokument.Innholdstype.PDF,
    SoknadDokument.Innholdstype.PNG,
    SoknadDokument.Innholdstype.JPEG,
)
ENDINGER = {".pdf": PDF, ".png": PNG, ".jpg": JPEG, ".jpeg": JPEG}
# What browsers declare for each type; an empty or generic declaration says nothing and is let through.
DEKLARERT = {
    PDF: {"application/pdf", "application/x-pdf"},
    PNG: {"image/png", "image/x-png"},
    JPEG: {"image/jpeg", "image/jpg", "image/pjpeg"},
}
UTEN_TYPE = {"", "application/octet-stream", "binary/octet-stream"}
GRUPPER = (Behandlingskategori.Gruppe.FORTRINN, Behandlingskategori.Gruppe.INDIVIDUELL)


# --- Who may do what -----------------------------------------------------------------------------------------
def kategorier_for(soknad: Soknad):
    """The fortrinn/individuell categories the applicant may ask for: those of the søknad's nivå (a Vg2 category
    covers Vg2 and Vg3, ``inntak.validering.valider_behandlingskategori``) and those without a nivå."""
    qs = Behandlingskategori.objects.filter(gruppe__in=GRUPPER, aktiv=True)
    if soknad.niva == "VG1":
        qs = qs.exclude(niva="VG2")
    else:
        qs = qs.exclude(niva="VG1")
    return qs.order_by("gruppe", "kode")


def frist(soknad: Soknad):
    """The 1 February deadline of the søknad's county and school year (fortrinn and individuell behandling)."""
    kategori = Behandlingskategori(gruppe=Behandlingskategori.Gruppe.FORTRINN)
    return soknadsfrist(soknad.fylke, soknad.skolear, behandlingskategori=kategori)


def har_vedtak(soknad: Soknad) -> bool:
    return Vedtak.objects.filter(soknad_id=soknad.pk).exists()


@dataclass(frozen=True)
class Tillatelser:
    """What the applicant may do on the documentation page now, with the reason when not."""

    kan_be_om: bool
    kan_sende_dokumenter: bool
    grunn: str


def tillatelser(
    soknad: Soknad, *, vedtak: bool | None = None, har_foresporsel: bool | None = None
) -> Tillatelser:
    vedtak = har_vedtak(soknad) if vedtak is None else vedtak
    if har_foresporsel is None:
        har_foresporsel = soknad.behandlingsonsker.filter(status=Behandlingsonske.Status.MOTTATT).exists()
    # Documents go to a request the applicant sent, or to a søknad the county already handles as fortrinn or
    # individuell behandling (registered so by a caseworker).
    kan_sende = har_foresporsel or soknad.trenger_vedtak
    if soknad.inntakstype == Inntakstype.VOKSEN:
        return Tillatelser(
            False, False, _("Fortrinnsrett og individuell behandling gjelder ikke inntak av voksne.")
        )
    if soknad.status not in REDIGERBAR:
        return Tillatelser(False, False, _("Søknaden har status «%(s)s» og kan ikke endres.")
                           % {"s": soknad.get_status_display()})  # fmt: skip
    if vedtak:
        return Tillatelser(
            False, False, _("Søknaden har fått vedtak. Ta kontakt med fylkeskommunen hvis noe er endret.")
        )
    fristen = frist(soknad)
    if etter_frist(fristen):
        return Tillatelser(
            False, kan_sende,
            _("Fristen for å søke om fortrinnsrett eller individuell behandling var %(dato)s. Nå kan bare "
              "fylkeskommunen endre dette.") % {"dato": _dato(fristen.dato)},
        )  # fmt: skip
    return Tillatelser(True, kan_sende, "")


def _dato(d) -> str:
    from django.utils.dateformat import format as datoformat

    return datoformat(d, "j. F Y")


def _egen(person, soknad: Soknad) -> Soknad:
    if person is None or soknad.person_id != person.pk:
        raise PermissionDenied(_("Du har ikke tilgang til denne søknaden."))
    return (
        Soknad.objects.select_for_update(of=("self",))  # lock the søknad, not the code rows joined in
        .select_related("fylke", "skolear", "behandlingskategori")
        .get(pk=soknad.pk)
    )


# --- Checking files ---------------------------------------------------------------------------------------------
@dataclass
class Godkjent:
    navn: str
    innholdstype: str
    innhold: bytes


def _rent_navn(navn: str) -> str:
    """The file name as shown: the last path part, without control characters, at most 200 characters."""
    navn = (navn or "").replace("\\", "/").rsplit("/", 1)[-1]
    navn = "".join(c for c in unicodedata.normalize("NFC", navn) if unicodedata.category(c)[0] != "C").strip()
    return (navn or _("dokument"))[:200]


def _magisk(innhold: bytes) -> str | None:
    if innhold.startswith(b"%PDF-"):
        return PDF
    if innhold.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if innhold.startswith(b"\xff\xd8\xff"):
        return JPEG
    return None


def _apner(innhold: bytes, type_: str) -> str:
    """'' when the file opens as its type, else the reason."""
    if type_ == PDF:
        from pypdf import PdfReader

        try:
            leser = PdfReader(io.BytesIO(innhold))
            if leser.is_encrypted:
                return _("PDF-filen er passordbeskyttet. Send den uten passord.")
            if len(leser.pages) < 1:
                return _("PDF-filen har ingen sider.")
        except Exception:  # noqa: BLE001 – pypdf raises many kinds on a broken file
            return _("filen er ikke en gyldig PDF.")
        return ""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(innhold)) as bilde:
                format_ = bilde.format
                bilde.verify()
    except Exception:  # noqa: BLE001 – Pillow raises many kinds on a broken or oversized image
        return _("filen er ikke et gyldig bilde.")
    if {"PNG": PNG, "JPEG": JPEG}.get(format_) != type_:
        return _("filen er ikke et gyldig bilde.")
    return ""


def sjekk_fil(fil) -> tuple[Godkjent | None, str]:
    """(the accepted file, '') or (None, the reason in Norwegian). Reads at most ``MAKS_BYTES`` + 1 bytes."""
    navn = _rent_navn(getattr(fil, "name", ""))
    storrelse = getattr(fil, "size", None)
    if storrelse is not None and storrelse > MAKS_BYTES:
        return None, _("filen er større enn %(mb)s MB.") % {"mb": MAKS_BYTES // (1024 * 1024)}
    fil.seek(0)
    innhold = fil.read(MAKS_BYTES + 1)
    if len(innhold) > MAKS_BYTES:
        return None, _("filen er større enn %(mb)s MB.") % {"mb": MAKS_BYTES // (1024 * 1024)}
    if not innhold:
        return None, _("filen er tom.")
    ending = ("." + navn.rsplit(".", 1)[-1].lower()) if "." in navn else ""
    etter_navn = ENDINGER.get(ending)
    if etter_navn is None:
        return None, _(
            "bare PDF, PNG og JPEG kan lastes opp (filnavnet må slutte på .pdf, .png, .jpg eller .jpeg)."
        )
    type_ = _magisk(innhold)
    if type_ is None:
        return None, _("innholdet er ikke PDF, PNG eller JPEG.")
    if type_ != etter_navn:
        return None, _("filnavnet slutter på %(ending)s, men innholdet er %(type)s.") % {
            "ending": ending, "type": SoknadDokument.Innholdstype(type_).label,
        }  # fmt: skip
    deklarert = (getattr(fil, "content_type", "") or "").split(";")[0].strip().lower()
    if deklarert not in UTEN_TYPE and deklarert not in DEKLARERT[type_]:
        return None, _("filtypen som ble oppgitt (%(oppgitt)s), stemmer ikke med innholdet (%(type)s).") % {
            "oppgitt": deklarert[:50], "type": SoknadDokument.Innholdstype(type_).label,
        }  # fmt: skip
    grunn = _apner(innhold, type_)
    if grunn:
        return None, grunn
    return Godkjent(navn=navn, innholdstype=type_, innhold=innhold), ""


def sjekk_filer(soknad: Soknad, filer: Sequence) -> list[Godkjent]:
    """Every file checked; raises one ValidationError naming each rejected file (nothing is stored then)."""
    feil, godkjent = [], []
    allerede = SoknadDokument.objects.filter(soknad_id=soknad.pk).count()
    if allerede + len(filer) > MAKS_ANTALL:
        feil.append(
            _("Du kan laste opp høyst %(maks)d dokumenter til en søknad. Du har %(har)d fra før og prøvde å laste "
              "opp %(nye)d.") % {"maks": MAKS_ANTALL, "har": allerede, "nye": len(filer)}
        )  # fmt: skip
    for fil in filer:
        ok, grunn = sjekk_fil(fil)
        if ok is None:
            feil.append(
                _("«%(navn)s»: %(grunn)s") % {"navn": _rent_navn(getattr(fil, "name", "")), "grunn": grunn}
            )
        else:
            godkjent.append(ok)
    if feil:
        raise ValidationError(feil)
    return godkjent


def _lagre(
    soknad: Soknad, foresporsel: Behandlingsonske | None, filer: list[Godkjent], skrevet: list[str]
) -> list[SoknadDokument]:
    """Write the files (random names, ``skrevet`` collects them for clean-up on failure), then the rows."""
    lagret = []
    for f in filer:
        dok = SoknadDokument(
            soknad=soknad,
            behandlingsonske=foresporsel,
            navn=f.navn,
            innholdstype=f.innholdstype,
            storrelse=len(f.innhold),
            sha256=hashlib.sha256(f.innhold).hexdigest(),
        )
        dok.fil.save("dokument", ContentFile(f.innhold), save=False)
        skrevet.append(dok.fil.name)
        dok.save()
        lagret.append(dok)
    return lagret


def _i_transaksjon(funksjon, soknad, **kw):
    """Run ``funksjon`` in one transaction; files it wrote are deleted again when the transaction fails."""
    skrevet: list[str] = []
    try:
        with transaction.atomic():
            return funksjon(soknad, skrevet=skrevet, **kw)
    except BaseException:
        lagring = SoknadDokument._meta.get_field("fil").storage
        for navn in skrevet:
            lagring.delete(navn)
        raise


# --- The applicant's writes ---------------------------------------------------------------------------------
def be_om_behandling(
    soknad: Soknad,
    *,
    person,
    behandlingskategori: Behandlingskategori | str,
    beskrivelse: str,
    filer: Sequence = (),
) -> Behandlingsonske:
    """The applicant asks for fortrinnsrett / individuell behandling: sets the søknad's category through
    ``endre_soknad``, keeps the request with its description and stores the documents – all or nothing."""
    return _i_transaksjon(_be_om_behandling, soknad, person=person, kategori=behandlingskategori,
                          beskrivelse=beskrivelse, filer=filer)  # fmt: skip


def _be_om_behandling(soknad, *, person, kategori, beskrivelse, filer, skrevet) -> Behandlingsonske:
    soknad = _egen(person, soknad)
    lov = tillatelser(soknad)
    if not lov.kan_be_om:
        raise ValidationError(lov.grunn)
    feil: dict[str, list] = {}
    gyldige = {k.kode: k for k in kategorier_for(soknad)}
    kode = kategori.kode if isinstance(kategori, Behandlingskategori) else (kategori or "")
    valgt = gyldige.get(kode)
    if valgt is None:
        feil["behandlingskategori"] = [_("Velg hva du søker om.")]
    beskrivelse = (beskrivelse or "").strip()
    if not beskrivelse:
        feil["beskrivelse"] = [_("Beskriv hvorfor du søker om dette.")]
    elif len(beskrivelse) > MAKS_BESKRIVELSE:
        feil["beskrivelse"] = [
            _("Beskrivelsen kan ha høyst %(n)s tegn.") % {"n": number_format(MAKS_BESKRIVELSE)}
        ]
    try:
        godkjent = sjekk_filer(soknad, list(filer))
    except ValidationError as e:
        feil["dokumenter"] = e.messages
        godkjent = []
    if feil:
        raise ValidationError(feil)
    with translation.override("nb"):  # the case log is in bokmål whatever the applicant's language
        endre_soknad(soknad, behandlingskategori=valgt, bruker=None)
        for forrige in soknad.behandlingsonsker.filter(status=Behandlingsonske.Status.MOTTATT):
            forrige.status = Behandlingsonske.Status.ERSTATTET
            forrige.save(update_fields=["status"])  # one history row each
        foresporsel = Behandlingsonske.objects.create(
            soknad=soknad, behandlingskategori=valgt, beskrivelse=beskrivelse
        )
        _lagre(soknad, foresporsel, godkjent, skrevet)
        tekst = ngettext(
            "Søkeren ba i søkerportalen om %(kat)s (%(kode)s) og sendte %(n)d dokument.",
            "Søkeren ba i søkerportalen om %(kat)s (%(kode)s) og sendte %(n)d dokumenter.",
            len(godkjent),
        ) % {"kat": valgt.navn, "kode": valgt.kode, "n": len(godkjent)}
        logg(soknad, "dokument", tekst, None)
    logger.info(
        "Søker ba om særskilt behandling", extra={"soknad_id": soknad.pk, "antall_dokumenter": len(godkjent)}
    )
    return foresporsel


def send_dokumenter(soknad: Soknad, *, person, filer: Sequence) -> list[SoknadDokument]:
    """More documents to the applicant's request (also after the deadline, until the vedtak) – all or nothing."""
    return _i_transaksjon(_send_dokumenter, soknad, person=person, filer=filer)


def _send_dokumenter(soknad, *, person, filer, skrevet) -> list[SoknadDokument]:
    soknad = _egen(person, soknad)
    lov = tillatelser(soknad)
    if not lov.kan_sende_dokumenter:
        raise ValidationError(
            lov.grunn or _("Send først en forespørsel om fortrinnsrett eller individuell behandling.")
        )
    filer = list(filer)
    if not filer:
        raise ValidationError({"dokumenter": [_("Velg minst én fil å laste opp.")]})
    try:
        godkjent = sjekk_filer(soknad, filer)
    except ValidationError as e:
        raise ValidationError({"dokumenter": e.messages}) from None
    foresporsel = soknad.behandlingsonsker.filter(status=Behandlingsonske.Status.MOTTATT).first()
    lagret = _lagre(soknad, foresporsel, godkjent, skrevet)
    with translation.override("nb"):
        tekst = ngettext(
            "Søkeren sendte %(n)d dokument i søkerportalen.",
            "Søkeren sendte %(n)d dokumenter i søkerportalen.",
            len(lagret),
        ) % {"n": len(lagret)}
        logg(soknad, "dokument", tekst, None)
    logger.info("Søker sendte dokumenter", extra={"soknad_id": soknad.pk, "antall_dokumenter": len(lagret)})
    return lagret


# --- Reads ----------------------------------------------------------------------------------------------------
def egne_dokumenter(soknad: Soknad, person) -> list[SoknadDokument]:
    """The applicant's own documents (name, size, date – never the file)."""
    if person is None or soknad.person_id != person.pk:
        raise PermissionDenied(_("Du har ikke tilgang til denne søknaden."))
    return list(SoknadDokument.objects.filter(soknad=soknad).defer("fil", "sha256"))


def kan_lese(bruker) -> bool:
    from inntak.selectors import kan_se_dokumenter

    return bool(bruker and bruker.is_authenticated and bruker.is_active and kan_se_dokumenter(bruker))


def dokument_for_saksbehandler(bruker, pk: int) -> SoknadDokument:
    """One applicant document for a caseworker: særtilgang (PermissionDenied) and the søknad's county in the
    user's scope (``SoknadDokument.DoesNotExist`` otherwise). The caller audits the download."""
    if not kan_lese(bruker):
        raise PermissionDenied(_("Dokumentasjonen krever særtilgang."))
    return avgrens(
        SoknadDokument.objects.select_related("soknad__person", "soknad__fylke", "soknad__skolear"), bruker
    ).get(pk=pk)
