# Production image: gunicorn (web) and Celery (worker, beat) share it; see docker-compose.yml.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=emulation.settings.production \
    DJANGO_MEDIA_ROOT=/app/media

# Pango and HarfBuzz for WeasyPrint; fonts-liberation2 has the Vietnamese glyphs, Noto Serif is the
# signature stamp's font; gettext compiles the translations below.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
        fonts-liberation2 fonts-noto-core gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# Build-time values only: these commands read settings but touch no database.
RUN export DJANGO_SECRET_KEY=build-only-not-secret DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    && if find . -name '*.po' -print -quit | grep -q .; then python manage.py compilemessages; fi \
    && python manage.py collectstatic --noinput \
    && rm -f /tmp/build.sqlite3

# /srv/static: the `static` volume nginx serves; `web` copies /app/staticfiles into it on every start.
RUN useradd --system --uid 10001 --user-group --home-dir /app app \
    && mkdir -p /app/media /srv/static \
    && chown app:app /app/media /srv/static
USER app

EXPOSE 8000
CMD ["sh", "-c", "exec gunicorn emulation.wsgi:application --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-$((2 * $(nproc) + 1))} --access-logfile -"]
