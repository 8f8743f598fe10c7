"""`liangxin bench-data`: the same command as bench_data, under the name the Makefile uses."""

from liangxin.rules.management.commands.bench_data import Command  # noqa: F401
