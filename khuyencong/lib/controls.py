"""Control characters in user text (issue 18, item 8).

A facility name with a line break reached an e-mail subject, where a line break is a header
injection: Django refused the message and the catch-up job stopped on it. One-line fields
therefore refuse these characters, and whatever text goes into a one-line place (an e-mail
subject) is flattened first.
"""

from __future__ import annotations

import re

# C0 and C1 controls (TAB, LF, CR included), DEL, the Unicode line and paragraph separators,
# and the bidirectional overrides that make a text read differently from what it holds.
CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def has_controls(text: str) -> bool:
    """True when ``text`` holds a character a one-line field refuses."""
    return bool(CONTROL_RE.search(text))


def one_line(text: str) -> str:
    """``text`` on one line: every control character becomes a space, runs of spaces one."""
    return " ".join(CONTROL_RE.sub(" ", text).split())
