"""`make bench`, part two: moderation inbox ingest throughput and queue page latency.

Usage (from the repository root)::

    python bench/ingest.py                    # everything: prints the table, writes the JSON
    python bench/ingest.py --items 1000 --queue-items 20000     # a quicker, smaller run
    python bench/ingest.py --only ingest      # or --only queue

Internal (the parent runs these in child processes, one per measurement)::

    python bench/ingest.py --child ingest --database-url URL --mode eager|celery --items N
    python bench/ingest.py --child queue --database-url URL --items N --loads N

What is measured (bench/INGEST.md explains the method and the figures):

1. **Ingest**: comments per second through the real API (``POST /api/v1/inbound`` with a real
   token, batches of 100, Django's test client in-process, production settings) into SQLite and
   into PostgreSQL, with screening and routing inline (eager) and on two Celery workers fed
   through Redis. In Celery mode the clock stops when the last item has been screened, not when
   the API answers.
2. **Queue**: the moderator's queue page (the full view: selector, template, findings explained)
   with 200,000 items in PostgreSQL, loaded repeatedly with varied filters and cursors; p50, p95
   and max wall-clock latency, and the query count of a page.

Each measurement runs in a fresh child process on a fresh database (a temporary SQLite file, or a
PostgreSQL database created and dropped here), so no run warms another's caches. The parent
starts and stops the Celery workers itself. Nothing is downloaded.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PYTHON = str(BIN / "python") if (BIN / "python").exists() else sys.executable
TEXTS = ROOT / "bench" / "texts.jsonl"
RESULTS = ROOT / "bench" / "ingest-results.json"
PG_ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
PACK = "st-helens-2018"
BATCH = 100
TARGET_ITEMS_PER_S = 300
TARGET_QUEUE_P95_MS = 150
WORKERS = 2


# --- shared helpers ------------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100), linearly interpolated between the closest ranks."""
    if not values:
        return math.nan
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low = math.floor(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def load_texts(limit: int | None = None) -> list[str]:
    """Realistic council comments: the screening bench's fixed set (bench/texts.jsonl)."""
    texts = []
    with TEXTS.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row.get("context", "inbound") == "inbound":
                texts.append(row["text"])
            if limit and len(texts) >= limit:
                break
    return texts


def child_env(database_url: str, *, redis: bool) -> dict[str, str]:
    """Production settings (DEBUG off) pointed at the bench database and, if asked, Redis."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("REDIS_URL", "CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": "bench-only-key-not-secret-0123456789abcdefghijklmnopqrstuvwxyz",
            "DEBUG": "false",
            "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
            "SECURE_COOKIES": "false",
            "SECURE_SSL_REDIRECT": "false",
            "PYTHONPATH": str(ROOT / "src"),
            # Referral notifications are really sent, to memory: no mail server is involved
            # (in the API process and in the workers alike).
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        }
    )
    if redis:
        env["REDIS_URL"] = REDIS_URL
    return env


def setup_django() -> None:
    """Django with the production settings, except static files served from the finders (the
    bench has no ``collectstatic`` manifest) and sign-in throttling off (no sign-ins here)."""
    import types

    module = types.ModuleType("bench_ingest_settings")
    exec(  # noqa: S102 - a fixed settings overlay, not input
        "from socialguard.settings import *\n"
        "STORAGES = {**STORAGES, 'staticfiles': {'BACKEND': "
        "'django.contrib.staticfiles.storage.StaticFilesStorage'}}\n"
        "AXES_ENABLED = False\n",
        module.__dict__,
    )
    sys.modules["bench_ingest_settings"] = module
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench_ingest_settings"
    import django

    django.setup()


def make_council(slug: str = "bench") -> tuple[Any, Any, list[Any]]:
    """A council on the St Helens pack with its inbox settings (team addresses: referrals are
    emailed, to Django's in-memory backend) and default routing rules, a moderator and five
    active official accounts."""
    from socialguard.accounts.roles import Role
    from socialguard.accounts.services import create_staff_user
    from socialguard.councils.models import Jurisdiction
    from socialguard.councils.services import create_council
    from socialguard.inbox import services
    from socialguard.inbox.models import InboxSettings
    from socialguard.register.models import AccountStatus, OfficialAccount, Platform

    council = create_council(
        actor=None,
        name=f"Bench Borough Council ({slug})",
        slug=slug,
        jurisdiction=Jurisdiction.ENGLAND_WALES,
        email_domains=[f"{slug}.gov.uk"],
        policy_pack=PACK,
    )
    moderator = create_staff_user(
        actor=None,
        council=council,
        email=f"moderator@{slug}.gov.uk",
        first_name="Morgan",
        last_name="Moderator",
        password=None,
        job_title="Social media moderator",
        roles=frozenset({Role.MODERATOR}),
    )
    InboxSettings.objects.create(
        council=council,
        contact_centre_email=f"contactcentre@{slug}.gov.uk",
        press_office_email=f"press@{slug}.gov.uk",
        safeguarding_email=f"safeguarding@{slug}.gov.uk",
        reference_prefix=services.default_prefix(council),
    )
    services.install_default_rules(actor=None, council=council)
    accounts = [
        OfficialAccount.objects.create(
            council=council,
            platform=platform_,
            handle=f"{slug}{name}",
            display_handle=f"{slug}{name}",
            url=f"https://example.org/{slug}{name}",
            service="Communications",
            purpose="Bench",
            status=AccountStatus.ACTIVE,
            created_by=moderator,
        )
        for platform_, name in [
            (Platform.FACEBOOK, "council"),
            (Platform.X, "council"),
            (Platform.INSTAGRAM, "libraries"),
            (Platform.FACEBOOK, "parks"),
            (Platform.X, "roads"),
        ]
    ]
    return council, moderator, accounts


AUTHORS = [f"resident{n:04d}" for n in range(800)]


def inbound_item(i: int, text: str, account: Any, now: datetime) -> dict[str, Any]:
    """One API item as an integration would send it: a few authors comment a lot, replies
    point at earlier comments."""
    rng = random.Random(i)
    author = AUTHORS[min(int(rng.paretovariate(1.2)) - 1 + rng.randrange(0, 40), len(AUTHORS) - 1)]
    item: dict[str, Any] = {
        "platform": account.platform,
        "account_handle": account.handle,
        "platform_item_id": f"bench-{i}",
        "author_handle": author,
        "author_name": author.title(),
        "text": text,
        "posted_at": (now - timedelta(seconds=rng.randrange(0, 3600))).isoformat(),
        "url": f"https://example.org/{account.handle}/posts/{i}",
    }
    if i > 10 and rng.random() < 0.2:
        item["parent_platform_item_id"] = f"bench-{rng.randrange(0, i)}"
    return item


# --- child: ingest -------------------------------------------------------------------------------


def child_ingest(items: int, mode: str) -> dict[str, Any]:
    setup_django()
    from django.test import Client

    from socialguard.inbox.models import InboundItem
    from socialguard.inbox.tokens import create_token

    council, _, accounts = make_council()
    token = create_token(actor=None, council=council, name="bench").plaintext
    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    texts = load_texts()
    now = datetime.now(UTC)

    def post(start: int, count: int) -> list[dict[str, Any]]:
        batch = [
            inbound_item(i, texts[i % len(texts)], accounts[i % len(accounts)], now)
            for i in range(start, start + count)
        ]
        response = client.post(
            "/api/v1/inbound",
            data=json.dumps({"items": batch}),
            content_type="application/json",
            **headers,
        )
        if response.status_code not in (200, 201):
            raise RuntimeError(f"API answered {response.status_code}: {response.content[:500]!r}")
        results: list[dict[str, Any]] = response.json()["results"]
        return results

    def wait_screened(expected: int, timeout: float = 240) -> None:
        deadline = time.monotonic() + timeout
        while InboundItem.objects.filter(screened_at__isnull=False).count() < expected:
            if time.monotonic() > deadline:
                raise RuntimeError("the workers did not finish screening in time")
            time.sleep(0.05)

    # Warm-up: the engine loads its pack, the workers start their pools. Not timed.
    post(0, BATCH)
    if mode == "celery":
        wait_screened(BATCH)
    batch_ms: list[float] = []
    decisions: Counter[str] = Counter()
    started = time.perf_counter()
    for start in range(BATCH, BATCH + items, BATCH):
        t0 = time.perf_counter()
        for result in post(start, min(BATCH, BATCH + items - start)):
            decisions[str(result.get("decision") or "pending")] += 1
        batch_ms.append((time.perf_counter() - t0) * 1000)
    accepted = time.perf_counter() - started
    if mode == "celery":
        wait_screened(BATCH + items)
    elapsed = time.perf_counter() - started
    # Idempotency under load: the same batch again creates nothing.
    before = InboundItem.objects.count()
    again = post(BATCH, BATCH)
    assert InboundItem.objects.count() == before and not any(r["created"] for r in again)
    if mode == "celery":
        decisions = Counter(
            InboundItem.objects.filter(platform_item_id__startswith="bench-")
            .exclude(platform_item_id__in=[f"bench-{i}" for i in range(BATCH)])
            .values_list("decision", flat=True)
        )
    return {
        "items": items,
        "seconds": round(elapsed, 3),
        "items_per_s": round(items / elapsed, 1),
        "api_accept_items_per_s": round(items / accepted, 1),
        "batch_size": BATCH,
        "batch_ms_p50": round(percentile(batch_ms, 50), 1),
        "batch_ms_p95": round(percentile(batch_ms, 95), 1),
        "decisions": dict(decisions.most_common()),
    }


# --- child: queue --------------------------------------------------------------------------------


def _bulk_items(council: Any, accounts: list[Any], count: int, *, seed: int) -> None:
    """``count`` realistic items written straight to the table (what months of ingest leave):
    real screening results for real texts, statuses by age and decision, SLA deadlines."""
    from socialguard.inbox.models import ItemStatus, Urgency, category_mask
    from socialguard.screening import get_engine

    engine = get_engine(PACK)
    texts = load_texts(3000)
    results = engine.screen_many(texts, context="inbound")
    pool = []
    for text, result in zip(texts, results, strict=True):
        findings = [f.to_dict() for f in result.findings]
        pool.append((text, result.decision.value, sorted(result.categories), findings))
    rng = random.Random(seed)
    now = datetime.now(UTC)
    settle = {
        "publish": ItemStatus.PUBLISHED,
        "route": ItemStatus.QUEUED,
        "hide_pending_review": ItemStatus.HIDDEN,
        "escalate_urgent": ItemStatus.ESCALATED,
    }
    moderated = [
        ItemStatus.APPROVED,
        ItemStatus.APPROVED,
        ItemStatus.HIDDEN_BY_MODERATOR,
        ItemStatus.REMOVED,
    ]
    rows: list[dict[str, Any]] = []
    for i in range(count):
        text, decision, categories, findings = pool[rng.randrange(len(pool))]
        # Uniform over 90 days: most items are old and long since dealt with.
        received = now - timedelta(seconds=rng.randrange(0, 90 * 86400))
        age = now - received
        status = settle[decision]
        first_action = None
        # Flagged comments older than two days have mostly been dealt with; a few are the backlog.
        if status != ItemStatus.PUBLISHED and age > timedelta(days=2) and rng.random() > 0.03:
            status = moderated[rng.randrange(len(moderated))]
            first_action = received + timedelta(minutes=rng.randrange(5, 60 * 30))
        urgency = (
            Urgency.URGENT
            if "safeguarding_concern" in categories
            else Urgency.PRIORITY
            if decision == "hide_pending_review"
            else Urgency.ROUTINE
        )
        account = accounts[rng.randrange(len(accounts))]
        rows.append(
            {
                "council_id": council.pk,
                "account_id": account.pk,
                "platform": account.platform,
                "platform_item_id": f"seed-{seed}-{i}",
                "author_handle": AUTHORS[rng.randrange(len(AUTHORS))],
                "posted_at": received,
                "received_at": received,
                "text": text,
                "text_sha256": "0" * 64,
                "status": status.value,
                "urgency": int(urgency),
                "decision": decision,
                "categories": categories,
                "findings": findings,
                "policy_pack": PACK,
                "pack_version": "3.0",
                "pack_hash": engine.pack.hash,
                "screened_at": received,
                "screened_revision": 1,
                "sla_due_at": received + timedelta(hours=1 if urgency == Urgency.URGENT else 24),
                "first_action_at": first_action,
                "moderated_at": first_action,
                "category_bits": category_mask(categories),
            }
        )
    _write_rows(rows)


def _write_rows(rows: list[dict[str, Any]]) -> None:
    """Insert item rows: PostgreSQL's COPY (seconds for 200,000 rows), else ``bulk_create``.

    Every concrete column is written, taking the model's default for any not given, so a field
    added to the model later still gets a value."""
    from django.db import connection, transaction

    from socialguard.inbox.models import InboundItem

    fields = [f for f in InboundItem._meta.concrete_fields if not f.primary_key]
    if connection.vendor != "postgresql":
        for start in range(0, len(rows), 5000):
            with transaction.atomic():
                InboundItem.objects.bulk_create(
                    [InboundItem(**row) for row in rows[start : start + 5000]]
                )
        return
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(InboundItem._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(
                    [
                        f.get_db_prep_save(
                            row[f.attname] if f.attname in row else f.get_default(), connection
                        )
                        for f in fields
                    ]
                )


QUEUE_FILTERS: list[dict[str, str]] = [
    {},
    {},
    {},
    {"status": "hidden"},
    {"status": "escalated"},
    {"status": "queued"},
    {"status": "any"},
    {"category": "personal_data"},
    {"category": "offensive_language"},
    {"category": "service_request"},
    {"category": "safeguarding_concern"},
    {"decision": "hide_pending_review"},
    {"decision": "route"},
    {"age": "lt24h"},
    {"age": "gt24h"},
    {"status": "any", "category": "complaint"},
    {"status": "approved", "category": "harassment"},
    {"assigned": "nobody"},
    {"status": "removed"},
]


OPEN_VIEWS = ("open", "queued", "hidden", "escalated")


def child_queue(items: int, loads: int) -> dict[str, Any]:
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from socialguard.inbox.models import InboundItem

    council, moderator, accounts = make_council()
    other, _, other_accounts = make_council("other")
    t0 = time.perf_counter()
    _bulk_items(council, accounts, items, seed=1)
    _bulk_items(other, other_accounts, items // 10, seed=2)
    if connection.vendor == "postgresql":
        # What autovacuum does to a table soon after a bulk load; without it the planner has no
        # statistics and index-only scans must visit every heap page.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    seeded_s = time.perf_counter() - t0
    open_items = InboundItem.objects.filter(
        council=council, status__in=["queued", "hidden", "escalated"]
    ).count()

    client = Client()
    client.force_login(moderator)
    url = reverse("inbox:queue")
    rng = random.Random(7)
    cursors: dict[str, str] = {}
    timings: list[float] = []
    by_kind: dict[str, list[float]] = {"first page": [], "next page": []}
    # Working the queue (what needs a moderator) versus looking back through decided comments.
    by_use: dict[str, list[float]] = {"open": [], "history": []}
    # Each filter combination's own timings, to name the slow ones.
    by_filter: dict[str, list[float]] = {}
    for n in range(loads + 10):
        params = dict(QUEUE_FILTERS[rng.randrange(len(QUEUE_FILTERS))])
        params["account"] = str(accounts[0].pk) if rng.random() < 0.15 else ""
        key = json.dumps(params, sort_keys=True)
        kind = "first page"
        if key in cursors and rng.random() < 0.4:
            params["after"] = cursors[key]
            kind = "next page"
        query = {k: v for k, v in params.items() if v}
        t = time.perf_counter()
        response = client.get(url, query)
        ms = (time.perf_counter() - t) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"queue page answered {response.status_code}")
        found = re.search(r'href="\?([^"]*after=[^"]*)" rel="next"', response.content.decode())
        if found:
            from urllib.parse import parse_qs

            cursors[key] = parse_qs(found.group(1).replace("&amp;", "&"))["after"][0]
        if n >= 10:  # the first ten warm up the pack cache and connection
            timings.append(ms)
            by_kind[kind].append(ms)
            by_use["open" if params.get("status", "open") in OPEN_VIEWS else "history"].append(ms)
            label = " ".join(f"{k}={v}" for k, v in sorted(query.items()) if k != "after")
            by_filter.setdefault(label or "(default queue)", []).append(ms)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return {
        "items": items,
        "other_council_items": items // 10,
        "open_items": open_items,
        "seed_seconds": round(seeded_s, 1),
        "loads": len(timings),
        "p50_ms": round(percentile(timings, 50), 1),
        "p95_ms": round(percentile(timings, 95), 1),
        "max_ms": round(max(timings), 1),
        "first_page_p95_ms": round(percentile(by_kind["first page"], 95), 1),
        "next_page_p95_ms": round(percentile(by_kind["next page"], 95), 1),
        "next_page_loads": len(by_kind["next page"]),
        "open_queue_p95_ms": round(percentile(by_use["open"], 95), 1),
        "open_queue_loads": len(by_use["open"]),
        "history_p95_ms": round(percentile(by_use["history"], 95), 1),
        "history_loads": len(by_use["history"]),
        "queries_per_page": len(queries.captured_queries),
        "slowest_filters": [
            {
                "filter": label,
                "loads": len(values),
                "p95_ms": round(percentile(values, 95), 1),
                "max_ms": round(max(values), 1),
            }
            for label, values in sorted(
                by_filter.items(), key=lambda kv: percentile(kv[1], 95), reverse=True
            )[:6]
        ],
    }


# --- parent --------------------------------------------------------------------------------------


def _pg_connect(dbname: str = "postgres") -> Any:
    import psycopg

    return psycopg.connect(f"{PG_ADMIN_URL}/{dbname}", autocommit=True, connect_timeout=3)


@contextmanager
def database(kind: str, name: str) -> Iterator[str]:
    """A fresh, migrated database for one measurement, removed afterwards."""
    if kind == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="sg-bench-"))
        url = f"sqlite:///{folder / 'bench.sqlite3'}"
        try:
            migrate(url)
            yield url
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    dbname = f"sg_bench_{name}_{os.getpid()}"
    with _pg_connect() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{dbname}"')
        conn.execute(f'CREATE DATABASE "{dbname}"')
    try:
        url = f"{PG_ADMIN_URL}/{dbname}"
        migrate(url)
        yield url
    finally:
        with _pg_connect() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


def migrate(url: str) -> None:
    subprocess.run(  # noqa: S603 - our own console script, fixed arguments
        [str(BIN / "socialguard"), "migrate", "--noinput", "-v", "0"],
        env=child_env(url, redis=False),
        check=True,
        cwd=ROOT,
    )


def _log_tails(logs: Path, lines: int = 15) -> str:
    """The last lines of each worker's log, to explain a failed run."""
    parts = []
    for log in sorted(logs.glob("worker*.log")):
        text = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
        # Failures first (they explain a stall), then how the log ends.
        errors = [line for line in text if "ERROR" in line or "Error" in line][:lines]
        parts.append(f"--- {log.name}: " + " | ".join([*errors, "…", *text[-3:]]))
    return "\n".join(parts)


@contextmanager
def celery_workers(url: str, count: int) -> Iterator[None]:
    """``count`` single-process Celery workers on a bench-only Redis database."""
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    env = child_env(url, redis=True)
    logs = Path(tempfile.mkdtemp(prefix="sg-bench-workers-"))
    procs = []
    for n in range(count):
        log = (logs / f"worker{n}.log").open("w")
        procs.append(
            subprocess.Popen(  # noqa: S603 - the project's Celery, fixed arguments
                [
                    str(BIN / "celery"),
                    "-A",
                    "socialguard",
                    "worker",
                    "--concurrency=1",
                    "--pool=prefork",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                    "-n",
                    f"bench{n}@%h",
                    "--loglevel=INFO",
                ],
                env=env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
    try:
        time.sleep(3)  # let them connect; the warm-up batch absorbs the rest of the start-up
        for proc in procs:
            if proc.poll() is not None:
                raise RuntimeError("a Celery worker exited at start")
        yield
    except Exception as exc:
        raise RuntimeError(f"{exc}\nworker logs:\n{_log_tails(logs)}") from exc
    finally:
        for proc in procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        redis.Redis.from_url(REDIS_URL).flushdb()
        shutil.rmtree(logs, ignore_errors=True)


def run_child(args: list[str], url: str, *, redis: bool) -> dict[str, Any]:
    proc = subprocess.run(  # noqa: S603 - this script under our own interpreter
        [PYTHON, str(Path(__file__).resolve()), *args, "--database-url", url],
        check=False,
        env=child_env(url, redis=redis),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-8:]
        raise RuntimeError(" | ".join(tail))
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def available() -> dict[str, str]:
    """Why PostgreSQL or Redis cannot be used, if they cannot."""
    missing = {}
    try:
        with _pg_connect():
            pass
    except Exception as exc:  # any failure means "skip", with the reason
        missing["postgresql"] = f"{type(exc).__name__}: {exc}".strip()
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except Exception as exc:
        missing["redis"] = f"{type(exc).__name__}: {exc}".strip()
    return missing


def measure(args: argparse.Namespace) -> dict[str, Any]:
    missing = available()
    runs: list[dict[str, Any]] = []
    if args.only in (None, "ingest"):
        for db in args.databases:
            for mode in args.modes:
                label = (
                    f"{db}, {'inline (eager)' if mode == 'eager' else f'{WORKERS} Celery workers'}"
                )
                run: dict[str, Any] = {
                    "kind": "ingest",
                    "database": db,
                    "mode": mode,
                    "label": label,
                }
                reason = missing.get(db) or (missing.get("redis") if mode == "celery" else None)
                if reason:
                    run["skipped"] = reason
                    runs.append(run)
                    continue
                print(f"… ingest: {label}", file=sys.stderr, flush=True)
                try:
                    with database(db, "ingest") as url:
                        child = ["--child", "ingest", "--mode", mode, "--items", str(args.items)]
                        if mode == "celery":
                            with celery_workers(url, WORKERS):
                                run.update(run_child(child, url, redis=True))
                        else:
                            run.update(run_child(child, url, redis=False))
                except Exception as exc:  # one failed run must not hide the rest
                    run["error"] = str(exc)[-4000:]
                runs.append(run)
    if args.only in (None, "queue"):
        run = {"kind": "queue", "database": "postgresql", "label": "queue page, PostgreSQL"}
        if "postgresql" in missing:
            run["skipped"] = missing["postgresql"]
        else:
            print(f"… queue: {args.queue_items:,} items in PostgreSQL", file=sys.stderr, flush=True)
            try:
                with database("postgresql", "queue") as url:
                    child = [
                        "--child",
                        "queue",
                        "--items",
                        str(args.queue_items),
                        "--loads",
                        str(args.loads),
                    ]
                    run.update(run_child(child, url, redis=False))
            except Exception as exc:
                run["error"] = str(exc)[:2000]
        runs.append(run)
    return {
        "generated": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        "settings": {
            "pack": PACK,
            "batch_size": BATCH,
            "ingest_items": args.items,
            "queue_items": args.queue_items,
            "queue_loads": args.loads,
            "celery_workers": WORKERS,
        },
        "targets": {"items_per_s": TARGET_ITEMS_PER_S, "queue_p95_ms": TARGET_QUEUE_P95_MS},
        "runs": runs,
    }


def report(results: dict[str, Any]) -> str:
    lines = ["", "Ingest through POST /api/v1/inbound (batches of 100)", ""]
    lines.append(f"{'configuration':<36} {'items/s':>9} {'API only':>9} {'batch p95':>10}  target")
    for run in results["runs"]:
        if run["kind"] != "ingest":
            continue
        if "items_per_s" in run:
            met = "met" if run["items_per_s"] >= TARGET_ITEMS_PER_S else "NOT met"
            lines.append(
                f"{run['label']:<36} {run['items_per_s']:>9.1f} "
                f"{run['api_accept_items_per_s']:>9.1f} "
                f"{run['batch_ms_p95']:>8.1f}ms  ≥{TARGET_ITEMS_PER_S}/s {met}"
            )
        else:
            why = run.get("skipped") or run.get("error", "")
            lines.append(
                f"{run['label']:<36} {'skipped' if 'skipped' in run else 'FAILED'}: {why[:120]}"
            )
    for run in results["runs"]:
        if run["kind"] != "queue":
            continue
        lines += ["", "Moderation queue page (full view, signed-in moderator)", ""]
        if "p95_ms" in run:
            met = "met" if run["p95_ms"] <= TARGET_QUEUE_P95_MS else "NOT met"
            lines.append(
                f"{run['items']:,} items ({run['open_items']:,} open) + "
                f"{run['other_council_items']:,} of another council; {run['loads']} loads"
            )
            lines.append(
                f"p50 {run['p50_ms']} ms · p95 {run['p95_ms']} ms · max {run['max_ms']} ms · "
                f"next pages p95 {run['next_page_p95_ms']} ms · {run['queries_per_page']} queries "
                f"a page · target p95 ≤ {TARGET_QUEUE_P95_MS} ms {met}"
            )
            lines.append(
                f"open comments (the working queue): p95 {run['open_queue_p95_ms']} ms over "
                f"{run['open_queue_loads']} loads · decided comments / all statuses: p95 "
                f"{run['history_p95_ms']} ms over {run['history_loads']} loads"
            )
            lines.append("slowest filters (p95 / max over their loads; account=N: one account):")
            for row in run.get("slowest_filters", []):
                lines.append(
                    f"  {row['p95_ms']:>6} / {row['max_ms']:>6} ms  {row['loads']:>3} loads  "
                    f"{row['filter']}"
                )
        else:
            why = run.get("skipped") or run.get("error", "")
            lines.append(f"{'skipped' if 'skipped' in run else 'FAILED'}: {why[:300]}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=3000, help="items per ingest run")
    parser.add_argument("--queue-items", type=int, default=200_000)
    parser.add_argument("--loads", type=int, default=300, help="timed queue page loads")
    parser.add_argument("--only", choices=("ingest", "queue"))
    parser.add_argument(
        "--databases", nargs="+", choices=("sqlite", "postgresql"), default=["sqlite", "postgresql"]
    )
    parser.add_argument(
        "--modes", nargs="+", choices=("eager", "celery"), default=["eager", "celery"]
    )
    parser.add_argument("--child", choices=("ingest", "queue"), help=argparse.SUPPRESS)
    parser.add_argument(
        "--mode", choices=("eager", "celery"), default="eager", help=argparse.SUPPRESS
    )
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child == "ingest":
        print(json.dumps(child_ingest(args.items, args.mode)))
        return 0
    if args.child == "queue":
        print(json.dumps(child_queue(args.items, args.loads)))
        return 0
    started = time.perf_counter()
    results = measure(args)
    results["wall_seconds"] = round(time.perf_counter() - started, 1)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(report(results))
    print(f"\nWrote {RESULTS.relative_to(ROOT)} in {results['wall_seconds']} s")
    failed = any("error" in r for r in results["runs"])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
