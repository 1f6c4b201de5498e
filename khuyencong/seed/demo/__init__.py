"""Demo data for ``load_demo``: the people (``people``), the 2025 plan year under the old
districts (``history``) and the current plan year's story in the communes (``story``)."""

from khuyencong.seed.demo.history import load_history
from khuyencong.seed.demo.people import DEMO_PASSWORD, FACILITIES, STAFF, load_core
from khuyencong.seed.demo.story import load_story, plan_year

__all__ = [
    "DEMO_PASSWORD",
    "FACILITIES",
    "STAFF",
    "load_core",
    "load_history",
    "load_story",
    "plan_year",
]
