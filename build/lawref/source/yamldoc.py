"""YAML with positions: every value's ``line:col`` by its key path, for diagnostics.

Loading is bounded, whatever the file holds: at most ``MAX_YAML_BYTES`` bytes, ``MAX_DEPTH`` levels
of nesting, ``MAX_ALIASES`` aliases and ``MAX_NODES`` values once aliases are expanded (a few
hundred bytes of nested aliases would otherwise expand to billions of values); a key given twice in
one mapping is an error (YAML would keep the last silently). Each is a diagnostic at its ``line:col``.
"""

from __future__ import annotations

import bisect
from typing import Any

import yaml

from ..diagnostics import Diagnostic

KeyPath = tuple[Any, ...]

MAX_YAML_BYTES = 1_000_000
"""Largest YAML file (annotations, metadata, witnesses) the build reads."""
MAX_DEPTH = 50
"""Deepest nesting of lists and mappings."""
MAX_ALIASES = 100
"""Most aliases (``*name``) in one file."""
MAX_NODES = 100_000
"""Most values in one file, counting each alias as the values it stands for."""


class _LimitError(yaml.MarkedYAMLError):
    """A limit of this module was exceeded at ``problem_mark``."""


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader that counts aliases and nesting while it composes (before anything is built)."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self.depth = 0
        self.aliases: list[tuple[yaml.Mark, yaml.Node]] = []

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            if len(self.aliases) >= MAX_ALIASES:
                raise _LimitError(problem=f"more than {MAX_ALIASES} aliases (expected at most {MAX_ALIASES}: "
                                          "repeat the values instead)", problem_mark=event.start_mark)
            node = self.anchors.get(event.anchor)
            if node is not None:
                self.aliases.append((event.start_mark, node))
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _LimitError(problem=f"nesting deeper than {MAX_DEPTH} levels (expected at most {MAX_DEPTH} "
                                          "nested lists or mappings)", problem_mark=event.start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _Lines:
    """(line, col) of a YAML mark as our diagnostics count them: lines end at ``\\n`` only (YAML also breaks
    lines at U+0085, U+2028 and U+2029, so its own line numbers can differ)."""

    def __init__(self, text: str):
        self.starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]

    def __call__(self, m: yaml.Mark) -> tuple[int, int]:
        n = bisect.bisect_right(self.starts, m.index)
        return n, m.index - self.starts[n - 1] + 1


def decode_yaml(file: str, data: bytes) -> tuple[str | None, tuple[Diagnostic, ...]]:
    """The text of a YAML file, or ``None`` and a diagnostic at the real ``line:col`` of what is wrong
    (too large, not UTF-8).

    >>> d = decode_yaml("a.yml", b"a: x\\nb: \\xff\\n")[1][0]
    >>> d.line, d.col
    (2, 4)
    """
    if len(data) > MAX_YAML_BYTES:
        return None, (Diagnostic(file, 1, 1, "error", "yaml-size",
                                 f"the file has {len(data):,} bytes (expected at most {MAX_YAML_BYTES:,}: split it into "
                                 "several files)"),)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError as e:
        from .read import _byte_position
        line, col = _byte_position(data, e.start)
        lines = data.split(b"\n")
        shown = lines[line - 1].decode("utf-8", "replace") if line <= len(lines) else ""
        return None, (Diagnostic(file, line, col, "error", "yaml-encoding",
                                 f"byte 0x{data[e.start]:02x} is not valid UTF-8 (expected UTF-8 text)",
                                 source_line=shown),)


def load_yaml(file: str, text: str) -> tuple[Any, dict[KeyPath, tuple[int, int]], tuple[Diagnostic, ...]]:
    """Parse ``text``; return the data, a map key path → (line, col) (1-based), and diagnostics.

    Invariant: never raises on bad YAML; a syntax error, a control character, a limit exceeded or a
    duplicate key becomes one diagnostic at its position (and no data).

    >>> load_yaml("a.yml", "a:\\n  - x\\n")[1][("a", 0)]
    (2, 5)
    >>> [(d.line, d.col, d.code) for d in load_yaml("a.yml", "a: 1\\nb: 2\\na: 3\\n")[2]]
    [(3, 1, 'yaml-duplicate-key')]
    """
    _mark = _Lines(text)
    unseen = _invisible(file, text)
    if unseen:
        return None, {}, unseen
    try:
        loader = _BoundedLoader(text)  # checks every character first
        try:
            node = loader.get_single_node()
            problem = _check_graph(file, text, node, loader.aliases, _mark)
            if problem:
                return None, {}, (problem,)
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.reader.ReaderError as e:
        # A character YAML does not allow (NUL, C0/C1 controls, U+FFFE …): ``position`` counts characters.
        line = text.count("\n", 0, e.position) + 1
        col = e.position - (text.rfind("\n", 0, e.position) + 1) + 1
        return None, {}, (Diagnostic(file, line, col, "error", "yaml-character",
                                     f"character U+{e.character:04X} is not allowed in YAML (expected printable text)",
                                     source_line=_line(text, line)),)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        line, col = _mark(mark) if mark else (1, 1)
        problem_text = getattr(e, "problem", None) or str(e)
        if isinstance(e, _LimitError):
            code, message = "yaml-limit", f"{problem_text}"
        else:
            code, message = "yaml-syntax", f"invalid YAML: {problem_text} (expected a well-formed YAML document)"
        return None, {}, (Diagnostic(file, line, col, "error", code, message, source_line=_line(text, line)),)
    positions: dict[KeyPath, tuple[int, int]] = {}

    def walk(n: yaml.Node | None, path: KeyPath) -> None:
        if n is None:
            return
        positions[path] = _mark(n.start_mark)
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                key = k.value
                positions[path + (key, "__key__")] = _mark(k.start_mark)
                walk(v, path + (key,))
        elif isinstance(n, yaml.SequenceNode):
            for i, v in enumerate(n.value):
                walk(v, path + (i,))

    walk(node, ())
    return data, positions, ()


