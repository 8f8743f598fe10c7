"""gunicorn's settings for `make serve` and the systemd unit (`gunicorn -c python:liangxin.ops.gunicorn`).

Every value can be changed from the environment without editing this file: GUNICORN_CMD_ARGS
(gunicorn's own), WEB_CONCURRENCY for the number of workers, LIANGXIN_BIND for the address.
"""

import os

from liangxin.env import env_int, env_str

bind = env_str("LIANGXIN_BIND", f"127.0.0.1:{env_int('PORT', 8000)}")
# Django is synchronous: one process per request in flight. Two per core plus one is gunicorn's
# rule of thumb; requests mostly wait on the database.
workers = env_int("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1) + 1)
# A ledger preview of 100,000 rows takes about half a minute in the request; a worker busy longer
# than this is presumed hung, killed and replaced.
timeout = env_int("LIANGXIN_WORKER_TIMEOUT", 120)
graceful_timeout = 30
# Recycle workers now and then so a slow leak cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200
# The reverse proxy on the same host is trusted for X-Forwarded-For/-Proto.
forwarded_allow_ips = env_str("LIANGXIN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Django writes one JSON line per request with its request id (liangxin.request), so gunicorn's
# access log would only repeat it; gunicorn's own messages go to stderr as JSON lines too.
accesslog = None
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "liangxin.ops.logs.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"}},
    "loggers": {"gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
# systemd's signals manage the server (docs/deploy.md); no control socket in $HOME, which two
# instances on one host would fight over.
control_socket_disable = True
