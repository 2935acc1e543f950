"""Thin HTTP layer of the core's SAS API; reads in ``vigo.api.selectors``, writes in ``vigo.api.services``."""
