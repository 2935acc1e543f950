"""Job types of fagopplæringen, registered by importing the modules (FagopplaeringConfig.ready)."""

from fagopplaering.jobber import formidling, kontrakt, tilskudd  # noqa: F401
