"""liangxin createdb: `make demo` on a PostgreSQL server where the database does not exist yet."""

import psycopg
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from psycopg import sql


class Command(BaseCommand):
    help = "DATABASE_URL 指向的 PostgreSQL 数据库不存在时创建它（需要 CREATEDB 权限）；SQLite 无需此步。"
    requires_system_checks = []

    def handle(self, *args, **options) -> None:
        connection = connections[DEFAULT_DB_ALIAS]
        if connection.vendor != "postgresql":
            return
        params = connection.settings_dict
        name = params["NAME"]
        server = {"host": params["HOST"] or None, "port": params["PORT"] or None, "user": params["USER"] or None,
                  "password": params["PASSWORD"] or None}
        how = f"请数据库管理员运行 createdb -h {params['HOST'] or 'localhost'} -U postgres -O {params['USER']} {name} 后重试。"
        try:
            with psycopg.connect(dbname="postgres", autocommit=True, connect_timeout=10, **server) as admin:
                if admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                    return
                admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        except psycopg.Error as error:
            raise CommandError(f"数据库 {name} 不存在，且无法自动创建（{error.__class__.__name__}）：{how}") from None
        self.stdout.write(f"已创建数据库 {name}")
