"""gunicorn as production runs it: the web command of docker-compose.yml, on a free local port."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class WebConfig:
    workers: int
    threads: int
    worker_class: str
    timeout: int

    def describe(self) -> str:
        threads = f"{self.threads} thread{'s' if self.threads > 1 else ''}"
        return f"{self.workers} {self.worker_class} workers × {threads}, timeout {self.timeout} s"


def _option(command: str, name: str, default: str) -> str:
    """The value of ``--name`` in the command: a literal or a ``${VAR:-default}`` (the
    variable itself when the environment sets it, as compose would)."""
    match = re.search(rf"--{name}[ =](\$\{{(\w+):-([^}}]*)\}}|\S+)", command)
    if not match:
        return default
    if match.group(2):
        return os.environ.get(match.group(2), match.group(3))
    return match.group(1)


def compose_web_config(path: Path = ROOT / "docker-compose.yml") -> WebConfig:
    """Workers, threads, worker class and timeout of the ``web`` service's gunicorn."""
    import yaml

    services = yaml.safe_load(path.read_text())["services"]
    command = services["web"]["command"]
    text = " ".join(command) if isinstance(command, list) else command
    if "gunicorn" not in text:
        raise RuntimeError("docker-compose.yml: the web service does not run gunicorn")
    return WebConfig(
        workers=int(_option(text, "workers", "1")),
        threads=int(_option(text, "threads", "1")),
        worker_class=_option(text, "worker-class", "sync"),
        timeout=int(_option(text, "timeout", "30")),
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(python: str, config: WebConfig, env: dict[str, str]) -> Iterator[str]:
    """Serve the portal with ``config``; yields the base URL, stops the server after."""
    port = free_port()
    args = [
        str(Path(python).with_name("gunicorn")),
        "khuyencong.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(config.workers),
        "--threads",
        str(config.threads),
        "--worker-class",
        config.worker_class if config.threads == 1 else "gthread",
        "--timeout",
        str(config.timeout),
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(args, cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(f"{base}/healthz")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=60)


def _wait_until_up(url: str, timeout: float = 120) -> None:
    import requests

    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            if requests.get(url, timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer at {url}")
