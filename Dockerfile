# The one image behind migrate, web, worker and beat (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint needs Pango; Liberation Serif is the Times New Roman metric font of the documents.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, so that a code change does not reinstall them. Every package, direct or
# not, is pinned with its hashes (requirements.lock, made by pip-compile from pyproject.toml):
# the image installs exactly what was reviewed, or fails.
COPY requirements.lock ./
RUN pip install --no-deps --require-hashes -r requirements.lock

COPY . .
# Static files are collected into the image: every container serves the same files, and none
# writes at start-up. The key below exists only for this build step.
RUN DJANGO_ENV=production ALLOWED_HOSTS=build.invalid \
        SECRET_KEY="collectstatic-$(python -c 'import secrets; print(secrets.token_urlsafe(48))')" \
        python manage.py collectstatic --noinput \
    && useradd --system --uid 1000 --home-dir /app app \
    && mkdir -p /data/media /app/var \
    && chown -R app:app /data/media /app/var

USER app
EXPOSE 8000
CMD ["gunicorn", "khuyencong.wsgi:application", "--bind", "0.0.0.0:8000"]