def _invisible(file: str, text: str) -> tuple[Diagnostic, ...]:
    """Bidi controls, zero-width and other invisible format characters in a hand-edited YAML file: errors at
    their ``line:col`` (an editor can delete them; variation selectors are kept; YAML refuses controls itself).

    >>> [(d.line, d.col, d.code) for d in _invisible("a.yml", "a: 甲\\nb: 乙\\u202e丙\\n")]
    [(2, 5, 'bidi-control')]
    """
    from .read import _UNSEEN, char_policy
    out: list[Diagnostic] = []
    lines = text.split("\n")
    for m in _UNSEEN.finditer(text):
        code, _, what, _ = char_policy(m.group(0))
        if code in ("variation-selector", "control-char", "noncharacter"):
            continue  # kept, or refused by YAML's own reader
        i = m.start()
        line = text.count("\n", 0, i) + 1
        col = i - (text.rfind("\n", 0, i) + 1) + 1
        out.append(Diagnostic(file, line, col, "error", code,
                              f"{what} U+{ord(m.group(0)):04X} (expected no invisible characters: delete it)",
                              source_line=lines[line - 1]))
        if len(out) >= 200:
            break
    return tuple(out)


def _check_graph(file: str, text: str, root: yaml.Node | None,
                 aliases: list[tuple[yaml.Mark, yaml.Node]], _mark: _Lines) -> Diagnostic | None:
    """The first problem of the composed document: a duplicate or non-scalar key, or too many values
    once aliases are expanded. Each node is visited once (aliases share nodes)."""
    def diag(mark: yaml.Mark, code: str, message: str) -> Diagnostic:
        line, col = _mark(mark)
        return Diagnostic(file, line, col, "error", code, message, source_line=_line(text, line))

    if root is None:
        return None
    # Values and depth of every node once aliases are expanded, computed bottom-up without recursion
    # (aliases can chain to any depth); a node met again while its children are open is a recursive alias.
    sizes: dict[int, tuple[int, int]] = {}
    open_nodes: set[int] = set()
    todo: list[tuple[yaml.Node, bool]] = [(root, False)]
    while todo:
        n, done = todo.pop()
        children = ([c for kv in n.value for c in kv] if isinstance(n, yaml.MappingNode)
                    else list(n.value) if isinstance(n, yaml.SequenceNode) else [])
        if done:
            open_nodes.discard(id(n))
            sub = [sizes[id(c)] for c in children]
            sizes[id(n)] = (1 + sum(v for v, _ in sub), 1 + max((d for _, d in sub), default=0))
            continue
        if id(n) in sizes:
            continue
        if id(n) in open_nodes:
            mark = next((m for m, a in aliases if a is n), n.start_mark)
            return diag(mark, "yaml-limit", "an alias inside the value it names (expected no recursive alias)")
        open_nodes.add(id(n))
        todo.append((n, True))
        todo.extend((c, False) for c in reversed(children) if id(c) not in sizes)
    total, depth = sizes[id(root)]
    if total > MAX_NODES or depth > MAX_DEPTH:
        mark, node = max(aliases, key=lambda a: sizes[id(a[1])], default=(root.start_mark, root))
        return diag(mark, "yaml-limit", f"this alias stands for {sizes[id(node)][0]:,} values and the file for "
                                        f"{total:,}, nested {depth} deep (expected at most {MAX_NODES:,} values and "
                                        f"{MAX_DEPTH} levels: aliases may not multiply the data)")
    seen_maps: set[int] = set()
    stack = [root]
    while stack:
        n = stack.pop()
        if id(n) in seen_maps:
            continue
        seen_maps.add(id(n))
        if isinstance(n, yaml.MappingNode):
            keys: dict[str, yaml.Mark] = {}
            for k, v in n.value:
                if not isinstance(k, yaml.ScalarNode):
                    return diag(k.start_mark, "yaml-key", "a key that is a list or a mapping (expected a plain key)")
                if k.value in keys and k.tag != "tag:yaml.org,2002:merge":
                    first = _mark(keys[k.value])
                    return diag(k.start_mark, "yaml-duplicate-key",
                                f"key '{k.value}' is given twice in this mapping, first at line {first[0]} "
                                f"column {first[1]} (expected each key once: the second would silently "
                                "replace the first)")
                keys[k.value] = k.start_mark
                stack.append(v)
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(reversed(n.value))
    return None


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
