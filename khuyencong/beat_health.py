"""Beat's container health check: ``python -m khuyencong.beat_health`` exits 0 when the beat
touched its heartbeat file (``BEAT_HEARTBEAT_FILE``) within ``BEAT_HEARTBEAT_MAX_AGE`` seconds.

No Django here: the check runs every minute and must be cheap.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

DEFAULT_FILE = Path(__file__).resolve().parent.parent / "var" / "beat-heartbeat"


def age(path: Path) -> float | None:
    try:
        return time.time() - path.stat().st_mtime
    except FileNotFoundError:
        return None


def main() -> int:
    path = Path(os.environ.get("BEAT_HEARTBEAT_FILE") or DEFAULT_FILE)
    max_age = float(os.environ.get("BEAT_HEARTBEAT_MAX_AGE") or 120)
    seconds = age(path)
    if seconds is None:
        print(f"beat: no heartbeat at {path}")
        return 1
    if seconds > max_age:
        print(f"beat: last tick {seconds:.0f}s ago (limit {max_age:.0f}s)")
        return 1
    print(f"beat: last tick {seconds:.0f}s ago")
    return 0


if __name__ == "__main__":
    sys.exit(main())
