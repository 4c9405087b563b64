"""Stage 3a, annotations: load ``annotations/*.yml`` and validate every entry against a declared schema.

A file is a YAML mapping with one key, ``entries``: a list of mappings, each with an ``id`` (unique across all
files, ``[a-z0-9-]+``) and a ``kind``. The kinds and their fields are declared in ``SCHEMA`` below and documented
in ``annotations/README.md``; the two must agree (a test checks it).

Targets are element ids of the corpus: ``art_35__para_1__item_4`` (in the regulation, the default document),
``chp_4``, ``xunshi`` (the whole regulation), or ``zuigaojian-fabuhui/sec_3__para_2`` (another document,
``slug/eid``). Every problem becomes a diagnostic at ``file:line:col`` naming the key path (``entries[3].target``)
and, for an unknown id, kind or field, the nearest valid one. Loading never raises.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from .diagnostics import Diagnostic
from .model import Corpus
from .yamldoc import format_path, load_yaml, position

CONFIDENCE = ("official", "internal", "conjecture")
"""How an erratum is established: ``official`` (the official publication reads so), ``internal`` (internal
evidence of the text: parallel wording, grammar, doubled characters), ``conjecture`` (a likely reading the
evidence does not settle; shown as a query, the text is not changed)."""

CONFIDENCE_LABELS = {"official": "据官方发布文本", "internal": "据本文内证", "conjecture": "推测，存疑"}

TARGET = "target"  # a single id
TARGETS = "targets"  # one id or a list of ids (normalised to a tuple)


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    type: type | str
    """``str``, ``bool``, ``list`` (of strings), or a target marker: ``TARGET`` / ``TARGETS``."""
    required: bool = True
    choices: tuple[str, ...] = ()
    doc: str = ""


SCHEMA: dict[str, tuple[Field, ...]] = {
    "note": (
        Field("target", TARGET, doc="the provision explained"),
        Field("title", str, required=False, doc="a short heading"),
        Field("body", str, doc="解读, Markdown"),
    ),
    "xref": (
        Field("target", TARGET, doc="the provision the reference starts from"),
        Field("to", TARGETS, doc="the provision(s) it points to"),
        Field("reason", str, doc="why they belong together, Markdown"),
    ),
    "related": (
        Field("targets", TARGETS, doc="provision(s) the document bears on"),
        Field("title", str, doc="the document's title, 《…》"),
        Field("issuer", str, doc="who issued it"),
        Field("date", str, required=False, doc="ISO date of issue, only when sure"),
        Field("published_in", str, required=False, doc="where it is published"),
        Field("body", str, required=False, doc="how it bears on the provisions, Markdown"),
    ),
    "definition": (
        Field("term", str, doc="the term as the text prints it"),
        Field("aliases", list, required=False, doc="other printed forms matched in the text"),
        Field("target", TARGET, doc="the defining (or principal) provision"),
        Field("body", str, doc="the explanation, Markdown"),
        Field("highlight", bool, required=False, doc="mark occurrences in the text (default true)"),
    ),
    "erratum": (
        Field("target", TARGET, doc="the 款 or 项 (or news paragraph) holding the defect"),
        Field("source", str, doc="the source's reading, as printed (must occur once in the node)"),
        Field("corrected", str, doc="the corrected reading (empty: wrong, but no reading established)"),
        Field("authority", str, doc="on what the correction rests"),
        Field("confidence", str, choices=CONFIDENCE, doc="official | internal | conjecture"),
        Field("note", str, required=False, doc="a remark, Markdown"),
    ),
    "deadline": (
        Field("target", TARGET, doc="the provision setting the period"),
        Field("period", str, doc="the period as printed (6个月, 一届任期内)"),
        Field("starts", str, doc="from when it runs"),
        Field("who", str, doc="who must act"),
        Field("duty", str, doc="what must be done within it"),
    ),
    "duty": (
        Field("subject", str, doc="the body carrying the duty"),
        Field("targets", TARGETS, doc="the provision(s) imposing it"),
        Field("duty", str, doc="the duty, in our words"),
    ),
    "step": (
        Field("label", str, doc="the step's short name (通报, 进驻 …)"),
        Field("targets", TARGETS, doc="the provision(s) governing it"),
        Field("body", str, doc="what happens, one line"),
        Field("lane", str, required=False, choices=("main", "supervision"), doc="main (default) or supervision"),
    ),
}

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True, slots=True)
class Ref:
    """A resolved target: document slug and element id (``""`` for the whole document)."""

    slug: str
    eid: str


@dataclass(frozen=True, slots=True)
class Annotation:
    """One validated entry. ``values`` holds the declared fields (targets as ``Ref`` tuples), sorted by name."""

    id: str
    kind: str
    file: str
    line: int
    values: tuple[tuple[str, Any], ...]

    def get(self, name: str, default: Any = None) -> Any:
        for k, v in self.values:
            if k == name:
                return v
        return default

    @property
    def refs(self) -> tuple[Ref, ...]:
        """Every target of the entry (``target``, ``targets``, ``to``), in declaration order."""
        out: list[Ref] = []
        for f in SCHEMA[self.kind]:
            v = self.get(f.name)
            if f.type == TARGET and v is not None:
                out.append(v)
            elif f.type == TARGETS and v is not None:
                out.extend(v)
        return tuple(out)


def valid_targets(corpus: Corpus) -> dict[str, Ref]:
    """Every id an annotation may name → its ``Ref``. The regulation's ids are also valid without a slug.

    >>> # valid_targets(corpus)["art_35__para_1__item_4"] == Ref("xunshi", "art_35__para_1__item_4")
    """
    out: dict[str, Ref] = {}
    default = next((d.slug for d in corpus.documents if d.kind == "regulation"), "")
    for doc in corpus.documents:
        out[doc.slug] = Ref(doc.slug, "")
        for eid in (u.eid for u in doc.units()):
            out[f"{doc.slug}/{eid}"] = Ref(doc.slug, eid)
            if doc.slug == default:
                out[eid] = Ref(doc.slug, eid)
    return out


def nearest(word: str, choices) -> str:
    """The closest of ``choices`` to ``word`` (for 'did you mean' messages), or ``""``.

    >>> nearest("art_16__para_2", ["art_6__para_2", "art_16__para_1"])
    'art_16__para_1'
    """
    def score(c: str) -> tuple[int, float, str]:
        prefix = 0
        while prefix < min(len(c), len(word)) and c[prefix] == word[prefix]:
            prefix += 1
        # a shared prefix names the same article/paragraph; similarity breaks ties
        return (prefix, difflib.SequenceMatcher(None, word, c).ratio(), c)

    best = max(sorted(choices), key=score, default="")
    return best


def _type_name(t) -> str:
    return {str: "a string", bool: "true or false", list: "a list of strings",
            TARGET: "an element id (string)", TARGETS: "an element id or a list of ids"}[t]


def load_annotations(files: tuple[tuple[str, bytes], ...], corpus: Corpus) -> tuple[tuple[Annotation, ...], tuple[Diagnostic, ...]]:
    """Parse and validate every annotation file; return the valid entries (sorted by id) and all diagnostics.

    Invariant: never raises; any entry with an error is left out and reported; ids are unique across files.

    >>> # load_annotations((("annotations/a.yml", b"entries: []\\n"),), corpus) == ((), ())
    """
    targets = valid_targets(corpus)
    diags: list[Diagnostic] = []
    entries: list[Annotation] = []
    seen: dict[str, str] = {}
    for file, data in sorted(files):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            diags.append(Diagnostic(file, 1, 1, "error", "annotation-encoding",
                                    f"cannot decode byte {e.start} (expected UTF-8)"))
            continue
        lines = text.split("\n")
        data_, pos, ydiags = load_yaml(file, text)
        diags.extend(ydiags)
        if ydiags:
            continue

        def err(path, code: str, msg: str) -> None:
            line, col = position(pos, path)
            where = format_path(path) or "(document)"
            diags.append(Diagnostic(file, line, col, "error", code, f"{where}: {msg}",
                                    source_line=lines[line - 1] if 0 < line <= len(lines) else ""))

        if data_ is None:
            continue  # an empty file is allowed
        if not isinstance(data_, dict) or set(data_) != {"entries"}:
            err((), "annotation-shape", "expected a mapping with the single key 'entries'")
            continue
        if not isinstance(data_["entries"], list):
            err(("entries",), "annotation-type", "expected a list of entries")
            continue
        for n, raw in enumerate(data_["entries"]):
            path = ("entries", n)
            entry = _validate_entry(raw, path, targets, err)
            if entry is None:
                continue
            eid = entry["id"]
            line = position(pos, path)[0]
            if eid in seen:
                err(path + ("id",), "annotation-duplicate", f"id '{eid}' is already used at {seen[eid]} (expected a unique id)")
                continue
            seen[eid] = f"{file}:{line}"
            values = tuple(sorted((k, v) for k, v in entry.items() if k not in ("id", "kind")))
            entries.append(Annotation(eid, entry["kind"], file, line, values))
    return tuple(sorted(entries, key=lambda a: a.id)), tuple(diags)


def _validate_entry(raw, path, targets: dict[str, Ref], err) -> dict | None:
    if not isinstance(raw, dict):
        err(path, "annotation-type", f"expected a mapping with 'id' and 'kind', got {type(raw).__name__}")
        return None
    ok = True
    out: dict[str, Any] = {}
    eid = raw.get("id")
    if not isinstance(eid, str) or not ID_RE.match(eid):
        err(path + ("id",), "annotation-id", "missing or malformed 'id' (expected lowercase ASCII letters, digits and '-')")
        ok = False
    out["id"] = eid
    kind = raw.get("kind")
    if kind not in SCHEMA:
        if kind is None:
            err(path, "annotation-missing", f"missing field 'kind' (expected one of {', '.join(sorted(SCHEMA))})")
        else:
            err(path + ("kind",), "annotation-kind",
                f"unknown kind '{kind}' (expected one of {', '.join(sorted(SCHEMA))}; did you mean '{nearest(str(kind), SCHEMA)}'?)")
        return None
    out["kind"] = kind
    fields = {f.name: f for f in SCHEMA[kind]}
    for key in raw:
        if key in ("id", "kind"):
            continue
        if key not in fields:
            err(path + (key, "__key__"), "annotation-field",
                f"unknown field '{key}' for kind {kind} (expected one of {', '.join(fields)}; did you mean '{nearest(str(key), fields)}'?)")
            ok = False
    for f in SCHEMA[kind]:
        fpath = path + (f.name,)
        if f.name not in raw or raw[f.name] is None:
            if f.required:
                err(path, "annotation-missing", f"missing field '{f.name}' ({f.doc}; expected {_type_name(f.type)})")
                ok = False
            continue
        v = raw[f.name]
        if f.type in (TARGET, TARGETS):
            ids = v if (f.type == TARGETS and isinstance(v, list)) else [v]
            refs = []
            for i, t in enumerate(ids):
                tpath = fpath + (i,) if isinstance(v, list) else fpath
                if not isinstance(t, str):
                    err(tpath, "annotation-type", f"expected {_type_name(f.type)}, got {type(t).__name__}")
                    ok = False
                elif t not in targets:
                    err(tpath, "annotation-target",
                        f"unknown id '{t}' (expected an element id of the corpus; nearest valid id: '{nearest(t, targets)}')")
                    ok = False
                else:
                    refs.append(targets[t])
            out[f.name] = refs[0] if f.type == TARGET and refs else tuple(refs)
        elif f.type is list:
            if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
                err(fpath, "annotation-type", f"expected {_type_name(list)}, got {type(v).__name__}")
                ok = False
            else:
                out[f.name] = tuple(v)
        elif f.type is bool:
            if not isinstance(v, bool):
                err(fpath, "annotation-type", f"expected {_type_name(bool)}, got {type(v).__name__}")
                ok = False
            else:
                out[f.name] = v
        else:
            if not isinstance(v, str):
                err(fpath, "annotation-type", f"expected {_type_name(str)}, got {type(v).__name__}")
                ok = False
            elif f.choices and v not in f.choices:
                err(fpath, "annotation-choice",
                    f"'{v}' is not allowed (expected one of {', '.join(f.choices)}; did you mean '{nearest(v, f.choices)}'?)")
                ok = False
            elif f.required and not v.strip() and not (kind == "erratum" and f.name == "corrected"):
                err(fpath, "annotation-empty", f"'{f.name}' is empty (expected {f.doc})")
                ok = False
            else:
                out[f.name] = v.strip() if f.name != "source" and f.name != "corrected" else v
    return out if ok else None
