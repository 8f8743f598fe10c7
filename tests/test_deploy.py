"""nginx accepts deploy/nginx.conf as written (`nginx -t`, a throwaway certificate in place of
the real one), and `liangxin createdb` (run by `make demo`) creates a missing PostgreSQL database."""

import datetime
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.db import connection

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"


def self_signed(directory: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "dangjian.example.gov.cn")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now).not_valid_after(now + datetime.timedelta(days=1))
            .sign(key, hashes.SHA256()))
    cert_path, key_path = directory / "fullchain.pem", directory / "privkey.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def test_nginx_accepts_the_site_configuration(tmp_path):
    nginx = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)
    if nginx is None:
        pytest.skip("nginx is not installed (make nginx-deps installs Debian's nginx-light): the configuration is untested")
    cert, key = self_signed(tmp_path)
    site = (DEPLOY / "nginx.conf").read_text()
    # Only the host's paths change; every directive is tested as written.
    site = site.replace("/etc/ssl/liangxin/fullchain.pem", str(cert)).replace("/etc/ssl/liangxin/privkey.pem", str(key))
    site = site.replace("/var/log/nginx/", f"{tmp_path}/")
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log stderr;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  client_body_temp_path {tmp_path};\n  include {tmp_path}/site.conf;\n}}\n"
    )
    result = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr


def test_createdb_creates_a_missing_postgresql_database():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite creates its file itself")
    params = connection.settings_dict
    name = f"lx_createdb_{uuid.uuid4().hex[:12]}"
    url = f"postgres://{params['USER']}@{params['HOST']}:{params['PORT'] or 5432}/{name}"
    liangxin = str(Path(sys.executable).parent / "liangxin")
    env = {**os.environ, "DATABASE_URL": url}
    server = {"host": params["HOST"], "port": params["PORT"] or 5432, "user": params["USER"]}
    try:
        first = subprocess.run([liangxin, "createdb"], env=env, capture_output=True, text=True, timeout=60)
        assert first.returncode == 0 and f"已创建数据库 {name}" in first.stdout, first.stderr
        again = subprocess.run([liangxin, "createdb"], env=env, capture_output=True, text=True, timeout=60)
        assert again.returncode == 0 and again.stdout == ""
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
