from django.http import HttpResponse
from rest_framework.views import APIView


def side(request):
    return HttpResponse("Poengkalkulatoren bygges.", status=503)


class PoengkalkulatorApi(APIView):
    authentication_classes: list = []
    permission_classes: list = []
