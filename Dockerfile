FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY core ./core
COPY bot ./bot
COPY content ./content
RUN pip install . && useradd --create-home --uid 10001 prepbot
USER prepbot
ENV DATA_DIR=/home/prepbot/data
EXPOSE 3000
ENTRYPOINT ["prepbot"]
CMD ["run"]
