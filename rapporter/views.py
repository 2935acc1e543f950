from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from vigo import jobber


@login_required
def index(request):
    omrade = "Rapporter"
    return render(
        request,
        "vigo/omrade.html",
        {"omrade": omrade, "jobbtyper": [j for j in jobber.alle() if j.omrade == omrade]},
    )
