"""Thin HTTP layer of the SAS/school API; reads in ``vigo.api.selectors``, writes in ``vigo.api.services``."""
