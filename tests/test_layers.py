"""Imports run one way (ARCHITECTURE.md, "Layout"): a module imports only its own app and the layers
below it — at module level and inside functions alike. Where a lower app needs something from a
higher one, the higher one registers it (overview sections, timeline sources, menu entries, start-page
panels, capacity usage, principal kinds, demo steps)."""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"

# Lowest first. A module belongs to the layer of its longest matching prefix.
LAYERS: list[list[str]] = [
    ["tovholder.tenancy", "tovholder.layout", "tovholder.records", "tovholder.demo.steps"],
    ["tovholder.accounts", "tovholder.audit"],
    ["tovholder.offers", "tovholder.citizens"],
    ["tovholder.retention", "tovholder.todo"],
    ["tovholder.activities"],
    ["tovholder.visitation"],
    ["tovholder.plans"],
    ["tovholder.support"],
    ["tovholder.journal", "tovholder.outcomes"],
    ["tovholder.crosssector", "tovholder.transition"],
    ["tovholder.reporting"],
    ["tovholder.courses", "tovholder.dropin", "tovholder.volunteers", "tovholder.housing",
     "tovholder.youth"],
    ["tovholder.forecast", "tovholder.figures", "tovholder.staffing"],
    ["tovholder.budget", "tovholder.actionplan", "tovholder.portal"],
    ["tovholder.committee"],
    ["tovholder.conversion", "tovholder.api"],
    # the project level and the demo: may know every app
    ["tovholder.home", "tovholder.health", "tovholder.urls", "tovholder.settings", "tovholder.wsgi",
     "tovholder.gunicorn_conf", "tovholder.passwords", "tovholder.cli", "tovholder.demo"],
]
# Each app's demo.py belongs to the demo (it is loaded only by the demo builder).
DEMO_LAYER = len(LAYERS) - 1


def _layer_of(module: str) -> tuple[int, str]:
    """(layer index, the prefix that placed it) for a module of the project."""
    parts = module.split(".")
    if module == "tovholder":
        return DEMO_LAYER, module
    if len(parts) >= 3 and parts[2] == "demo":
        return DEMO_LAYER, module
    best = None
    for i, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and (best is None or len(prefix) > len(best[1])):
                best = (i, prefix)
    if best is None:
        raise AssertionError(f"{module} is in no layer: add its app to LAYERS")
    return best


def _modules():
    for path in sorted((SRC / "tovholder").rglob("*.py")):
        relative = path.relative_to(SRC).with_suffix("")
        if "migrations" in relative.parts:
            continue
        parts = list(relative.parts)
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        yield ".".join(parts), path


def _imports(module: str, path: Path):
    """Every project module the file imports, anywhere in it (module level or inside functions)."""
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("tovholder"):
                    yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("tovholder"):
                for alias in node.names:  # `from tovholder.x import y` may name a module y
                    yield f"{target}.{alias.name}", node.lineno


def _app(module: str) -> str:
    return ".".join(module.split(".")[:2])


def arrows() -> list[str]:
    wrong = []
    for module, path in _modules():
        layer, _ = _layer_of(module)
        for target, line in _imports(module, path):
            if _app(target) == _app(module) and not (layer == DEMO_LAYER and _app(module) != "tovholder.demo"):
                continue
            target_layer, placed_by = _layer_of(target)
            if target_layer > layer or (target_layer == layer and _app(target) != _app(module)
                                        and layer != DEMO_LAYER):
                wrong.append(f"{path.relative_to(SRC)}:{line} {module} -> {target} ({placed_by})")
    return wrong


def test_imports_run_one_way():
    assert arrows() == []


def test_the_forecast_engine_imports_nothing_of_django_or_the_project():
    engine = SRC / "tovholder" / "forecast" / "engine"
    for path in engine.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
            for name in names:
                assert not name.startswith(("django", "tovholder")), f"{path.name} imports {name}"


@pytest.mark.parametrize("module, expected", [
    ("tovholder.support.services", "tovholder.support"),
    ("tovholder.demo.steps", "tovholder.demo.steps"),
    ("tovholder.demo.builder", "tovholder.demo"),
])
def test_layers_are_found_by_the_longest_prefix(module, expected):
    assert _layer_of(module)[1] == expected


def test_an_upward_import_is_caught(tmp_path, monkeypatch):
    """The check itself: a lower app importing a higher one is reported, also inside a function."""
    fake = tmp_path / "tovholder" / "citizens"
    fake.mkdir(parents=True)
    (tmp_path / "tovholder" / "__init__.py").write_text("")
    (fake / "__init__.py").write_text("")
    (fake / "bad.py").write_text("def f():\n    from tovholder.support.models import Episode\n")
    monkeypatch.setattr(__import__(__name__), "SRC", tmp_path, raising=False)
    globals()["SRC"], saved = tmp_path, SRC
    try:
        assert any("tovholder.citizens.bad -> tovholder.support.models" in a for a in arrows())
    finally:
        globals()["SRC"] = saved
