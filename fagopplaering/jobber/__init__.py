"""Job types of fagopplæringen, registered by importing the modules (FagopplaeringConfig.ready)."""

from fagopplaering.jobber import formidling, kontrakt, prove, tilskudd  # noqa: F401
