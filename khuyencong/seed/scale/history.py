"""Proposals with their cost lines, attachments and appraisals, in bulk."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from khuyencong.seed.scale.base import SeederBase, _pick
from khuyencong.seed.scale.tables import (
    APPRAISED,
    BATCH,
    COST_ITEMS,
    CURRENT_YEAR_STATES,
    DONE,
    FIRST_STATES,
    FUNDED,
    LAST_YEAR_STATES,
    OLD_YEAR_STATES,
    STARTED,
    SUBJECTS,
    TINY_PDF,
)
from proposals.models import (
    Appraisal,
    Attachment,
    CostLine,
    Proposal,
    Score,
    ScoreSheet,
    State,
)


class ProposalRows(SeederBase):
    # --- proposals -----------------------------------------------------------------------
    def _state(self, year: int) -> str:
        age = self.today.year - year
        if age == 0 and self.sequence_of_states:
            # Every state at least once, however few proposals are asked for.
            return self.sequence_of_states.pop()
        table = CURRENT_YEAR_STATES if age == 0 else LAST_YEAR_STATES if age == 1 else None
        return _pick(self.rng, table or OLD_YEAR_STATES)

    def _proposal(self, index: int) -> tuple[Proposal, list[CostLine]]:
        rng = self.rng
        # The first proposals go to the current year, one in each state (see FIRST_STATES),
        # and to the first facility: the pages the benchmark measures (its own, its district
        # officer's) then have rows to show at any volume, so their query counts compare.
        current = index < len(FIRST_STATES)
        # The others are drawn, not cycled: cycling would tie a locality to its plan years.
        pick = 0 if current else self.rng.randrange(len(self.facilities))
        facility = self.facilities[pick]
        year = self.years[-1] if current else self.years[index % len(self.years)]
        state = self._state(year)
        created = self._moment(year, rng.randint(0, 120))
        changed = self._moment(year, rng.randint(121, 480))
        lines = []
        for position, (item, unit) in enumerate(COST_ITEMS[: rng.randint(2, 4)]):
            quantity = Decimal(rng.randint(1, 5))
            price = rng.randint(20, 900) * 1_000_000
            amount = CostLine.compute_amount(quantity, price)
            support = amount * rng.choice((30, 40, 50)) // 100
            lines.append(
                CostLine(
                    position=position,
                    content=item,
                    unit=unit,
                    quantity=quantity,
                    unit_price=price,
                    amount=amount,
                    requested_support=support,
                    counterpart=amount - support,
                )
            )
        total = sum(line.amount for line in lines)
        requested = sum(line.requested_support for line in lines)
        proposal = Proposal(
            facility_id=facility.id,
            created_by_id=facility.owner_id,
            created_at=created,
            updated_at=changed,
            state=state,
            state_changed_at=changed,
            title=f"Hỗ trợ {rng.choice(SUBJECTS)} tại {facility.name}",
            activity_type=rng.choice(self.activity_types),
            fund_source=rng.choice(self.funds),
            plan_year=year,
            implementing_unit=facility.name,
            location=facility.address,
            start_date=dt.date(year, 3, 1),
            end_date=dt.date(year, 11, 30),
            necessity="Nâng cao năng suất và chất lượng sản phẩm.",
            objectives="Đổi mới thiết bị, tăng công suất.",
            content_scale="Đầu tư thiết bị theo dự toán.",
            implementation_plan="Mua sắm, lắp đặt, vận hành thử trong năm kế hoạch.",
            expected_results="Tăng năng suất 20%.",
            jobs_created=rng.randint(0, 30),
            total_cost=total,
            requested_support=requested,
            counterpart=total - requested,
        )
        if state != State.DRAFT:
            self.sequence[year] += 1
            proposal.code = f"KC-{year}-{self.sequence[year]:05d}"
            proposal.submitted_at = created + dt.timedelta(days=3)
            proposal.locality_id = facility.locality_id
        if state not in (State.DRAFT, State.SUBMITTED, State.RETURNED):
            proposal.district_opinion = "Đề nghị Sở Công Thương xem xét hỗ trợ."
            proposal.district_priority = rng.randint(1, 20)
        if state in (State.REJECTED, State.RETURNED, State.WITHDRAWN, State.CANCELLED):
            proposal.last_reason = "Hồ sơ chưa đáp ứng điều kiện."
        if state in APPRAISED and state != State.UNDER_APPRAISAL:
            proposal.recommended_amount = requested * rng.choice((80, 90, 100)) // 100
        if state in FUNDED:
            proposal.approved_amount = proposal.recommended_amount
            proposal.decision_number = f"{rng.randint(100, 999)}/QĐ-SCT"
            proposal.decision_date = dt.date(year, 2, 20)
        if state in STARTED or state == State.CANCELLED:
            proposal.contract_number = f"{rng.randint(10, 99)}/HĐ-KC"
            proposal.contract_date = dt.date(year, 3, 1)
        if state in DONE:
            proposal.accepted_cost = total
            proposal.accepted_support = proposal.approved_amount
        return proposal, lines

    def _chunk(self, start: int, stop: int) -> None:
        pairs = [self._proposal(i) for i in range(start, stop)]
        proposals = self._bulk(Proposal, [p for p, _l in pairs])
        lines = []
        for proposal, its_lines in pairs:
            for line in its_lines:
                line.proposal = proposal
                lines.append(line)
        self._bulk(CostLine, lines)
        self._attachments(proposals)
        sheets = self._appraisals([p for p in proposals if p.state in APPRAISED])
        money = self._money([p for p in proposals if p.state in FUNDED])
        self._audit_rows(proposals, sheets, money)

    def _attachments(self, proposals: list[Proposal]) -> None:
        rows = [
            Attachment(
                proposal=p,
                kind=kind,
                file=self.shared_file,
                original_name=name,
                content_type="application/pdf",
                size=len(TINY_PDF),
                uploaded_by_id=p.created_by_id,
                uploaded_at=p.created_at,
            )
            for p in proposals
            for kind, name in (
                (Attachment.Kind.REGISTRATION, "giay-dang-ky.pdf"),
                (Attachment.Kind.QUOTATION, "bao-gia-1.pdf"),
                (Attachment.Kind.QUOTATION, "bao-gia-2.pdf"),
            )
        ]
        self._bulk(Attachment, rows)

    def _appraisals(self, proposals: list[Proposal]) -> list[ScoreSheet]:
        rng = self.rng
        appraisals = []
        for p in proposals:
            concluded = p.state != State.UNDER_APPRAISAL
            appraisals.append(
                Appraisal(
                    proposal=p,
                    started_by=self.dit,
                    started_at=p.submitted_at + dt.timedelta(days=15),
                    concluded_at=(p.submitted_at + dt.timedelta(days=30)) if concluded else None,
                    recommended_amount=p.recommended_amount,
                    pass_mark=Decimal(70) if concluded else None,
                )
            )
        self._bulk(Appraisal, appraisals)
        through = Appraisal.members.through
        memberships, sheets = [], []
        for appraisal in appraisals:
            members = rng.sample(self.council, 2)
            for member in members:
                memberships.append(through(appraisal_id=appraisal.pk, user_id=member.pk))
                sheets.append(ScoreSheet(appraisal=appraisal, member=member))
        self._bulk(through, memberships)
        scores = []
        for sheet in sheets:
            if sheet.appraisal.concluded_at is None and rng.random() < 0.5:
                continue  # this member has not scored yet
            values = [rng.randint(c.max_score * 6 // 10, c.max_score) for c in self.criteria]
            sheet.total = Decimal(sum(values))
            sheet.submitted_at = sheet.appraisal.started_at + dt.timedelta(days=5)
            sheet.comment = "Đề án khả thi."
            sheet.values = values
        self._bulk(ScoreSheet, sheets)
        for sheet in sheets:
            for criterion, value in zip(self.criteria, getattr(sheet, "values", ()), strict=False):
                scores.append(Score(sheet=sheet, criterion=criterion, value=value))
        self._bulk(Score, scores)
        by_appraisal: dict[int, list[Decimal]] = defaultdict(list)
        for sheet in sheets:
            if sheet.total is not None:
                by_appraisal[sheet.appraisal_id].append(sheet.total)
        concluded = [a for a in appraisals if a.concluded_at and by_appraisal.get(a.pk)]
        for a in concluded:
            totals = by_appraisal[a.pk]
            a.mean_score = (sum(totals) / len(totals)).quantize(Decimal("0.01"))
        Appraisal.objects.bulk_update(concluded, ["mean_score"], batch_size=BATCH)
        return sheets
