import os

from django.core.wsgi import get_wsgi_application

# gunicorn in the image; runserver (dev) has DJANGO_SETTINGS_MODULE set by manage.py before this is read.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigo.settings.prod")
application = get_wsgi_application()
