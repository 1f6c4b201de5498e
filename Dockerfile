# The one image behind web, worker and beat (see docker-compose.yml).
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

# Dependencies first, so that a code change does not reinstall them.
COPY pyproject.toml ./
RUN pip install .

COPY . .
RUN useradd --system --uid 1000 --home-dir /app app \
    && mkdir -p /data/media /app/staticfiles /app/var \
    && chown -R app:app /data/media /app/staticfiles /app/var

USER app
EXPOSE 8000
CMD ["gunicorn", "khuyencong.wsgi:application", "--bind", "0.0.0.0:8000"]
