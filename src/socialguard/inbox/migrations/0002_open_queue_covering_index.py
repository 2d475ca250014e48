"""On PostgreSQL, rebuild the open-queue index with the queue's filter columns INCLUDEd.

Counting a filtered queue (category, account, decision, age, assignee) then reads the index alone
instead of fetching each row: measured with 200,000 comments (30,000 open), the filtered queue
page's p95 fell from about 60–130 ms to 10–30 ms. SQLite has no INCLUDE, and Django warns about
``Index(include=...)`` there, so the model keeps the plain index and this migration does nothing
on SQLite. The index keeps its name, so the migration state is unchanged.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

COLUMNS = '"council_id", "urgency" DESC, "sla_due_at", "id"'
WHERE = "\"status\" IN ('queued', 'hidden', 'escalated')"
INCLUDE = '"category_bits", "account_id", "decision", "received_at", "assigned_to_id"'


def _rebuild(schema_editor: BaseDatabaseSchemaEditor, include: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS inbox_open_queue")
    schema_editor.execute(
        f"CREATE INDEX inbox_open_queue ON inbox_inbounditem ({COLUMNS}){include} WHERE {WHERE}"
    )


def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _rebuild(schema_editor, f" INCLUDE ({INCLUDE})")


def backwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _rebuild(schema_editor, "")


class Migration(migrations.Migration):
    dependencies = [("inbox", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
