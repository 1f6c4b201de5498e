"""Review and decision pages (issue 4)."""

from typing import Any

from tests.factories import CouncilFactory
from tests.factories_review import appraised, proposal_in, with_council, with_rule
from tests.matrix import FORBIDDEN, NOT_FOUND, OK, REDIRECT, Case, World, logged_in, only

BAD = 400


def _l1(w: World, state: str, **kwargs: Any) -> Any:
    return proposal_in(state, facility=w.users["facility"].facility, **kwargs)


def _pk(proposal: Any) -> dict[str, Any]:
    return {"pk": proposal.pk}


def submitted(w: World) -> dict[str, Any]:
    return _pk(_l1(w, "submitted"))


def forwarded(w: World) -> dict[str, Any]:
    return _pk(_l1(w, "forwarded", district_priority=1))


def under_appraisal_scored(w: World) -> dict[str, Any]:
    proposal = _l1(w, "under_appraisal")
    with_council(proposal, [w.users["council"], CouncilFactory(username="c2")], scored=2)
    return _pk(proposal)


def appraised_l1(w: World) -> dict[str, Any]:
    return _pk(appraised(facility=w.users["facility"].facility))


def act(action: str, build: Any) -> Any:
    def kwargs(w: World) -> dict[str, Any]:
        return {**build(w), "action": action}

    return kwargs


def own_sheet(w: World) -> dict[str, Any]:
    proposal = _l1(w, "under_appraisal")
    appraisal = with_council(proposal, [w.users["council"], CouncilFactory(username="c2")])
    return {"pk": appraisal.sheets.get(member=w.users["council"]).pk}


def sheet_scores(w: World) -> dict[str, Any]:
    from proposals.models import Criterion

    return {f"c{c.pk}": c.max_score - 1 for c in Criterion.objects.filter(is_active=True)}


def bulk_target(w: World) -> dict[str, Any]:
    w.objects["bulk"] = appraised(facility=w.users["facility"].facility)
    return {}


def bulk_data(w: World) -> dict[str, Any]:
    return {
        "proposals": [w.objects["bulk"].pk],
        "plan_year": 2027,
        "decision_number": "123/QĐ-SCT",
        "decision_date": "2026-01-15",
    }


# Who may see a proposal of l1 that is past the district: as for submitted ones.
SEEN = dict(facility=FORBIDDEN, facility_other=NOT_FOUND, district_other=NOT_FOUND)
# A visible proposal the viewer may not act on: 403; outside scope: 404.
ACT_DEFAULT = logged_in(FORBIDDEN, council=NOT_FOUND, **SEEN)


def acting(role: str, status: int | str = REDIRECT, **overrides: Any) -> dict[str, Any]:
    table = dict(ACT_DEFAULT)
    table[role] = status
    table.update(overrides)
    return table


REASON = {"reject-reason": "Không phù hợp lĩnh vực ưu tiên."}

CASES = [
    Case(
        "proposals:proposal_act",
        acting("district"),
        kwargs=act("forward", submitted),
        method="post",
        data=lambda w: {"forward-opinion": "Đồng ý đề xuất.", "forward-priority": 1},
        label="forward",
    ),
    Case(
        "proposals:proposal_act",
        acting("district"),
        kwargs=act("return", submitted),
        method="post",
        data=lambda w: {"return-reason": "Bổ sung báo giá."},
        label="return",
    ),
    Case(
        "proposals:proposal_act",
        acting("district", BAD),
        kwargs=act("return", submitted),
        method="post",
        data=lambda w: {"return-reason": ""},
        label="return-invalid",
    ),
    Case(
        "proposals:proposal_act",
        acting("district"),
        kwargs=act("reject", submitted),
        method="post",
        data=lambda w: REASON,
        label="reject-submitted",
    ),
    Case(
        "proposals:proposal_act",
        acting("dit"),
        kwargs=act("reject", forwarded),
        method="post",
        data=lambda w: REASON,
        label="reject-forwarded",
    ),
    Case(
        "proposals:proposal_act",
        acting("dit"),
        kwargs=act("request_info", forwarded),
        method="post",
        data=lambda w: {"request_info-reason": "Bổ sung hồ sơ năng lực."},
        label="request_info",
    ),
    Case(
        "proposals:proposal_act",
        acting("dit"),
        kwargs=act("start_appraisal", forwarded),
        method="post",
        data=lambda w: {
            "start_appraisal-members": [
                w.users["council"].pk,
                CouncilFactory(username="c3").pk,
            ]
        },
        label="start_appraisal",
    ),
    Case(
        "proposals:proposal_act",
        acting("dit", council=FORBIDDEN),
        kwargs=act("conclude_appraisal", under_appraisal_scored),
        method="post",
        data=lambda w: {"conclude_appraisal-recommended_amount": "250.000.000"},
        label="conclude_appraisal",
    ),
    Case(
        "proposals:proposal_act",
        acting("leader"),
        kwargs=act("approve", appraised_l1),
        method="post",
        data=lambda w: {
            "approve-approved_amount": "250000000",
            "approve-plan_year": 2027,
            "approve-decision_number": "12/QĐ-SCT",
            "approve-decision_date": "2026-01-10",
        },
        label="approve",
    ),
    Case(
        "proposals:proposal_act",
        acting("leader"),
        kwargs=act("reject", appraised_l1),
        method="post",
        data=lambda w: REASON,
        label="reject-appraised",
    ),
    Case(
        "proposals:proposal_act",
        logged_in(NOT_FOUND, district_other=NOT_FOUND),
        kwargs=act("no-such-action", submitted),
        method="post",
        label="unknown-action",
    ),
    Case(
        "proposals:proposal_changes",
        logged_in(OK, council=NOT_FOUND, **SEEN),
        kwargs=submitted,
    ),
    Case("proposals:district_inbox", only(OK, ("district", "district_other"))),
    Case("proposals:district_forwarded", only(OK, ("district", "district_other"))),
    Case("proposals:dit_intake", only(OK, ("dit",))),
    Case("proposals:leader_decisions", only(OK, ("leader",))),
    Case(
        "proposals:leader_bulk_approve",
        only(REDIRECT, ("leader",)),
        kwargs=bulk_target,
        method="post",
        data=bulk_data,
    ),
    Case(
        "proposals:leader_bulk_approve",
        only(BAD, ("leader",)),
        method="post",
        data=lambda w: {"plan_year": 2027},
        label="invalid",
    ),
    Case("proposals:council_assigned", only(OK, ("council",))),
    Case("proposals:scoresheet_form", only(OK, ("council",)), kwargs=own_sheet),
    Case(
        "proposals:scoresheet_form",
        only(REDIRECT, ("council",)),
        kwargs=own_sheet,
        method="post",
        data=sheet_scores,
        label="submit",
    ),
]

__all__ = ["CASES", "with_rule"]
