# The backup job's image (docker-compose.yml, service `backup`): the PostgreSQL client of the
# server's major version (pg_dump refuses a newer server), gpg for encrypted backups, redis-cli
# to purge the queue after a restore, and the two scripts.
FROM postgres:16

RUN apt-get update \
    && apt-get install -y --no-install-recommends gnupg redis-tools \
    && rm -rf /var/lib/apt/lists/*

COPY ops/backup.sh ops/restore.sh /ops/
ENTRYPOINT []
CMD ["bash", "/ops/backup.sh", "/backups/manual"]
