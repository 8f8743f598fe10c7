"""docs/security.md maps each graded-protection requirement to the setting, the code and the test
that shows it (issue 10, "Done when"): every test and code location it names must exist, or the
table would vouch for something that was renamed or removed."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "security.md"

# `tests/test_x.py::test_name`, `liangxin/app/views.py::Name.method`, `app/views.py::name`, or
# `::name` for the file named last before it (in the row, or the rows above).
REFERENCE = re.compile(r"`((?:[\w./-]+\.py)?)::([\w.]+)`")
FILE = re.compile(r"`((?:liangxin/|tests/|[a-z]+/)[\w/.-]+\.py)`")


def resolve(path: str, near: Path | None = None) -> Path:
    """A path as the document writes it: from the root, from liangxin/, or a module's bare name
    beside the file named before it (`passwords.py` after liangxin/accounts/forms.py)."""
    candidates = [ROOT / path, ROOT / "liangxin" / path] + ([near.parent / path] if near else [])
    for candidate in candidates:
        if candidate.exists():
            return candidate
    found = list((ROOT / "liangxin").glob(f"*/{path}"))
    assert len(found) == 1, f"docs/security.md names {path}: found {found or 'nothing'}"
    return found[0]


def references():
    """(line number, files, name) for each `file::name` of the document. A bare `::name` is in
    one of the files of its kind (tests or code) named before it in the same section."""
    named: dict[bool, list[Path]] = {True: [], False: []}  # is a test → files named in the section
    for number, line in enumerate(DOC.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("## "):
            named = {True: [], False: []}
        for match in REFERENCE.finditer(line):
            path, name = match.groups()
            is_test = name.startswith("test_")
            if path:
                near = named[is_test][-1] if named[is_test] else None
                named[is_test].append(resolve(path, near))
                yield number, [named[is_test][-1]], name
            else:
                assert named[is_test], f"line {number}: ::{name} without a file before it"
                yield number, list(reversed(named[is_test])), name


def defines(path: Path, name: str) -> bool:
    text = path.read_text(encoding="utf-8")
    if path.parent.name == "tests":
        return re.search(rf"^\s*(?:async )?def {re.escape(name)}\(", text, re.M) is not None
    return all(re.search(rf"\b{re.escape(part)}\b", text) for part in name.split("."))


def test_every_test_and_code_location_it_names_exists():
    missing = []
    seen = 0
    for number, paths, name in references():
        seen += 1
        if not any(defines(path, name) for path in paths):
            missing.append(f"line {number}: {paths[0].relative_to(ROOT)}::{name}")
    assert seen > 50
    assert not missing, "\n".join(missing)


def test_every_file_it_names_exists():
    text = DOC.read_text(encoding="utf-8")
    for path in set(FILE.findall(text)):
        resolve(path)
