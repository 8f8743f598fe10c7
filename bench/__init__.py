"""The benchmarks of `make bench` and their synthetic city, beside the product, not in it.

Not packaged (pyproject.toml's package discovery includes `liangxin*` only); run from the
repository's root: `python -m bench` (harness.py), `python -m bench.data --orgs N`.
"""
