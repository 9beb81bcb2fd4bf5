"""The arrows between layers point one way: records and the UI may use the rules and the
vocabulary; the rules never reach up into the records, and the vocabulary needs nothing at all."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RULES = sorted((ROOT / "desktop/ledger/rules").rglob("*.py"))
SQL_OR_QT = ("sqlalchemy", "sqlmodel", "sqlite3", "alembic", "PySide6")


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def loaded_after_import(module: str) -> set[str]:
    """Every module a fresh interpreter holds after importing `module`: indirect imports count."""
    code = f"import sys, {module}; print('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return set(out.stdout.split())


@pytest.mark.parametrize("path", RULES, ids=lambda p: p.name)
def test_a_rules_module_imports_nothing_from_the_records(path):
    offenders = {m for m in imported_modules(path) if m.startswith("desktop.ledger.records")}
    assert offenders == set()


def test_the_rules_load_neither_records_nor_sql_nor_qt_even_indirectly():
    loaded = loaded_after_import(", ".join(module_name(p) for p in RULES))
    reached = sorted(
        m for m in loaded if m.startswith("desktop.ledger.records") or m.split(".")[0] in SQL_OR_QT
    )
    assert reached == []


def test_the_vocabulary_loads_no_sql_and_no_qt():
    loaded = loaded_after_import("desktop.ledger.vocabulary")
    assert sorted(m for m in loaded if m.split(".")[0] in SQL_OR_QT) == []
    assert not any(m.startswith("desktop.ledger.records") for m in loaded)


@pytest.mark.parametrize(
    "consumer",
    [
        "desktop/ledger/records/households.py",
        "desktop/ledger/records/registrations.py",
        "desktop/ledger/rules/registration.py",
        "desktop/ledger/excel/export.py",
        "desktop/ui/households/model.py",
    ],
)
def test_records_rules_ui_and_exports_take_their_words_from_the_vocabulary(consumer):
    assert "desktop.ledger.vocabulary" in imported_modules(ROOT / consumer)


def defined_vocabulary(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ClassDef) and any(
            getattr(b, "id", None) == "StrEnum" for b in node.bases
        ):
            found.append(f"class {node.name}")
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            found += [t.id for t in targets if isinstance(t, ast.Name) and t.id.endswith("_LABELS")]
    return found


def test_no_category_or_label_is_defined_twice():
    """A StrEnum or a *_LABELS table defined in records, rules or exports would drift from the
    vocabulary. The change log's own action kind and origin and the import's row outcome are not
    domain words."""
    found = [
        f"{path.relative_to(ROOT)}: {name}"
        for place in ("desktop/ledger/records", "desktop/ledger/rules", "desktop/ledger/excel")
        for path in sorted((ROOT / place).rglob("*.py"))
        for name in defined_vocabulary(path)
    ]
    assert sorted(found) == [
        "desktop/ledger/excel/import_result.py: class Outcome",
        "desktop/ledger/records/base.py: class ChangeAction",
        "desktop/ledger/records/base.py: class ChangeOrigin",
    ]
