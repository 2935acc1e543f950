"""SAS ↔ VIGO-filen (IST «Grensesnitt SAS», versjon 3): oppsett, lesing med kontroll, skriving, testfiler.

Uten Django, som reglene i :mod:`inntak.elev.regler`. Importjobben (skriving til databasen) bygger på dette.

* :mod:`.format` – postoppsettet som erklærte data; det eneste stedet oppsettet står (docs/sas.md §2–§3).
* :mod:`.les` – strømmende leser og kontroll med norske feil per linje og felt (docs/sas.md §4).
* :mod:`.skriv` – samme oppsett ut (docs/sas.md §5).
* :mod:`.testfil` – syntetiske, gyldige filer (docs/sas.md §6).
"""

from .format import POSTTYPER, Elev, Elevkurs, Kompetansebevislinje, Post, Tof, Vitnemalsmerknad
from .les import Feil, Leser, Lesing, les_fil, valider_fil
from .skriv import skriv_fil, skriv_post, skriv_til
from .testfil import lag_testfil

__all__ = [
    "POSTTYPER",
    "Elev",
    "Elevkurs",
    "Feil",
    "Kompetansebevislinje",
    "Leser",
    "Lesing",
    "Post",
    "Tof",
    "Vitnemalsmerknad",
    "lag_testfil",
    "les_fil",
    "skriv_fil",
    "skriv_post",
    "skriv_til",
    "valider_fil",
]
