"""The seeder: reference rows, staff, facilities, appropriations, then the history in chunks."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

from budgets.models import Appropriation
from khuyencong.catalogue.models import ActivityType, FundSource
from khuyencong.models import Locality, Role, User
from khuyencong.seed.scale.audit import AuditRows
from khuyencong.seed.scale.base import FacilityRef, Report, ScaleRefused, tax_code
from khuyencong.seed.scale.history import ProposalRows
from khuyencong.seed.scale.money import MoneyRows
from khuyencong.seed.scale.tables import (
    BATCH,
    PLACES,
    PROPOSALS_PER_FACILITY,
    SCALE_DOMAIN,
    SHARED_FILE,
    SUBJECTS,
    TINY_PDF,
    USER_PREFIX,
)
from proposals.models import (
    Criterion,
    DossierSequence,
    Facility,
)
from proposals.models.facility import LegalForm


class Seeder(ProposalRows, MoneyRows, AuditRows):
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
        """Facilities and their owners, a batch at a time: only a light tuple per facility
        (ids, locality, name, address) stays in memory for the proposals to draw from."""
        count = max(1, self.total // PROPOSALS_PER_FACILITY)
        password = make_password(None)
        self.facilities = []
        self.owner_names: dict[int, str] = {}
        for start in range(0, count, BATCH):
            facilities = [self._facility(n) for n in range(start, min(start + BATCH, count))]
            self._bulk(Facility, facilities)
            owners = [
                User(
                    username=f"{USER_PREFIX}facility{start + i}",
                    role=Role.FACILITY,
                    facility=f,
                    password=password,
                    email=f.email,
                )
                for i, f in enumerate(facilities)
            ]
            self._bulk(User, owners)
            self.owner_names.update((u.pk, u.username) for u in owners)
            self.facilities += [
                FacilityRef(f.pk, u.pk, f.locality_id, f.name, f.address)
                for f, u in zip(facilities, owners, strict=True)
            ]

    def _facility(self, n: int) -> Facility:
        rng = self.rng
        locality = self.localities[n % len(self.localities)]
        return Facility(
            tax_code=tax_code(n),
            name=f"Cơ sở {rng.choice(SUBJECTS)} số {n + 1}",
            legal_form=rng.choice(LegalForm.values),
            locality=locality,
            address=f"{rng.choice(PLACES)}, {locality.name}",
            representative=f"Nguyễn Văn {chr(65 + n % 26)}",
            phone=f"09{n:08d}"[:10],
            email=f"facility{n}@{SCALE_DOMAIN}",
            employees=rng.randint(3, 200),
            status=Facility.Status.ACTIVE,
        )

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
            # The state autovacuum leaves a table in: fresh statistics (the planner would
            # otherwise see the tables as empty for minutes) and the visibility map that lets
            # the covering indexes answer without reading the table.
            # VACUUM cannot run inside a transaction (a test's): ANALYZE alone there.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
        self.report.seconds = (timezone.now() - started).total_seconds()
        return self.report
