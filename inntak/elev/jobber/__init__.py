"""Job types of the student register, registered by importing the modules (ElevConfig.ready)."""

from inntak.elev.jobber import arsavslutning, beregning, ot, rett, sas  # noqa: F401
