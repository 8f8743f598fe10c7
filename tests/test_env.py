"""Settings from the environment, and the old `LIANXIN_*` spelling accepted for one release."""

import logging
import os
import subprocess
import sys
import warnings

import pytest
from django.core.exceptions import ImproperlyConfigured

from liangxin.env import env_bool, env_choice, env_int, env_list, env_str


@pytest.fixture
def clean_env(monkeypatch):
    for name in ("LIANGXIN_SESSION_SECONDS", "LIANXIN_SESSION_SECONDS"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_it_reads_the_new_name_without_warning(clean_env):
    clean_env.setenv("LIANGXIN_SESSION_SECONDS", "60")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert env_int("LIANGXIN_SESSION_SECONDS", 8) == 60


def test_it_reads_the_old_spelling_with_a_warning_naming_the_new_one(clean_env, caplog):
    clean_env.setenv("LIANXIN_SESSION_SECONDS", "60")
    expected = "LIANXIN_SESSION_SECONDS .*rename it to LIANGXIN_SESSION_SECONDS"
    with pytest.warns(DeprecationWarning, match=expected), caplog.at_level(logging.WARNING, logger="liangxin.env"):
        assert env_int("LIANGXIN_SESSION_SECONDS", 8) == 60
    assert "rename it to LIANGXIN_SESSION_SECONDS" in caplog.text


def test_it_prefers_the_new_name_when_both_are_set(clean_env):
    clean_env.setenv("LIANXIN_SESSION_SECONDS", "60")
    clean_env.setenv("LIANGXIN_SESSION_SECONDS", "120")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert env_int("LIANGXIN_SESSION_SECONDS", 8) == 120


def test_it_reads_every_kind_through_the_old_spelling(monkeypatch):
    monkeypatch.setenv("LIANXIN_TEST_STR", "x")
    monkeypatch.setenv("LIANXIN_TEST_BOOL", "yes")
    monkeypatch.setenv("LIANXIN_TEST_CHOICE", "b")
    monkeypatch.setenv("LIANXIN_TEST_LIST", "a, b,")
    with pytest.warns(DeprecationWarning):
        assert env_str("LIANGXIN_TEST_STR") == "x"
        assert env_bool("LIANGXIN_TEST_BOOL") is True
        assert env_choice("LIANGXIN_TEST_CHOICE", "a", ("a", "b")) == "b"
        assert env_list("LIANGXIN_TEST_LIST", []) == ["a", "b"]


def test_it_names_the_variable_that_holds_a_bad_value(clean_env):
    clean_env.setenv("LIANXIN_SESSION_SECONDS", "eight hours")
    with pytest.warns(DeprecationWarning), pytest.raises(ImproperlyConfigured, match="^LIANXIN_SESSION_SECONDS="):
        env_int("LIANGXIN_SESSION_SECONDS", 8)
    clean_env.setenv("LIANGXIN_SESSION_SECONDS", "eight hours")
    with pytest.raises(ImproperlyConfigured, match="^LIANGXIN_SESSION_SECONDS="):
        env_int("LIANGXIN_SESSION_SECONDS", 8)


def _settings_in_a_fresh_process(**environ: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LIANGXIN_", "LIANXIN_"))}
    env.update(environ, DJANGO_SETTINGS_MODULE="liangxin.settings")
    code = "from django.conf import settings; print(settings.SESSION_COOKIE_AGE, settings.ENV)"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)


def test_it_starts_with_the_old_spelling_and_says_what_to_rename():
    done = _settings_in_a_fresh_process(LIANXIN_SESSION_SECONDS="600")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["600", "dev"]
    assert "LIANXIN_SESSION_SECONDS is deprecated" in done.stderr and "LIANGXIN_SESSION_SECONDS" in done.stderr


def test_it_refuses_production_without_secrets_under_either_spelling():
    for name in ("LIANGXIN_ENV", "LIANXIN_ENV"):
        done = _settings_in_a_fresh_process(**{name: "production"})
        assert done.returncode != 0
        assert "LIANGXIN_SECRET_KEY must be set" in done.stderr
