"""Write intensjonsavtaler_50.csv and intensjonsavtaler_feil.csv (line 7 has an organisasjonsnummer that is not in
the register) from the demo county's approvals, for the «done when» walk-through of issue 15:

    .venv/bin/python manage.py shell -c "exec(open('tests/fagopplaering/data/lag_intensjonsavtaler.py').read())"

The demo's approvals are drawn at random when the demo data is made, so the files are made from the database
rather than checked in with fixed numbers. Defaults: county 50, the school year starting this calendar year.
"""

import datetime
from pathlib import Path

from fagopplaering.services.intensjonsavtaler import eksempelfil
from kodeverk.models import Fylke, Skolear

ar = datetime.date.today().year
skolear = Skolear.objects.get(kode=f"{ar}-{ar + 1}")
fylke = Fylke.objects.get(nummer="50")
mappe = Path("tests/fagopplaering/data")
(mappe / "intensjonsavtaler_50.csv").write_text(eksempelfil(fylke.pk, skolear), encoding="utf-8")
(mappe / "intensjonsavtaler_feil.csv").write_text(
    eksempelfil(fylke.pk, skolear, feil_linje=7), encoding="utf-8"
)
print("Skrev", mappe / "intensjonsavtaler_50.csv", "og", mappe / "intensjonsavtaler_feil.csv")
