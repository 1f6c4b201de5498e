"""Synthetic national-scale history for benchmarks (``manage.py seed_scale``).

Every row is written with ``bulk_create`` in batches, straight to the tables: the services
would take hours for 100,000 proposals and would fill the audit log and the notification queue
with noise. The data is therefore *plausible* rather than *lived*: no audit rows, no revisions,
no notifications. Every seeded facility carries an e-mail at ``SCALE_DOMAIN`` so that the
command can tell its own rows from real ones and refuse to mix them.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

from budgets.models import Allocation, Appropriation, Confirmation, Disbursement, Settlement
from khuyencong.catalogue.models import ActivityType, FundSource
from khuyencong.models import Locality, Role, User
from proposals.models import (
    Acceptance,
    Appraisal,
    Attachment,
    CostLine,
    Criterion,
    DossierSequence,
    Facility,
    Proposal,
    Score,
    ScoreSheet,
    State,
)
from proposals.models.facility import LegalForm

SCALE_DOMAIN = "scale.invalid"
USER_PREFIX = "scale-"
SHARED_FILE = "scale/shared-attachment.pdf"
# A minimal, valid one-page PDF: every seeded attachment row points at this one file.
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
PROPOSALS_PER_FACILITY = 5
YEARS = 10
BATCH = 2000

# How far along a plan year's proposals are, by age of the year (0 = the current year).
OLD_YEAR_STATES: list[tuple[str, int]] = [
    (State.SETTLED, 50),
    (State.REJECTED, 14),
    (State.WITHDRAWN, 6),
    (State.CANCELLED, 4),
    (State.ACCEPTED, 4),
    (State.IN_PROGRESS, 2),
]
LAST_YEAR_STATES: list[tuple[str, int]] = [
    (State.SETTLED, 20),
    (State.ACCEPTED, 20),
    (State.IN_PROGRESS, 25),
    (State.APPROVED, 5),
    (State.REJECTED, 15),
    (State.WITHDRAWN, 5),
    (State.CANCELLED, 5),
]
CURRENT_YEAR_STATES: list[tuple[str, int]] = [
    (State.DRAFT, 8),
    (State.SUBMITTED, 14),
    (State.RETURNED, 6),
    (State.FORWARDED, 14),
    (State.UNDER_APPRAISAL, 10),
    (State.APPRAISED, 8),
    (State.APPROVED, 12),
    (State.IN_PROGRESS, 12),
    (State.ACCEPTED, 4),
    (State.REJECTED, 8),
    (State.WITHDRAWN, 4),
]
FIRST_STATES = [
    State.FORWARDED,
    State.APPRAISED,
    State.SUBMITTED,
    State.UNDER_APPRAISAL,
    State.ACCEPTED,
    State.IN_PROGRESS,
    State.APPROVED,
    State.RETURNED,
    State.SETTLED,
    State.DRAFT,
    State.REJECTED,
    State.WITHDRAWN,
    State.CANCELLED,
]
APPRAISED = {
    State.UNDER_APPRAISAL,
    State.APPRAISED,
    State.APPROVED,
    State.IN_PROGRESS,
    State.ACCEPTED,
    State.SETTLED,
    State.CANCELLED,
}
FUNDED = {State.APPROVED, State.IN_PROGRESS, State.ACCEPTED, State.SETTLED, State.CANCELLED}
STARTED = {State.IN_PROGRESS, State.ACCEPTED, State.SETTLED}
DONE = {State.ACCEPTED, State.SETTLED}
SUBJECTS = [
    "máy sấy nông sản",
    "dây chuyền chế biến trái cây",
    "máy đóng gói chân không",
    "lò sấy gạch tiết kiệm năng lượng",
    "hệ thống xử lý nước thải",
    "máy ép dầu dừa",
    "thiết bị chế biến thủy sản",
    "máy dệt chiếu cói",
    "bao bì và nhãn hiệu sản phẩm OCOP",
    "mô hình trình diễn sản xuất bánh tráng",
]
COST_ITEMS = [
    ("Máy chính", "cái"),
    ("Thiết bị phụ trợ", "bộ"),
    ("Lắp đặt, chạy thử", "gói"),
    ("Đào tạo vận hành", "lớp"),
]
PLACES = ["ấp Phước Yên", "ấp Tân Hưng", "ấp Hòa Lợi", "khóm 2", "ấp An Thạnh", "ấp Bình Hòa"]


class ScaleRefused(Exception):
    """The database holds real (non-scale) data and ``--force`` was not given."""


@dataclass
class Report:
    rows: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    seconds: float = 0.0


def has_foreign_data() -> bool:
    """Whether the database holds facilities or proposals that this seeder did not write."""
    foreign = Facility.objects.exclude(email__endswith=f"@{SCALE_DOMAIN}")
    return foreign.exists() or Proposal.objects.exclude(facility__in=_scale_facilities()).exists()


def has_scale_data() -> bool:
    return User.objects.filter(username__startswith=USER_PREFIX).exists()


def _scale_facilities() -> Any:
    return Facility.objects.filter(email__endswith=f"@{SCALE_DOMAIN}")


def tax_code(n: int) -> str:
    """A 10-digit tax number with a valid check digit (skips bases whose digit would be 10)."""
    weights = (31, 29, 23, 19, 17, 13, 7, 5, 3)
    base = 800_000_000 + n * 7
    while True:
        digits = f"{base:09d}"[-9:]
        check = 10 - sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
        if 0 <= check <= 9:
            return f"{digits}{check}"
        base += 1


def _pick(rng: random.Random, table: Sequence[tuple[str, int]]) -> str:
    return rng.choices([s for s, _w in table], weights=[w for _s, w in table])[0]


def _batched(items: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Seeder:
    def __init__(self, *, proposals: int, seed: int, log: Callable[[str], None]) -> None:
        self.total = proposals
        # Synthetic data, reproducible from the seed: not a security use of randomness.
        self.rng = random.Random(seed)  # noqa: S311  # nosec B311
        self.log = log
        self.report = Report()
        self.today = timezone.localdate()
        self.years = list(range(self.today.year - YEARS + 1, self.today.year + 1))
        # Continue the dossier numbering of a database that already has some (``--force``).
        self.sequence: dict[int, int] = defaultdict(
            int, DossierSequence.objects.values_list("year", "last")
        )
        self.allocated: dict[tuple[int, int], int] = defaultdict(int)
        # Popped from the end: the states the inboxes and dashboards wait on come first, so
        # that even ten proposals fill every list (a page's queries are then comparable).
        self.sequence_of_states = list(reversed(FIRST_STATES))

    # --- helpers -------------------------------------------------------------------------
    def _bulk(self, model: type, objs: list[Any]) -> list[Any]:
        model.objects.bulk_create(objs, batch_size=BATCH)
        self.report.rows[model._meta.label] += len(objs)
        return objs

    def _moment(self, year: int, day_of_year: int) -> dt.datetime:
        day = dt.date(year - 1, 9, 1) + dt.timedelta(days=day_of_year)
        day = min(day, self.today)
        return timezone.make_aware(dt.datetime.combine(day, dt.time(8 + day_of_year % 9)))

    # --- reference rows ------------------------------------------------------------------
    def _references(self) -> None:
        self.localities = list(
            Locality.objects.filter(level=Locality.Level.DISTRICT, is_active=True).order_by("pk")
        ) or list(Locality.objects.order_by("pk"))
        if not self.localities:
            raise ScaleRefused("Chưa có đơn vị hành chính nào (hãy chạy migrate).")
        self.activity_types = list(ActivityType.objects.filter(is_active=True).order_by("pk"))
        self.funds = list(FundSource.objects.order_by("pk"))
        self.criteria = list(Criterion.objects.filter(is_active=True).order_by("position", "pk"))
        if not (self.activity_types and self.funds and self.criteria):
            raise ScaleRefused("Thiếu danh mục hoạt động, nguồn kinh phí hoặc tiêu chí chấm điểm.")
        default_storage.delete(SHARED_FILE)
        self.shared_file = default_storage.save(SHARED_FILE, ContentFile(TINY_PDF))

    def _staff(self) -> None:
        password = make_password(None)
        staff = [
            User(username=f"{USER_PREFIX}dit", role=Role.DIT, password=password),
            User(username=f"{USER_PREFIX}leader", role=Role.LEADER, password=password),
            User(username=f"{USER_PREFIX}finance", role=Role.FINANCE, password=password),
        ]
        staff += [
            User(username=f"{USER_PREFIX}council{i}", role=Role.COUNCIL, password=password)
            for i in range(1, 7)
        ]
        staff += [
            User(
                username=f"{USER_PREFIX}district-{loc.code}",
                role=Role.DISTRICT,
                locality=loc,
                password=password,
            )
            for loc in self.localities
        ]
        self._bulk(User, staff)
        self.dit, self.leader, self.finance = staff[:3]
        self.council = staff[3:9]
        self.district_of = {u.locality_id: u for u in staff[9:]}

    def _facilities(self) -> None:
        count = max(1, self.total // PROPOSALS_PER_FACILITY)
        rng = self.rng
        facilities = [
            Facility(
                tax_code=tax_code(n),
                name=f"Cơ sở {rng.choice(SUBJECTS)} số {n + 1}",
                legal_form=rng.choice(LegalForm.values),
                locality=self.localities[n % len(self.localities)],
                address=f"{rng.choice(PLACES)}, {self.localities[n % len(self.localities)].name}",
                representative=f"Nguyễn Văn {chr(65 + n % 26)}",
                phone=f"09{n:08d}"[:10],
                email=f"facility{n}@{SCALE_DOMAIN}",
                employees=rng.randint(3, 200),
                status=Facility.Status.ACTIVE,
            )
            for n in range(count)
        ]
        self._bulk(Facility, facilities)
        password = make_password(None)
        owners = [
            User(
                username=f"{USER_PREFIX}facility{n}",
                role=Role.FACILITY,
                facility=f,
                password=password,
                email=f.email,
            )
            for n, f in enumerate(facilities)
        ]
        self._bulk(User, owners)
        self.facilities = list(zip(facilities, owners, strict=True))

    def _appropriations(self) -> None:
        rows = [
            Appropriation(
                plan_year=year,
                fund_source=fund,
                amount=1,  # set to the real total once the allocations are known
                decision_number=f"{100 + i}/QĐ-UBND",
                decision_date=dt.date(year, 1, 15),
                created_by=self.finance,
            )
            for year in self.years
            for i, fund in enumerate(self.funds)
        ]
        self._bulk(Appropriation, rows)
        self.appropriation = {(a.plan_year, a.fund_source_id): a for a in rows}

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
        facility, owner = self.facilities[pick]
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
            facility=facility,
            created_by=owner,
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
        self._appraisals([p for p in proposals if p.state in APPRAISED])
        self._money([p for p in proposals if p.state in FUNDED])

    def _attachments(self, proposals: list[Proposal]) -> None:
        rows = [
            Attachment(
                proposal=p,
                kind=kind,
                file=self.shared_file,
                original_name=name,
                content_type="application/pdf",
                size=len(TINY_PDF),
                uploaded_by=p.created_by,
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

    def _appraisals(self, proposals: list[Proposal]) -> None:
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

    def _money(self, proposals: list[Proposal]) -> None:
        rng = self.rng
        allocations = []
        for p in proposals:
            if not p.approved_amount:
                continue
            released = p.approved_amount // 2 if p.state == State.CANCELLED else 0
            allocations.append(
                Allocation(
                    appropriation=self.appropriation[(p.plan_year, p.fund_source_id)],
                    proposal=p,
                    amount=p.approved_amount,
                    released=released,
                    status=Confirmation.CONFIRMED
                    if p.state != State.APPROVED or rng.random() < 0.5
                    else Confirmation.PROPOSED,
                    proposed_by=self.dit,
                    confirmed_by=self.finance,
                    confirmed_at=p.state_changed_at,
                )
            )
            key = (p.plan_year, p.fund_source_id)
            self.allocated[key] += p.approved_amount - released
        self._bulk(Allocation, allocations)
        disbursements, settlements, acceptances = [], [], []
        for allocation in allocations:
            p = allocation.proposal
            if p.state not in STARTED:
                continue
            advance = allocation.amount * 3 // 10
            disbursements.append(self._disbursement(allocation, Disbursement.Kind.ADVANCE, advance))
            if p.state in DONE:
                acceptances.append(
                    Acceptance(
                        proposal=p,
                        accepted_on=dt.date(p.plan_year, 12, 10),
                        members="Đại diện Sở Công Thương, UBND huyện, cơ sở.",
                        result=Acceptance.Result.PASS,
                        accepted_cost=p.accepted_cost,
                        accepted_support=p.accepted_support,
                        jobs_achieved=p.jobs_created,
                        recorded_by=self.dit,
                    )
                )
            if p.state == State.SETTLED:
                rest = allocation.amount - advance
                disbursements.append(
                    self._disbursement(allocation, Disbursement.Kind.PAYMENT, rest)
                )
                settlements.append(
                    Settlement(proposal=p, amount=allocation.amount, settled_by=self.finance)
                )
        self._bulk(Disbursement, disbursements)
        self._bulk(Acceptance, acceptances)
        self._bulk(Settlement, settlements)

    def _disbursement(self, allocation: Allocation, kind: str, amount: int) -> Disbursement:
        p = allocation.proposal
        return Disbursement(
            allocation=allocation,
            kind=kind,
            amount=amount,
            voucher_number=f"{kind[:2].upper()}-{p.code}",
            voucher_date=dt.date(p.plan_year, 6 if kind == Disbursement.Kind.ADVANCE else 12, 15),
            status=Confirmation.CONFIRMED,
            recorded_by=self.dit,
            confirmed_by=self.finance,
            confirmed_at=p.state_changed_at,
        )

    def _finish(self) -> None:
        for (year, fund_id), appropriation in self.appropriation.items():
            total = self.allocated.get((year, fund_id), 0)
            # 10% headroom: the province never grants exactly what is allocated.
            appropriation.amount = max(total + total // 10, 1_000_000_000)
        Appropriation.objects.bulk_update(self.appropriation.values(), ["amount"])
        for year, last in self.sequence.items():
            DossierSequence.objects.update_or_create(year=year, defaults={"last": last})

    # --- entry point ---------------------------------------------------------------------
    def run(self) -> Report:
        started = timezone.now()
        with transaction.atomic():
            self._references()
            self._staff()
            self._facilities()
            self._appropriations()
        self.log(f"{len(self.facilities)} cơ sở trên {len(self.localities)} địa bàn")
        step = 5000
        for start in range(0, self.total, step):
            with transaction.atomic():
                self._chunk(start, min(start + step, self.total))
            self.log(f"{min(start + step, self.total)}/{self.total} đề án")
        with transaction.atomic():
            self._finish()
        if connection.vendor == "postgresql":
            # Fresh statistics: the planner would otherwise see the tables as empty for minutes.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.report.seconds = (timezone.now() - started).total_seconds()
        return self.report


def wipe() -> None:
    """Delete every row this seeder wrote (and nothing else)."""
    facilities = _scale_facilities()
    proposals = Proposal.objects.filter(facility__in=facilities)
    with transaction.atomic():
        Settlement.objects.filter(proposal__in=proposals).delete()
        Disbursement.objects.filter(allocation__proposal__in=proposals).delete()
        Allocation.objects.filter(proposal__in=proposals).delete()
        Appropriation.objects.filter(created_by__username=f"{USER_PREFIX}finance").delete()
        Score.objects.filter(sheet__appraisal__proposal__in=proposals).delete()
        ScoreSheet.objects.filter(appraisal__proposal__in=proposals).delete()
        proposals.delete()
        User.objects.filter(username__startswith=USER_PREFIX).delete()
        facilities.delete()
        # Give back the dossier numbers: continue after the highest code still in use.
        for sequence in DossierSequence.objects.all():
            codes = Proposal.objects.filter(code__startswith=f"KC-{sequence.year}-")
            last = max(
                (int(c.rsplit("-", 1)[1]) for c in codes.values_list("code", flat=True)), default=0
            )
            if last != sequence.last:
                sequence.last = last
                sequence.save(update_fields=["last"])
