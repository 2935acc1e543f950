"""Writes of the intake API: grunnskole grades (vitnemål) and the SAS elevfag and vgs grades, as bulk upserts."""

from inntak.api.services.fag import upsert_elevfag, upsert_vgskarakterer
from inntak.api.services.grunnskole import lagre_grunnskolekarakterer

__all__ = ["lagre_grunnskolekarakterer", "upsert_elevfag", "upsert_vgskarakterer"]
