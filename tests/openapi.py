"""The OpenAPI schema as /api/schema/ serves it to a signed-in user, generated in-process: the
tests that read it at collection have no database and no user (the endpoint needs a login)."""

import json

from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer


def served_schema() -> dict:
    return json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))
