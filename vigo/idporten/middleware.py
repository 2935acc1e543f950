"""The middleware lives in ``okt``; this is the dotted path settings.MIDDLEWARE names."""

from vigo.idporten.okt import SokerMiddleware

__all__ = ["SokerMiddleware"]
