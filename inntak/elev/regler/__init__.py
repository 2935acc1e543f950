"""Regnereglene i elevregisteret (Elevdatabasen), uten Django.

Hvorfor en egen pakke uten rammeverk: elevstatus, kursprosent, avbrudd/fullførtkode og rett skal gi samme svar i
kommandoen ``manage.py elevstatus``, i kjøringene (5A019 «Oppdater rett» o.l.), i API-et og i testene, og kunne
etterprøves linje for linje. Hvert resultat har en forklaring der hver linje viser til en seksjon i docs/elev.md,
som igjen viser til de offentlige kildene (Registreringshåndboken, opplæringslova).

Moduler:

* :mod:`.elevstatus` – elevstatus (B08) per elevkurs etter Vedlegg 1, første regel som treffer (docs/elev.md §2).
* :mod:`.kursprosent` – kursprosent fra Grep-timer og elevtimer (docs/elev.md §3).
* :mod:`.avbrudd` – avbruddskaskaden (B04) og fullførtkode ved skoleslutt (docs/elev.md §4).
* :mod:`.rett` – rett etter opplæringslova 2023 §§ 5-1, 5-5 og 18-3, og gammel lov for historiske elevkurs
  (docs/elev.md §5).
* :mod:`.fodselsnummer` – fiktive fødselsnumre gjenkjennes før kontrollsifrene (docs/elev.md §6).
* :mod:`.inndata` – JSON til elevkurs med norske feilmeldinger per felt (docs/elev.md §7).
"""
