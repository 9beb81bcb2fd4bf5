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
