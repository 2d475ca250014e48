"""Background tasks: eager without a broker; through a real Redis broker and worker when set."""

from __future__ import annotations

import os

import pytest

from socialguard.accounts.roles import Role
from socialguard.audit.tasks import verify_audit_chains
from socialguard.celery import app


@pytest.mark.django_db
def test_without_a_broker_tasks_run_in_process(personas) -> None:
    assert app.conf.task_always_eager
    result = verify_audit_chains.delay()
    assert result.get()["ok"] is True


@pytest.mark.broker
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI sets it)")
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_tasks_from_redis(personas) -> None:
    from celery.contrib.testing.worker import start_worker

    assert personas.st_helens[Role.EMPLOYEE].pk
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="threads", concurrency=1, perform_ping_check=False):
            result = verify_audit_chains.delay()
            outcome = result.get(timeout=30)
    finally:
        app.conf.task_always_eager = True
    assert outcome["ok"] is True
    assert outcome["events_checked"] > 0
    assert result.status == "SUCCESS"
