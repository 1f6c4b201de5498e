"""Demo data for ``load_demo``: the people (``people``), the 2025 plan year under the old
districts (``history``) and the current plan year's story in the communes (``story``)."""

from khuyencong.demo.history import load_history
from khuyencong.demo.people import DEMO_PASSWORD, FACILITIES, STAFF, load_core
from khuyencong.demo.story import load_story, plan_year

__all__ = [
    "DEMO_PASSWORD",
    "FACILITIES",
    "STAFF",
    "load_core",
    "load_history",
    "load_story",
    "plan_year",
]
