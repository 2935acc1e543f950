"""``python -m inntak.regler``: poengkalkulatoren på kommandolinjen (se ``kalkulator.main``)."""

import sys

from .kalkulator import main

sys.exit(main())
