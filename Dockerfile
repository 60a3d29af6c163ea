# syntax=docker/dockerfile:1
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# tini runs as PID 1: it passes SIGTERM and SIGINT on to the bot and reaps child processes.
RUN apt-get update \
    && apt-get install --yes --no-install-recommends tini \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 prepbot \
    && mkdir /data \
    && chown prepbot /data
WORKDIR /app

# The dependencies get their own layer, built from pyproject.toml alone, so a change to the
# code does not reinstall them. Empty stand-ins for the packages let pip read the metadata.
ARG EXTRAS=all
COPY pyproject.toml ./
RUN mkdir core bot content \
    && touch core/__init__.py bot/__init__.py content/.keep README.md \
    && pip install "hatchling>=1.25,<2" ".[${EXTRAS}]" \
    && pip uninstall --yes prepbot \
    && rm -rf core bot content README.md

COPY README.md ./
COPY content ./content
COPY core ./core
COPY bot ./bot
RUN pip install --no-deps --no-build-isolation .

# The SQLite file (when DATABASE_URL is not set) and the charts live in /data: mount a volume
# there to keep them (docker run -v prepbot-data:/data ...).
ENV DATA_DIR=/data HEALTH_PORT=8080
VOLUME ["/data"]
# 3000: Slack in HTTP mode (/slack/events); 8080: GET /healthz in every mode.
EXPOSE 3000 8080
USER prepbot
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-m", "bot.health"]
ENTRYPOINT ["tini", "--", "prepbot"]
CMD ["run"]
