"""Who may see the statistics, and the ``Filter`` built from the user and the chosen values – in one place.

- The system administrator: every figure, and a national view (``fylke_ider=None``, «Alle fylker») or one county.
- A county user with ``rapporter.view_leveranse`` (inntak, fagopplæring, fylkesadministrator and lese roles): the
  own county (``fylke_ider=(fylke,)``), any school in it.
- A school user: the own school only (``skole_ider=(skole,)``), and the school choice is fixed.
- Others (the OT role, users without a county): no statistics.
A figure may ask for more (``Nokkeltall.tillatelse``, e.g. ``fagopplaering.view_kontrakt``). See docs/statistikk.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from kodeverk.models import Fylke, Skole, Skolear, Utdanningsprogram
from rapporter.statistikk.figur import Filter, Nokkeltall


def kan_se_statistikk(bruker) -> bool:
    if bruker is None or not bruker.is_authenticated or not bruker.is_active:
        return False
    if bruker.er_systemadministrator:
        return True
    if bruker.fylke_id is None:
        return False
    return bruker.er_skolebruker or bruker.has_perm("rapporter.view_leveranse")


def kan_se(bruker, tall: Nokkeltall) -> bool:
    return kan_se_statistikk(bruker) and (not tall.tillatelse or bruker.has_perm(tall.tillatelse))


@dataclass
class Valg:
    """The page's filter and what its form offers (only choices inside the user's scope)."""

    filter: Filter
    skolear: str = ""
    skole: str = ""
    utdanningsprogram: str = ""
    fylke: str = ""  # the system administrator's choice; "" = «Alle fylker»
    skolear_liste: list[str] = field(default_factory=list)
    skoler: list[tuple[int, str]] = field(default_factory=list)
    programmer: list[tuple[str, str]] = field(default_factory=list)
    fylker: list[tuple[int, str]] = field(default_factory=list)  # only for the system administrator
    fast_skole: str = ""  # a school user's school, shown instead of a choice
    valgt_fylke: Fylke | None = None

    @property
    def sporring(self) -> str:
        """The chosen values as a query string (for download links and paging)."""
        par = (("skolear", self.skolear), ("skole", self.skole), ("utdanningsprogram", self.utdanningsprogram),
               ("fylke", self.fylke))  # fmt: skip
        return "&".join(f"{k}={v}" for k, v in par if v)


def _heltall(tekst: str | None) -> int | None:
    tekst = (tekst or "").strip()
    return int(tekst) if tekst.isdigit() and len(tekst) < 10 else None


def lag_valg(bruker, data: Mapping[str, str], tall: Nokkeltall | None = None) -> Valg:
    """The filter for ``bruker`` from the chosen values in ``data`` (GET). Values outside the scope are ignored,
    so the user's scope always holds whatever is in the address."""
    filtre = tall.filtre if tall is not None else ("skolear", "skole", "utdanningsprogram")
    fylke_ider: tuple[int, ...] | None
    skole_ider: tuple[int, ...] | None = None
    valgt_fylke = None
    fylker: list[tuple[int, str]] = []
    fylke_verdi = ""
    if bruker.er_systemadministrator:
        fylker = list(Fylke.objects.order_by("nummer").values_list("pk", "navn"))
        fid = _heltall(data.get("fylke"))
        valgt_fylke = Fylke.objects.filter(pk=fid).first() if fid is not None else None
        fylke_ider = (valgt_fylke.pk,) if valgt_fylke else None
        fylke_verdi = str(valgt_fylke.pk) if valgt_fylke else ""
    else:
        fylke_ider = (bruker.fylke_id,)
        valgt_fylke = bruker.fylke
    skole_qs = Skole.objects.order_by("navn")
    if fylke_ider is not None:
        skole_qs = skole_qs.filter(fylke_id__in=fylke_ider)
    fast_skole = ""
    skole_id = None
    skoler: list[tuple[int, str]] = []
    if bruker.er_skolebruker:
        skole_ider = (bruker.skole_id,)
        fast_skole = bruker.skole.navn
    elif "skole" in filtre:
        skoler = list(skole_qs.values_list("pk", "navn"))
        sid = _heltall(data.get("skole"))
        if sid is not None and any(pk == sid for pk, _ in skoler):
            skole_id = sid
    programmer = list(Utdanningsprogram.objects.order_by("navn").values_list("kode", "navn"))
    program = (data.get("utdanningsprogram") or "").strip()
    program = program if "utdanningsprogram" in filtre and any(k == program for k, _ in programmer) else ""
    skolear_liste = list(Skolear.objects.order_by("-kode").values_list("kode", flat=True))
    skolear = (data.get("skolear") or "").strip()
    skolear = skolear if "skolear" in filtre and skolear in skolear_liste else ""
    return Valg(
        filter=Filter(
            skolear=skolear or None,
            skole_id=skole_id,
            utdanningsprogram=program or None,
            fylke_ider=fylke_ider,
            skole_ider=skole_ider,
        ),
        skolear=skolear,
        skole=str(skole_id) if skole_id else "",
        utdanningsprogram=program,
        fylke=fylke_verdi,
        skolear_liste=skolear_liste if "skolear" in filtre else [],
        skoler=skoler,
        programmer=programmer if "utdanningsprogram" in filtre else [],
        fylker=fylker,
        fast_skole=fast_skole,
        valgt_fylke=valgt_fylke,
    )
