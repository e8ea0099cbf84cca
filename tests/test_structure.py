"""The code follows the data: registry → spiders → pipelines → archive, with no way back and no cycle.

Read from the source with ``ast`` (imports inside functions count too), so a
new arrow against the flow fails here before it makes the next change harder.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("crawler", "spiders", "pipelines", "archive", "fixtureweb")
# What each package may import of the project's own packages.
ALLOWED = {
    "crawler": {"crawler"},
    "spiders": {"crawler", "spiders"},
    "pipelines": {"crawler", "archive", "pipelines"},
    "archive": {"crawler", "archive"},
    "fixtureweb": {"crawler", "fixtureweb"},
}
# The top-level commands reach every layer to run it.
COMMANDS = {"crawler.cli", "crawler.runner", "crawler.distribute", "crawler.__main__"} | {
    f"crawler.commands.{path.stem}" for path in (ROOT / "crawler" / "commands").glob("*.py")
} | {"crawler.commands"}
# Third-party packages a layer must not need.
FORBIDDEN_LIBRARIES = {"archive": {"scrapy", "twisted"}, "crawler": {"twisted"}}


def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def imports(path: Path, name: str) -> set[str]:
    """Every module named by an import statement anywhere in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def project_graph() -> dict[str, set[str]]:
    known = modules()
    graph = {}
    for name, path in known.items():
        graph[name] = {target for target in imports(path, name) if target in known and target != name}
    return graph


def test_every_arrow_follows_the_data():
    wrong = []
    for name, path in modules().items():
        if name in COMMANDS:
            continue
        layer = name.split(".")[0]
        for target in imports(path, name):
            top = target.split(".")[0]
            if top in PACKAGES and top not in ALLOWED[layer]:
                wrong.append(f"{name} imports {target}")
            if top in FORBIDDEN_LIBRARIES.get(layer, ()):
                wrong.append(f"{name} imports {target} (the {layer} layer works without it)")
            if top == "tests":
                wrong.append(f"{name} imports {target}")
    assert wrong == []


def test_no_import_cycles():
    graph = project_graph()
    # Packages import their own __init__ implicitly; an edge to a parent package is not a cycle of code.
    edges = {a: {b for b in targets if not a.startswith(b + ".")} for a, targets in graph.items()}
    cycles, state = [], {}

    def visit(node, trail):
        state[node] = "open"
        for target in sorted(edges.get(node, ())):
            if state.get(target) == "open":
                cycles.append(trail[trail.index(target):] + [target])
            elif target not in state:
                visit(target, trail + [target])
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert cycles == []


def test_benchmarks_use_only_public_names_and_no_tests():
    wrong = []
    for path in (ROOT / "benchmarks").glob("*.py"):
        for target in imports(path, "benchmarks." + path.stem):
            last = target.rsplit(".", 1)[-1]
            if target.split(".")[0] == "tests" or (last.startswith("_") and not last.startswith("__")):
                wrong.append(f"{path.name} imports {target}")
    assert wrong == []


def test_scripts_outside_the_packages_import_names_that_exist():
    """Benchmarks and fixture generators are run by hand, never imported by a test: a module they
    name that moved would only show when someone next runs them."""
    scripts = [*(ROOT / "benchmarks").glob("*.py"), *(ROOT / "tests" / "fixtures").rglob("*.py")]
    known = modules()
    missing = []
    for path in scripts:
        for target in imports(path, "scripts." + path.stem):
            if target.split(".")[0] not in PACKAGES:
                continue
            module, _, attribute = target.rpartition(".")
            if target not in known and (module not in known or not _defines(known[module], attribute)):
                missing.append(f"{path.relative_to(ROOT)} imports {target}")
    assert missing == []


def _defines(path: Path, name: str) -> bool:
    """The module file binds ``name`` at its top level (a def, class, assignment or import)."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == name:
            return True
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                return True
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            if any((alias.asname or alias.name.split(".")[0]) == name for alias in node.names):
                return True
    return False


def test_every_setting_read_is_declared_in_settings_py():
    text = (ROOT / "settings.py").read_text()
    # Scrapy settings are declared; the registry's two environment variables are documented there.
    declared = set(re.findall(r"^(ARCHIVE_\w+)\s*=", text, re.MULTILINE))
    declared |= set(re.findall(r"^#.*\b(ARCHIVE_SITES?_\w*DIR)\b", text, re.MULTILINE))
    read = set()
    for path in [*modules().values(), *(ROOT / "benchmarks").glob("*.py")]:
        read.update(re.findall(r"""["'](ARCHIVE_[A-Z_]+)["']""", path.read_text(encoding="utf-8")))
    assert read - declared == set()


def test_no_component_reaches_another_through_the_crawler_object():
    pattern = re.compile(r"crawler\.(archive_pipeline|store_pipeline)|setattr\(\s*(self\.)?crawler\b|crawler\._\w+\s*=")
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in modules().values()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert found == []


def test_one_module_writes_warc():
    writers = sorted(
        str(path.relative_to(ROOT))
        for path in modules().values()
        if re.search(r"\bWARCWriter\(|\bWarcWriter\(", path.read_text(encoding="utf-8"))
    )
    # archive/warc.py defines the writer; pipelines/archiver.py is the one component that uses it.
    assert writers == ["archive/warc.py", "pipelines/archiver.py"]
