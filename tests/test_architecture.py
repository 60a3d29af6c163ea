"""The layout is the architecture: core knows no platform, its layers import downwards only,
no module imports itself in a circle, and every module is short and says what it is for."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLATFORMS = ("bot", "slack_bolt", "slack_sdk", "discord", "openai")
# The core's layers, lowest first; a module may import its own layer and those below. A
# subject package (roles, practice, mock, ...) holds its domain modules beside its commands
# (`commands`, `*_commands`) and its store (`store`, `*_store`, `tables`), which belong to
# the outer layers.
FOUNDATION = ("core.kernel", "core.content")
OUTER = ("core.commands", "core.dispatch", "core.store")  # each uses the domain, not each other
LOOSE_AT_MOST = 6  # modules at the top of core/, beside its packages
MAX_LINES = 300


def _modules(package: str) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


CORE = _modules("core")
ALL = {**CORE, **_modules("bot")}


def _imports(name: str, path: Path) -> Iterator[str]:
    """Every module `name` imports, as a dotted name (a package's module where one is named)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                yield candidate if candidate in ALL else base


def _core_graph() -> dict[str, set[str]]:
    return {
        name: {i for i in _imports(name, path) if i in CORE and i != name}
        for name, path in CORE.items()
    }


def _within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _layer(name: str) -> str:
    if _within(name, FOUNDATION) or name == "core":
        return "foundation"
    for outer in OUTER:
        if _within(name, (outer,)):
            return outer
    leaf = name.rpartition(".")[2]
    if name.count(".") == 2 and (leaf == "commands" or leaf.endswith("_commands")):
        return "core.commands"
    if name.count(".") == 2 and (leaf in ("store", "tables") or leaf.endswith("_store")):
        return "core.store"
    return "domain"


def test_core_imports_no_platform_and_nothing_from_bot() -> None:
    breaches = [
        (name, imported)
        for name, path in CORE.items()
        for imported in _imports(name, path)
        if imported.split(".")[0] in PLATFORMS
    ]
    assert breaches == []


def test_core_layers_import_only_downwards() -> None:
    allowed = {
        "foundation": {"foundation"},
        "domain": {"foundation", "domain"},
        **{outer: {"foundation", "domain", outer} for outer in OUTER},
    }
    breaches = [
        f"{name} ({_layer(name)}) imports {imported} ({_layer(imported)})"
        for name, imports in _core_graph().items()
        for imported in imports
        if _layer(imported) not in allowed[_layer(name)]
    ]
    assert breaches == []


def test_no_module_imports_itself_through_a_circle() -> None:
    graph = _core_graph()
    visiting: list[str] = []
    done: set[str] = set()
    circles: list[list[str]] = []

    def visit(name: str) -> None:
        if name in done:
            return
        if name in visiting:
            circles.append([*visiting[visiting.index(name) :], name])
            return
        visiting.append(name)
        for imported in sorted(graph[name]):
            visit(imported)
        visiting.pop()
        done.add(name)

    for name in sorted(graph):
        visit(name)
    assert circles == []


def test_the_check_would_see_a_breach() -> None:
    """The graph is read right: the dispatcher is known to use the domain's checkin module."""
    graph = _core_graph()
    assert "core.coaching.checkin" in graph["core.dispatch.compose"]
    assert _layer("core.store.users") == "core.store"
    assert _layer("core.mock.store") == "core.store"
    assert _layer("core.mock.commands") == "core.commands"
    assert _layer("core.coaching.checkin_commands") == "core.commands"
    assert _layer("core.scheduling.recurrence") == "domain"
    assert _layer("core.kernel.reply") == "foundation"


def test_the_top_of_core_holds_packages_and_a_few_modules() -> None:
    loose = sorted(p.name for p in (ROOT / "core").glob("*.py") if p.name != "__init__.py")
    assert len(loose) <= LOOSE_AT_MOST, loose


@pytest.mark.parametrize("name", sorted(ALL))
def test_each_module_is_short_and_says_its_job(name: str) -> None:
    path = ALL[name]
    source = path.read_text()
    if "migrations" in path.parts:
        return
    assert source.count("\n") <= MAX_LINES, f"{path.relative_to(ROOT)} is over {MAX_LINES} lines"
    if source.strip():
        assert ast.get_docstring(ast.parse(source)), f"{path.relative_to(ROOT)} has no docstring"
