"""Where the data files in `resources/` live, and a cached YAML reader for them."""

from functools import cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2] / "resources"


def resource_path(*parts: str) -> Path:
    return ROOT.joinpath(*parts)


@cache
def load_yaml(*parts: str) -> Any:
    with resource_path(*parts).open(encoding="utf-8") as f:
        return yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
