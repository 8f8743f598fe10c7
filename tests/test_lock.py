"""requirements.lock, which `make install` installs, pins every dependency that pyproject.toml
declares (the runtime ones, the dev extra's and the packages their extras bring) at a version
the declaration accepts: one added or tightened in pyproject.toml without `make lock` fails
here, not as a missing module on the next fresh machine."""

import tomllib
from importlib.metadata import requires
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


def _locked() -> dict[str, str]:
    """name → pinned version; each pin is a line `name==version \\` followed by its hashes."""
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line and not line[0].isspace() and not line.startswith("#"):
            name, version = line.split()[0].split("==")
            pins[canonicalize_name(name)] = version
    return pins


def _declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = [Requirement(line) for line in project["dependencies"] + project["optional-dependencies"]["dev"]]
    # An extra (psycopg[binary]) is a requirement of the package itself, read from its metadata.
    for requirement in list(declared):
        for extra in requirement.extras:
            for line in requires(requirement.name) or []:
                brought = Requirement(line)
                if brought.marker and brought.marker.evaluate({"extra": extra}):
                    declared.append(brought)
    return declared


def test_every_declared_dependency_is_locked_at_a_version_it_accepts():
    locked = _locked()
    problems = []
    for requirement in _declared():
        version = locked.get(canonicalize_name(requirement.name))
        if version is None:
            problems.append(f"{requirement} is not in requirements.lock")
        elif not requirement.specifier.contains(version, prereleases=True):
            problems.append(f"{requirement} does not accept the locked {version}")
    assert not problems, "run `make lock`: " + "; ".join(problems)


def test_every_pin_is_hash_checked():
    text = (ROOT / "requirements.lock").read_text()
    pins = [line for line in text.splitlines() if "==" in line and not line.startswith(("#", " "))]
    assert pins and all(line.endswith("\\") for line in pins), "every pin is followed by its --hash lines"
    assert "--index-url" not in text and "--find-links" not in text, "the lock names no machine's own index"
