"""Qt stays in the UI: the ledger, printing and the server never import PySide6."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QT_FREE = ["desktop/ledger", "desktop/printing", "sync", "desktop/cli.py"]


def imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_no_qt_outside_the_ui():
    files = []
    for place in QT_FREE:
        target = ROOT / place
        files += [target] if target.is_file() else sorted(target.rglob("*.py"))
    assert files
    offenders = [str(f.relative_to(ROOT)) for f in files if "PySide6" in imports(f)]
    assert offenders == []


QT_MODULES = ("PySide6", "shiboken6")
_CHECK_IMPORTS = """
import importlib, json, sys
found = {}
for name in sys.argv[1:]:
    importlib.import_module(name)
    qt = sorted(m for m in sys.modules if m.split(".")[0] in %r)
    if qt:
        found[name] = qt[:3]
        break  # the first module that pulled Qt in, directly or through another
print(json.dumps(found))
"""


def qt_free_modules() -> list[str]:
    names = []
    for place in QT_FREE:
        target = ROOT / place
        for path in [target] if target.is_file() else sorted(target.rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "migrations" in relative.parts:  # run by Alembic, not imported
                continue
            parts = list(relative.with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            names.append(".".join(parts))
    return names


def test_no_qt_reaches_the_ledger_even_indirectly():
    """Importing every Qt-free module, in a fresh interpreter, loads no Qt at all: an import
    through a UI helper (say `desktop.ui.texts`) fails here though no file names PySide6."""
    import json
    import subprocess
    import sys

    names = qt_free_modules()
    assert "desktop.ledger.storage.writes" in names
    result = subprocess.run(
        [sys.executable, "-c", _CHECK_IMPORTS % (QT_MODULES,), *names],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert json.loads(result.stdout) == {}
