"""YAML with positions: every value's ``line:col`` by its key path, for diagnostics."""

from __future__ import annotations

from typing import Any

import yaml

from .diagnostics import Diagnostic

KeyPath = tuple[Any, ...]


def load_yaml(file: str, text: str) -> tuple[Any, dict[KeyPath, tuple[int, int]], tuple[Diagnostic, ...]]:
    """Parse ``text``; return the data, a map key path → (line, col) (1-based), and diagnostics.

    Invariant: never raises on bad YAML; a syntax error becomes one diagnostic at its mark.

    >>> load_yaml("a.yml", "a:\\n  - x\\n")[1][("a", 0)]
    (2, 5)
    """
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = getattr(e, "problem", None) or str(e)
        return None, {}, (Diagnostic(file, line, col, "error", "yaml-syntax",
                                     f"invalid YAML: {problem} (expected a well-formed YAML document)",
                                     source_line=_line(text, line)),)
    positions: dict[KeyPath, tuple[int, int]] = {}

    def walk(n: yaml.Node | None, path: KeyPath) -> None:
        if n is None:
            return
        positions[path] = (n.start_mark.line + 1, n.start_mark.column + 1)
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                key = k.value
                positions[path + (key, "__key__")] = (k.start_mark.line + 1, k.start_mark.column + 1)
                walk(v, path + (key,))
        elif isinstance(n, yaml.SequenceNode):
            for i, v in enumerate(n.value):
                walk(v, path + (i,))

    walk(node, ())
    return data, positions, ()


def _line(text: str, n: int) -> str:
    lines = text.split("\n")
    return lines[n - 1] if 1 <= n <= len(lines) else ""


def position(positions: dict[KeyPath, tuple[int, int]], path: KeyPath) -> tuple[int, int]:
    """The position of ``path``, or of its nearest ancestor that has one."""
    while path and path not in positions:
        path = path[:-1]
    return positions.get(path, (1, 1))


def format_path(path: KeyPath) -> str:
    """``("entries", 3, "target")`` → ``entries[3].target``."""
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (("." if out else "") + str(p))
    return out
