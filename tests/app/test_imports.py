"""The app's modules import each other without cycles (shared route dependencies live in deps)."""

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "stancemap" / "app"


def _edges() -> dict[str, set[str]]:
    mods = {p.stem for p in APP.glob("*.py")}
    edges = {}
    for p in APP.glob("*.py"):
        found = set()
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                found |= {node.module.split(".")[0]} if node.module else {a.name for a in node.names}
        edges[p.stem] = found & mods - {p.stem}
    return edges


def test_app_modules_import_without_cycles():
    edges = _edges()
    assert edges["server"] >= {"api", "pages"} and "server" not in edges["api"] | edges["pages"]
    state: dict[str, str] = {}

    def visit(name: str, path: list[str]) -> None:
        state[name] = "open"
        for dep in edges[name]:
            assert state.get(dep) != "open", " -> ".join([*path, name, dep])
            if dep not in state:
                visit(dep, [*path, name])
        state[name] = "done"

    for name in edges:
        if name not in state:
            visit(name, [])
