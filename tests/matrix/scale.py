"""The DIT's list of every proposal (issue 9)."""

from tests.matrix import OK, Case, only

CASES = [
    Case("proposals:dit_list", only(OK, ("dit", "leader"))),
]
