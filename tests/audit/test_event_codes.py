"""Audit event codes are named constants in one style: each app's `events.Event`, "record.what_happened",
unique across the apps; no service passes a bare string."""

import ast
import importlib
from pathlib import Path

from tovholder.audit.events import CODE, EventCode

SRC = Path(__file__).resolve().parents[2] / "src" / "tovholder"
AUDIT_CALLS = {"audit", "_audit", "record_audit"}


def _event_classes():
    for path in sorted(SRC.glob("*/events.py")):
        if path.parent.name == "audit":
            continue
        yield importlib.import_module(f"tovholder.{path.parent.name}.events").Event


def test_codes_are_well_formed_and_unique():
    seen: dict[str, str] = {}
    for cls in _event_classes():
        assert issubclass(cls, EventCode)
        for member in cls:
            assert CODE.match(member.value), member.value
            assert member.name == member.value.replace(".", "_").upper(), member
            assert member.value not in seen, f"{member.value} in {cls.__module__} and {seen[member.value]}"
            seen[member.value] = cls.__module__
    assert len(seen) > 50


def test_no_write_records_a_bare_string():
    bare = []
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name not in AUDIT_CALLS:
                continue
            actions = [k.value for k in node.keywords if k.arg == "action"] or node.args[2:3]
            for action in actions:
                for leaf in ast.walk(action):
                    if isinstance(leaf, ast.Constant) and isinstance(leaf.value, str):
                        bare.append(f"{path.relative_to(SRC)}:{node.lineno} {leaf.value}")
    assert bare == []
