"""Demo data for ``load_demo``: the people (``people``) and one plan year's story (``story``)."""

from khuyencong.seed.demo.people import DEMO_PASSWORD, FACILITIES, STAFF, load_core
from khuyencong.seed.demo.story import load_story, plan_year

__all__ = ["DEMO_PASSWORD", "FACILITIES", "STAFF", "load_core", "load_story", "plan_year"]
