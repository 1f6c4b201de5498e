"""The catalogue models move here from proposals (ActivityGroup, ActivityType) and budgets
(FundSource, SupportRule) without touching a row: this migration only declares them in the
catalogue's state, on their old tables; 0002 renames the tables once nothing else declares them.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("proposals", "0012_attachment_removed_at_removed_by"),
        ("budgets", "0004_seed_fund_sources_and_rules"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
        migrations.CreateModel(
            name='ActivityGroup',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveSmallIntegerField(unique=True, verbose_name='nhóm')),
                ('name', models.CharField(max_length=300, verbose_name='tên nhóm')),
            ],
            options={
                'db_table': 'proposals_activitygroup',
                'verbose_name': 'nhóm nội dung khuyến công',
                'verbose_name_plural': 'nhóm nội dung khuyến công',
                'ordering': ['number'],
            },
        ),
        migrations.CreateModel(
            name='FundSource',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=20, unique=True, verbose_name='mã')),
                ('name', models.CharField(max_length=200, verbose_name='tên nguồn kinh phí')),
            ],
            options={
                'db_table': 'budgets_fundsource',
                'verbose_name': 'nguồn kinh phí',
                'verbose_name_plural': 'nguồn kinh phí',
                'ordering': ['code'],
            },
        ),
        migrations.CreateModel(
            name='ActivityType',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=40, unique=True, verbose_name='mã')),
                ('name', models.CharField(max_length=300, verbose_name='tên')),
                ('required_quotations', models.PositiveSmallIntegerField(default=0, help_text='Số báo giá tối thiểu cơ sở phải đính kèm khi nộp đề án.', verbose_name='số báo giá bắt buộc')),
                ('is_active', models.BooleanField(default=True, verbose_name='đang sử dụng')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='thứ tự')),
                ('group', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='types', to='catalogue.activitygroup', verbose_name='nhóm')),
            ],
            options={
                'db_table': 'proposals_activitytype',
                'verbose_name': 'nội dung hoạt động khuyến công',
                'verbose_name_plural': 'nội dung hoạt động khuyến công',
                'ordering': ['group__number', 'position', 'name'],
            },
        ),
        migrations.CreateModel(
            name='SupportRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('percent', models.DecimalField(decimal_places=2, max_digits=5, verbose_name='tỷ lệ hỗ trợ tối đa (%)')),
                ('amount_cap', models.BigIntegerField(blank=True, help_text='Để trống: không giới hạn.', null=True, verbose_name='mức hỗ trợ tối đa (đồng)')),
                ('cap_basis', models.CharField(choices=[('model', 'mỗi mô hình'), ('facility', 'mỗi cơ sở'), ('class', 'mỗi lớp'), ('proposal', 'mỗi đề án')], default='proposal', max_length=20, verbose_name='mức tối đa tính cho')),
                ('production_line_multiplier', models.DecimalField(blank=True, decimal_places=2, help_text='Ví dụ 1,5: mức tối đa nhân 1,5 lần khi hỗ trợ dây chuyền sản xuất hoàn chỉnh.', max_digits=4, null=True, verbose_name='hệ số dây chuyền hoàn chỉnh')),
                ('legal_basis', models.CharField(max_length=500, verbose_name='căn cứ pháp lý')),
                ('valid_from', models.DateField(blank=True, null=True, verbose_name='hiệu lực từ')),
                ('valid_to', models.DateField(blank=True, null=True, verbose_name='hiệu lực đến')),
                ('verified', models.BooleanField(default=False, help_text='Chưa xác minh: giao diện cảnh báo ở mọi nơi áp dụng mức này.', verbose_name='đã xác minh')),
                ('activity_type', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='support_rules', to='catalogue.activitytype', verbose_name='nội dung hoạt động')),
                ('fund_source', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalogue.fundsource', verbose_name='nguồn kinh phí')),
            ],
            options={
                'db_table': 'budgets_supportrule',
                'verbose_name': 'mức hỗ trợ',
                'verbose_name_plural': 'mức hỗ trợ',
                'ordering': ['activity_type', 'fund_source', '-valid_from'],
                'constraints': [models.CheckConstraint(condition=models.Q(('percent__gte', 0), ('percent__lte', 100)), name='supportrule_percent_0_100'), models.CheckConstraint(condition=models.Q(('amount_cap__isnull', True), ('amount_cap__gte', 0), _connector='OR'), name='supportrule_cap_not_negative')],
            },
        ),
                ],
        ),
    ]
