"""`/healthz` for a load balancer or a monitor: 200 when every check passes, 503 otherwise, with a
small JSON saying which check failed and nothing more (no versions, hosts or error texts: the
endpoint is public). Checks are registered by name; the database's and the migrations' are here,
and the background worker's is registered by the app that runs the worker (`register`)."""

import logging
from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)
_checks: dict[str, Callable[[], bool] | str] = {}


def register(name: str, check: Callable[[], bool] | str) -> None:
    """Add a check to /healthz: a function answering True when that part of the service works,
    or its dotted path, imported when first run (so an app's ready() can register a check whose
    module imports models). The ops app registers `worker_alive` (liangxin.ops.worker.alive)."""
    _checks[name] = check


def database() -> bool:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


_migrated = False


def migrations() -> bool:
    """No migration of the running code is unapplied. Reading the migration graph costs tens of
    milliseconds, so once it is all applied the answer is kept for the life of the process (new
    migrations only arrive with new code, that is with a restart)."""
    global _migrated
    if not _migrated:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        _migrated = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    return _migrated


register("database", database)
register("migrations", migrations)


def run_checks() -> dict[str, str]:
    results = {}
    for name, check in _checks.items():
        try:
            if isinstance(check, str):
                check = _checks[name] = import_string(check)
            results[name] = "ok" if check() else "failed"
        except Exception:  # a check that raises is a failed check; the reason stays in our log
            results[name] = "failed"
            logger.exception("health check %s raised", name)
    return results


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    results = run_checks()
    healthy = all(value == "ok" for value in results.values())
    return JsonResponse({"status": "ok" if healthy else "failed", "checks": results}, status=200 if healthy else 503)
