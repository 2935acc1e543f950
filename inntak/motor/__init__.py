"""Inntaksmotor: framework-free intake engine (no Django imports) computing one intake run from a frozen snapshot.

Semantics (docs/regler/regler-2006.md §1.4, §3; DERIVED where the rules are silent):

1. **Fixed places first.** A søker with ``fast_plass`` (vedtak on fortrinnsrett §§ 6-15–6-19 / 6-30–6-32 or on
   individuell behandling §§ 6-22–6-24) is placed there before the ordinary intake [S-U614]. The place uses
   capacity and may overfill the tilbud; the result's ``overfylt`` flags the excess. A vedtak is final and outside
   the point competition, so the søker takes no part in the ordinary intake: no proposals, **no waitlists**.
   ``onske_nr`` is the wish's number when the fixed tilbud is among the wishes, else 0.
2. **Ordinary intake** = applicant-proposing deferred acceptance over each søker's ordered wishes (the order is
   binding, [S-VILBLI-SVAR]; mechanism DERIVED in docs/regler/regler-2006.md §3.6). Every tilbud ranks by (prioritetsgruppe
   ascending, poeng descending, lodd ascending, søker-id) — the id only matters if two 64-bit tickets collide.
   A wish may override group and/or points (e.g. a Vg2 programområde outside the søker's rett, or a test score).
   The result is the unique applicant-optimal stable assignment: nobody is placed below a wish they could have
   had, and it does not depend on input order, so any correct implementation produces the same result.
3. **Lottery:** ``lodd = int(SHA-256("<seed>:<søker-id>")[:8], big-endian)``; the seed is chosen per run
   (``velg_seed``) and stored in the snapshot, so anyone can re-check the draw.
4. **Waitlists** exist only on wishes above the one placed (all wishes when unplaced), in ranking order.
5. **Later rounds – ``beholdt`` (floor):** the tilbud accepted in an earlier round. It counts against capacity
   like a fixed place and is never lost, but the søker still proposes to the wishes above it (wishes below it
   are dropped, [S-VILBLI-SVAR] «the previously accepted place is lost automatically» only when moving up).
   Modelled as top priority at the kept tilbud: while kept, the seat reduces the ordinary capacity there; if
   the søker moves up, the seat is freed for others within the same run. If ``beholdt`` is not among the wishes
   it ranks below all of them (``onske_nr`` 0). This is standard DA on a modified instance (kept tilbud =
   "guaranteed acceptance" entry), so the outcome is still unique and stable. ``fast_plass`` and ``beholdt``
   together are rejected.

Poenggrense per tilbud (status, poeng):

* ``dokumentasjon`` – tilbud with særskilt inntakskrav "dokumentasjon" (§ 6-11): admission rests on documented
  qualifications, so no point threshold is published. The county encodes its assessment upstream (drop or
  down-group wishes of søkere without documentation); the engine still ranks by group/points.
* ``alle_inntatt`` – the waitlist is empty: everyone who wished it and was not placed higher got in.
* ``fortrinn`` – somebody waits but no ordinary søker was admitted: all places (possibly 0) went to fixed/kept.
* ``poeng`` – points of the last admitted ordinary søker (at that tilbud, after any per-wish override).
  Groups are compared first, so the last admitted may be a lower group with more points than some admitted.
  "inntaksprove" tilbud behave like ordinary ones; the per-wish ``poeng`` carries the test-based score.

§ 4-6 quotas (``kvote.py``): a tilbud's inntaksprøve quota is a tilbud of its own with ``kvote_av``; applicants
with a result wish it just before the tilbud. ``kjor_med_kvoter`` moves a quota's unused places to the points
competition and runs again; the verifier checks that a quota has at most half of the places and none free.

Formats (full description in ``format.py``): ``inntak-snapshot/1`` is the issue's format plus the optional
keys ``tilbud[].inntakskrav`` ("dokumentasjon" | "inntaksprove") and ``sokere[].beholdt``; ``poeng`` defaults
to "0.00" and ``gruppe`` to 2. ``inntak-resultat/1`` adds ``"overfylt": {tilbud-id: places over}`` (always
present, usually empty) to the issue's keys, so the flag is stored with the run. Groups: ``prioritet.py``.

API: ``les_snapshot(dict) -> Snapshot``, ``kjor(Snapshot) -> Resultat``, ``verifiser(Snapshot, Resultat) ->
list[str]``, ``kjor_verifisert(Snapshot) -> Resultat`` (raises ``VerifiseringFeil``), ``resultat_til_json`` /
``snapshot_til_json`` / ``les_resultat`` / ``til_json_tekst`` / ``til_json_bytes`` / ``fra_json`` (file text),
``forklar(Snapshot, Resultat, søker-id)``, ``prioritetsgruppe(niva, rettstatus, voksen, heltid, gjesteelev,
regelsett)``, ``lodd(seed, id)``, ``velg_seed()``.
"""

from .forklar import forklar
from .format import (
    FormatFeil,
    fra_json,
    les_resultat,
    les_snapshot,
    resultat_til_json,
    snapshot_til_json,
    til_json_bytes,
    til_json_tekst,
)
from .kvote import kjor_med_kvoter, tilbud_og_kvote
from .lodd import lodd, velg_seed
from .modell import Onske, Poenggrense, Resultat, Snapshot, Soker, Tilbud, Tildeling
from .motor import VerifiseringFeil, kjor, kjor_verifisert
from .prioritet import prioritetsgruppe
from .verifiser import verifiser

__all__ = [
    "FormatFeil",
    "Onske",
    "Poenggrense",
    "Resultat",
    "Snapshot",
    "Soker",
    "Tilbud",
    "Tildeling",
    "VerifiseringFeil",
    "forklar",
    "fra_json",
    "kjor",
    "kjor_med_kvoter",
    "kjor_verifisert",
    "les_resultat",
    "les_snapshot",
    "lodd",
    "prioritetsgruppe",
    "resultat_til_json",
    "snapshot_til_json",
    "tilbud_og_kvote",
    "til_json_bytes",
    "til_json_tekst",
    "velg_seed",
    "verifiser",
]
