"""Workload becomes its own app (issue 14). Its models were planning's: ``planning.0005`` renamed
their tables to workload_*; this migration adds the models to workload's state without any SQL,
then moves their content types (and so their permissions, admin log entries and anything else
pointing at a content type) from app label planning to workload. PlanningSettings is
WorkloadSettings here: its content type and permission codenames follow the new name.
"""

import django.core.validators
import django.db.models.deletion
import django.db.models.manager
import simple_history.models
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


#: content type model name in planning → in workload
MOVED = {
    "positionneed": "positionneed",
    "abktask": "abktask",
    "historicalpositionneed": "historicalpositionneed",
    "historicalabktask": "historicalabktask",
    "planningsettings": "workloadsettings",
}


def _move_content_types(apps, old_label, new_label, names):
    """Give each moved model's content type its new label and name, keeping its id (so the rows
    that point at it keep pointing at it). A content type already made under the new label (by
    post_migrate, when a database went back and forth) is merged away first: its permissions and
    log entries are re-pointed to the kept row, so nothing is lost."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    LogEntry = apps.get_model("admin", "LogEntry")
    for old_model, new_model in names.items():
        kept = ContentType.objects.filter(app_label=old_label, model=old_model).first()
        made = ContentType.objects.filter(app_label=new_label, model=new_model).first()
        if kept is None:
            continue
        if made is not None:
            LogEntry.objects.filter(content_type=made).update(content_type=kept)
            taken = set(
                Permission.objects.filter(content_type=kept).values_list("codename", flat=True)
            )
            for perm in Permission.objects.filter(content_type=made):
                codename = perm.codename.replace(new_model, old_model)
                if codename in taken:
                    perm.delete()  # with its user and group links
                else:
                    perm.content_type = kept
                    perm.codename = codename
                    perm.save()
            made.delete()
        kept.app_label = new_label
        kept.model = new_model
        kept.save()
        if new_model != old_model:
            for perm in Permission.objects.filter(content_type=kept):
                perm.codename = perm.codename.replace(f"_{old_model}", f"_{new_model}")
                perm.save()


def forwards(apps, schema_editor):
    _move_content_types(apps, "planning", "workload", MOVED)


def backwards(apps, schema_editor):
    _move_content_types(apps, "workload", "planning", {v: k for k, v in MOVED.items()})



class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('organization', '0003_region_history'),
        ('planning', '0005_move_workload'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('admin', '0003_logentry_add_action_flag_choices'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='HistoricalPositionNeed',
                fields=[
                    ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                    ('source', models.CharField(choices=[('abk', 'Workload analysis (ABK)'), ('standard', 'Staffing standard'), ('wisn', 'WISN'), ('entered', 'Entered')], max_length=10, verbose_name='source')),
                    ('exact', models.DecimalField(decimal_places=4, default=Decimal('0'), max_digits=12, verbose_name='exact need')),
                    ('count', models.PositiveIntegerField(verbose_name='need')),
                    ('basis', models.CharField(blank=True, help_text='The regulation or method behind it.', max_length=255, verbose_name='basis')),
                    ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated at')),
                    ('history_id', models.AutoField(primary_key=True, serialize=False)),
                    ('history_date', models.DateTimeField(db_index=True)),
                    ('history_change_reason', models.CharField(max_length=100, null=True)),
                    ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ('agency', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organization.agency', verbose_name='agency')),
                    ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('position', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organization.position', verbose_name='position')),
                    ('unit', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organization.orgunit', verbose_name='work unit')),
                    ('updated_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'historical position need',
                    'verbose_name_plural': 'historical position needs',
                    'ordering': ('-history_date', '-history_id'),
                    'get_latest_by': ('history_date', 'history_id'),
                },
                bases=(simple_history.models.HistoricalChanges, models.Model),
            ),
            migrations.CreateModel(
                name='PositionNeed',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('source', models.CharField(choices=[('abk', 'Workload analysis (ABK)'), ('standard', 'Staffing standard'), ('wisn', 'WISN'), ('entered', 'Entered')], max_length=10, verbose_name='source')),
                    ('exact', models.DecimalField(decimal_places=4, default=Decimal('0'), max_digits=12, verbose_name='exact need')),
                    ('count', models.PositiveIntegerField(verbose_name='need')),
                    ('basis', models.CharField(blank=True, help_text='The regulation or method behind it.', max_length=255, verbose_name='basis')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                    ('agency', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organization.agency', verbose_name='agency')),
                    ('position', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='needs', to='organization.position', verbose_name='position')),
                    ('unit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='needs', to='organization.orgunit', verbose_name='work unit')),
                    ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'position need',
                    'verbose_name_plural': 'position needs',
                    'ordering': ['unit', 'position'],
                    'default_manager_name': 'unscoped',
                },
                managers=[
                    ('unscoped', django.db.models.manager.Manager()),
                ],
            ),
            migrations.CreateModel(
                name='HistoricalAbkTask',
                fields=[
                    ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                    ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                    ('description', models.CharField(max_length=500, verbose_name='task (uraian tugas)')),
                    ('output_unit', models.CharField(blank=True, max_length=100, verbose_name='output unit (satuan hasil)')),
                    ('volume', models.DecimalField(decimal_places=2, max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='yearly volume (beban kerja)')),
                    ('norm_minutes', models.DecimalField(decimal_places=2, max_digits=10, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='time norm (minutes)')),
                    ('history_id', models.AutoField(primary_key=True, serialize=False)),
                    ('history_date', models.DateTimeField(db_index=True)),
                    ('history_change_reason', models.CharField(max_length=100, null=True)),
                    ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('need', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='workload.positionneed', verbose_name='need')),
                ],
                options={
                    'verbose_name': 'historical ABK task',
                    'verbose_name_plural': 'historical ABK tasks',
                    'ordering': ('-history_date', '-history_id'),
                    'get_latest_by': ('history_date', 'history_id'),
                },
                bases=(simple_history.models.HistoricalChanges, models.Model),
            ),
            migrations.CreateModel(
                name='AbkTask',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                    ('description', models.CharField(max_length=500, verbose_name='task (uraian tugas)')),
                    ('output_unit', models.CharField(blank=True, max_length=100, verbose_name='output unit (satuan hasil)')),
                    ('volume', models.DecimalField(decimal_places=2, max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='yearly volume (beban kerja)')),
                    ('norm_minutes', models.DecimalField(decimal_places=2, max_digits=10, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='time norm (minutes)')),
                    ('need', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='tasks', to='workload.positionneed', verbose_name='need')),
                ],
                options={
                    'verbose_name': 'ABK task',
                    'verbose_name_plural': 'ABK tasks',
                    'ordering': ['need', 'order', 'id'],
                },
            ),
            migrations.CreateModel(
                name='WorkloadSettings',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('effective_minutes', models.PositiveIntegerField(default=75000, help_text='PermenPAN-RB 1/2020: 1,250 hours = 75,000 minutes.', validators=[django.core.validators.MinValueValidator(1)], verbose_name='effective working time (minutes per year)')),
                    ('rounding', models.CharField(choices=[('nearest', 'Nearest (half up)'), ('ceil', 'Up'), ('floor', 'Down')], default='nearest', max_length=10, verbose_name='rounding of the need')),
                    ('bands', models.CharField(choices=[('permendagri', 'Permendagri 12/2008 (A > 1.00, B ≥ 0.90, C ≥ 0.70, D ≥ 0.50)'), ('depkeu', 'Depkeu 2002 (A > 1.00, B ≥ 0.81, C ≥ 0.66, D ≥ 0.50)')], default='permendagri', max_length=12, verbose_name='job effectiveness grades')),
                    ('agency', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='workload_settings', to='organization.agency', verbose_name='agency')),
                ],
                options={
                    'verbose_name': 'planning settings',
                    'verbose_name_plural': 'planning settings',
                },
            ),
            migrations.AddConstraint(
                model_name='positionneed',
                constraint=models.UniqueConstraint(fields=('unit', 'position'), name='uniq_need_unit_position'),
            ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
