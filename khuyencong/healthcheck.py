"""Container health check: ``python -m khuyencong.healthcheck`` exits 0 when /healthz answers.

It speaks to gunicorn directly, so it presents itself as the reverse proxy would: the first
host of ALLOWED_HOSTS and ``X-Forwarded-Proto: https`` (otherwise production settings would
answer 400 for the host or 301 to HTTPS).
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request


def check(port: int, host: str, timeout: float = 5.0) -> bool:
    request = urllib.request.Request(  # noqa: S310 - a fixed http URL on the loopback
        f"http://127.0.0.1:{port}/healthz",
        headers={"Host": host, "X-Forwarded-Proto": "https"},
    )
    try:
        # Bandit B310 is a false positive: the URL above has a fixed http scheme and the
        # loopback address.
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310  # nosec B310
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def main() -> int:
    port = int(os.environ.get("PORT", "8000"))
    hosts = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
    host = next((h.lstrip(".") for h in hosts if h != "*"), "localhost")
    return 0 if check(port, host) else 1


if __name__ == "__main__":
    sys.exit(main())
