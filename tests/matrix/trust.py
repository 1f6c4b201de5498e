"""The audit log (issue 8): DIT leaders and admins only; the log has no per-user scope."""

from tests.matrix import OK, Case, only

AUDIT = only(OK, ("leader", "admin"))

CASES = [
    Case("audit_log", AUDIT),
    Case(
        "audit_log", AUDIT, label="filtered", data=lambda w: {"action": "proposal.", "code": "KC"}
    ),
    Case("audit_log_export", AUDIT),
    # Issue 14: the actor autocomplete (names of users) is for the same readers only.
    Case("audit_actors", AUDIT),
    Case("audit_actors", AUDIT, label="typed", data=lambda w: {"q": "Lê Văn"}),
    Case("audit_log", AUDIT, label="bad cursor", data=lambda w: {"after": "x.1"}),
]
