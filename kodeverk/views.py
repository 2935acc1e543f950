from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from kodeverk import selectors


@login_required
def index(request):
    return render(request, "kodeverk/index.html", {"registre": selectors.registeroversikt(request.user)})
