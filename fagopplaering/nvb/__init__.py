"""NVB (Nasjonal vitnemålsdatabase): the ¤-file format, the control engine and the transport to Sikt.

Framework-free except the management command ``nvb_kontroll``. Modules:

* :mod:`.modell` – dataclasses for the line types ¤A, ¤S, ¤V, ¤P, ¤F, ¤M, ¤D and the Vgdoknr scheme.
* :mod:`.format` – writer (``skriv``) and reader (``les``), exact inverses of each other.
* :mod:`.kontroll` – the control engine: ``kontroller`` gives KMnnn messages; a document with a FEIL is neither
  printed nor exported.
* :mod:`.transport` – how a file reaches NVB (a directory now, the HTTP control API once Sikt has agreed).

The format and the rules are described in docs/fagopplaering/nvb.md (from docs/fagopplaering/domene.md §7).
"""
