"""The layers run one way, read from the source with `ast` (no import is executed).

The base (`liangxin.core`) and the change log it writes to (`liangxin.audit`, the base's
journal) import nothing of the domain apps, at the top of a module or inside a function. And
function-level imports of the project's own modules, which mostly exist to dodge an import
cycle between layers, are counted against a ceiling that may only go down.
"""

from __future__ import annotations

import ast
import warnings
from dataclasses import dataclass
from pathlib import Path

import liangxin

PACKAGE_DIR = Path(liangxin.__file__).resolve().parent
PROJECT = "liangxin"

# What each base layer may import from the project (itself included).
LAYERS = {
    "liangxin.core": ("liangxin.core", "liangxin.env", "liangxin.audit"),
    "liangxin.audit": ("liangxin.core", "liangxin.audit"),
}

# (importing module, imported module) pairs let through; none today.
ALLOWED: set[tuple[str, str]] = set()

# Function-level import statements of project modules in product code (migrations aside), as on
# main when this test was written. Lower it when you remove some; the target is under 30.
FUNCTION_LEVEL_CEILING = 8


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, dotted
    target: str  # the imported module, dotted and absolute
    line: int
    in_function: bool

    def __str__(self) -> str:
        return f"{self.module}:{self.line} imports {self.target}"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    """`from .x import y` in `module`, as an absolute dotted name."""
    if not node.level:
        return node.module or ""
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def imports_of(path: Path, module: str | None = None) -> list[Import]:
    """Every import statement in the file that names a project module, top-level or not
    (`if TYPE_CHECKING:` blocks included: they are a dependency too)."""
    module = module or module_name(path)
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[Import] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            targets: list[str] = []
            if isinstance(child, ast.Import):
                targets = [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom):
                source = absolute(child, module, path.name == "__init__.py")
                # `from liangxin.x import y` may name a submodule y: count the deeper name.
                targets = [f"{source}.{alias.name}" if alias.name != "*" else source for alias in child.names]
            for target in targets:
                if target == PROJECT or target.startswith(f"{PROJECT}."):
                    found.append(Import(module, target, child.lineno, inside))
            visit(child, inside)

    visit(tree, False)
    return found


def product_files() -> list[Path]:
    return sorted(p for p in PACKAGE_DIR.rglob("*.py") if "migrations" not in p.relative_to(PACKAGE_DIR).parts)


def within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(f"{prefix}.")


def allowed(item: Import, allowed_prefixes: tuple[str, ...]) -> bool:
    if any(within(item.target, prefix) for prefix in allowed_prefixes):
        return True
    return any(item.module == module and within(item.target, target) for module, target in ALLOWED)


def test_the_base_layers_import_no_domain_app():
    forbidden = []
    for path in product_files():
        module = module_name(path)
        for layer, allowed_prefixes in LAYERS.items():
            if within(module, layer):
                forbidden += [str(item) for item in imports_of(path) if not allowed(item, allowed_prefixes)]
    assert not forbidden, "The base layers import a domain app:\n" + "\n".join(forbidden)


def test_the_allow_list_holds_only_imports_that_still_exist():
    present = {(item.module, item.target) for path in product_files() for item in imports_of(path)}
    stale = [pair for pair in ALLOWED if not any(m == pair[0] and within(t, pair[1]) for m, t in present)]
    assert not stale, f"Remove these from ALLOWED, the imports are gone: {stale}"


def test_function_level_imports_of_the_project_only_go_down():
    inside = [item for path in product_files() for item in imports_of(path) if item.in_function]
    statements = {(item.module, item.line) for item in inside}
    listing = "\n".join(sorted({f"{item.module}:{item.line}" for item in inside}))
    assert len(statements) <= FUNCTION_LEVEL_CEILING, (
        f"{len(statements)} function-level imports of project modules (ceiling {FUNCTION_LEVEL_CEILING}); "
        f"import at the top of the module instead, or say in a comment why it cannot:\n{listing}"
    )
    if len(statements) < FUNCTION_LEVEL_CEILING:
        warnings.warn(f"{len(statements)} function-level project imports: lower FUNCTION_LEVEL_CEILING "
                      f"in tests/test_layers.py to {len(statements)}", stacklevel=1)


def test_the_reader_sees_relative_and_function_level_imports(tmp_path):
    # The reader must catch what the checks above rely on: a relative import resolved against its
    # package, an import inside a method, and one under `if TYPE_CHECKING:`.
    source = (
        "from typing import TYPE_CHECKING\n"
        "from ..regions import models\n"
        "if TYPE_CHECKING:\n"
        "    from liangxin.members.models import Member\n"
        "class A:\n"
        "    def f(self):\n"
        "        import liangxin.rules.registry\n"
    )
    path = tmp_path / "probe.py"
    path.write_text(source, encoding="utf-8")
    found = {(item.target, item.in_function) for item in imports_of(path, "liangxin.core.probe")}
    assert found == {
        ("liangxin.regions.models", False),
        ("liangxin.members.models.Member", False),
        ("liangxin.rules.registry", True),
    }
