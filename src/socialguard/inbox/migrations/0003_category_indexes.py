"""On PostgreSQL, one small partial index per finding category, for queue filters by category.

``category_bits & n`` cannot use a B-tree, so a category filter over decided comments or every
status had no index that knew the category: PostgreSQL walked the council's comments, fetching
each row to test its bits (measured with 200,000 comments: up to 100 ms for the capped count of
"approved, harassment, one account" alone). Each index here holds only the comments with one
category, in the queue's keyset order (urgency descending, SLA due, id), with status and account
as trailing key columns, so they are tested inside the index; with the other filter columns
INCLUDEd, the capped count reads the index alone. Their predicates are exactly the SQL the queue
filter produces (``(category_bits & n) > 0``, see ``selectors.filtered_items``), which is what
lets the planner use them.

Fourteen indexes sound many, but together they hold about one entry per comment (most comments
have no category or one), and an insert touches only those whose category it has. SQLite keeps
the plain scan (it is not the deployment target at this scale), so this does nothing there.
Built CONCURRENTLY so that migrating a live inbox does not block ingest.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

# Frozen copy of ``models.CATEGORY_ORDER`` (position n = bit n). A category appended there
# later needs its index in a new migration (tests/test_queue.py checks the two agree).
CATEGORIES = (
    "personal_data",
    "council_email_exposed",
    "confidential_information",
    "offensive_language",
    "discrimination",
    "harassment",
    "sexual_content",
    "defamation_risk",
    "political_activity",
    "council_representation",
    "safeguarding_concern",
    "service_request",
    "complaint",
    "press_enquiry",
)
KEY = '"council_id", "urgency" DESC, "sla_due_at", "id", "status", "account_id"'
INCLUDE = '"decision", "received_at", "assigned_to_id"'


def index_name(category: str) -> str:
    return f"inbox_category_{category}"


def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for bit, category in enumerate(CATEGORIES):
        name = index_name(category)
        # An interrupted concurrent build leaves an invalid index behind: start again.
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY {name} ON inbox_inbounditem ({KEY}) "
            f'INCLUDE ({INCLUDE}) WHERE ("category_bits" & {1 << bit}) > 0'
        )


def backwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for category in CATEGORIES:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {index_name(category)}")


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run inside a transaction

    dependencies = [("inbox", "0002_open_queue_covering_index")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
