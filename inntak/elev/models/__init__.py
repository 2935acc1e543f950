"""The student register (Elevdatabasen): person × elevkurs × elevfag, rett and OT (docs/elev.md).

Names follow the FINT utdanning model (docs/grensesnitt.md §1.3): an ``Elevforhold`` is VIGO's elevkurs,
``Elevfag`` its kompetansebevis-linjer, ``Vgskarakter`` the grades the REST API delivers one by one.
"""

from inntak.elev.models.ot import Otenhet, OtNotat, Otstatus, OtUngdom
from inntak.elev.models.privatist import Privatistmelding
from inntak.elev.models.register import (
    Bevistype,
    Elevfag,
    Elevforhold,
    Elevimport,
    Fullfortkode,
    Hovedmal,
    Kilde,
    Vgskarakter,
    Vgsvurdering,
    Vitnemalsmerknad,
    endringsindekser,
)
from inntak.elev.models.rett import Rett, Rettsgrunnlag, Rettshendelse

__all__ = [
    "Bevistype",
    "Elevfag",
    "Elevforhold",
    "Elevimport",
    "Fullfortkode",
    "Hovedmal",
    "Kilde",
    "OtNotat",
    "OtUngdom",
    "Otenhet",
    "Otstatus",
    "Privatistmelding",
    "Rett",
    "Rettsgrunnlag",
    "Rettshendelse",
    "Vgskarakter",
    "Vgsvurdering",
    "Vitnemalsmerknad",
    "endringsindekser",
]
