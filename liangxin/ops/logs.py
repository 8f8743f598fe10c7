"""Log lines for a production server: one JSON object per line on stdout, which journald, Docker
or a log shipper take as they are, each with the request id of the request being served (the
same id as the change log's rows and the X-Request-ID header)."""

import datetime
import json
import logging

from liangxin.audit.context import current_request_id

# Attributes every LogRecord has; anything else was passed in `extra=` and is written as a field,
# except Django's `request` object, whose text would carry the query string.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "taskName", "request"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            # Formatted when emitted, so inside the request; a line logged with its own id keeps it.
            "request_id": getattr(record, "request_id", None) or current_request_id(),
        }
        line.update({key: value for key, value in vars(record).items() if key not in _STANDARD})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)
