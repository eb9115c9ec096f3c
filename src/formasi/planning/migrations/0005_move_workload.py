"""Workload becomes its own app (issue 14): its models leave planning's state, and their tables
are renamed to workload_* so the schema says whose they are. ``workload.0001_initial`` adds the
models to workload's state (no SQL) and moves their content types; this migration is the only one
that touches the tables. Backwards, the tables get their planning_* names again.

PostgreSQL and SQLite rename a table in place (ALTER TABLE … RENAME TO): rows, primary-key
sequences (owned by their identity columns), indexes, constraints and the foreign keys that point
at the table all follow it; index and constraint names keep their old planning_* prefix, which
Django never reads back by name except for ``uniq_need_unit_position``, which is unchanged.
"""

from django.db import migrations

#: model name in planning → its table once moved
TABLES = {
    "historicalabktask": "workload_historicalabktask",
    "historicalpositionneed": "workload_historicalpositionneed",
    "abktask": "workload_abktask",
    "positionneed": "workload_positionneed",
    "planningsettings": "workload_workloadsettings",
}


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0004_scenario_bounds"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name=name, table=table) for name, table in TABLES.items()
            ],
            state_operations=[migrations.DeleteModel(name=name) for name in TABLES],
        ),
    ]
