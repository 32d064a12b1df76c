"""Who acts is typed: every top-level function in an app's services.py, selectors.py and rules.py that
takes `actor` or `user` annotates it (as `accounts.principals.Actor`, or narrower where it is not the
acting user), so mypy (`make test`, `[tool.mypy]` in pyproject.toml) checks what is done with it."""

import ast
from pathlib import Path

APPS = Path(__file__).resolve().parent.parent / "src" / "tovholder"
ROOMS = ("services.py", "selectors.py", "rules.py")
NAMES = {"actor", "user"}


def _files() -> list[Path]:
    return sorted(path for room in ROOMS for path in APPS.glob(f"*/{room}"))


def _misses(path: Path, root: Path = APPS.parent.parent) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    misses = []
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        args = node.args
        for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs):
            if arg.arg in NAMES and arg.annotation is None:
                misses.append(f"{path.relative_to(root)}:{node.lineno} {node.name}({arg.arg})")
    return misses


def test_the_rooms_are_found():
    files = _files()
    assert any(p.name == "services.py" for p in files) and any(p.name == "selectors.py" for p in files)


def test_every_actor_and_user_is_annotated():
    misses = [miss for path in _files() for miss in _misses(path)]
    assert not misses, "Annotate the acting user (`actor: Actor` / `user: Actor`):\n" + "\n".join(misses)


def test_a_missing_annotation_is_caught(tmp_path):
    room = tmp_path / "services.py"
    room.write_text("def good(*, actor: 'Actor'): ...\n\n\ndef bad(x, user): ...\n", encoding="utf-8")
    assert _misses(room, root=tmp_path) == ["services.py:4 bad(user)"]
