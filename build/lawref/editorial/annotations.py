"""Stage 3a, annotations: load ``annotations/*.yml`` and validate every entry against a declared schema.

A file is a YAML mapping with one key, ``entries``: a list of mappings, each with an ``id`` (unique across all
files, ``[a-z0-9-]+``) and a ``kind``. The kinds and their fields are declared in ``SCHEMA`` below and documented
in ``annotations/README.md``; the two must agree (a test checks it).

A file names its document (``document: <slug>``, required). Targets are element ids resolved inside that
document: ``art_35__para_1__item_4``, ``chp_4``, ``doc`` (its slug: the whole document), or
``news/sec_3__para_2`` (another document, ``slug/eid``, written out). Every problem becomes a diagnostic at ``file:line:col`` naming the key path (``entries[3].target``)
and, for an unknown id, kind or field, the nearest valid one. Loading never raises.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, cast

from ..diagnostics import Diagnostic
from ..model import Corpus
from ..source.punctuation import normalise_width
from ..source.yamldoc import decode_yaml, format_path, load_yaml, position
from .witnesses import Register, covers

CONFIDENCE = ("official", "witness", "internal", "conjecture")
"""How an erratum is established: ``official`` (an official print or web release, cited as a witness, reads so),
``witness`` (another witness, a reprint or a report of the same event, reads so), ``internal`` (internal evidence
of the text: parallel passages, cited by id), ``conjecture`` (a likely reading the evidence does not settle;
shown as doubtful, the text is not changed). The ``evidence`` of an erratum must support its confidence."""

CONFIDENCE_LABELS = {"official": "据官方文本", "witness": "据他本", "internal": "据本文内证", "conjecture": "推测，存疑"}

EVIDENCE = "evidence"  # a list of evidence mappings (witness / parallel / conjecture)

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
        Field("confidence", str, choices=CONFIDENCE, doc="official | witness | internal | conjecture"),
        Field("evidence", EVIDENCE, doc="what settles it: witness ids with their readings, parallel passages by id, or a conjecture"),
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


Evidence = tuple[dict[str, Any], ...]
"""An erratum's evidence: one mapping per item (``witness``/``parallel``/``conjecture``, with ``reads``, ``at``)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    """What every validated entry has: its id, where it is written, and the slug of the document its file names.
    Each kind is a subclass whose attributes are the kind's ``SCHEMA`` fields (targets as ``Ref``; lists as tuples;
    an optional field left out holds its default). ``tests/test_annotations.py`` checks classes and SCHEMA agree."""

    kind: ClassVar[str]
    id: str
    file: str
    line: int
    document: str = ""

    @property
    def refs(self) -> tuple[Ref, ...]:
        """Every target of the entry (``target``, ``targets``, ``to``), in declaration order."""
        out: list[Ref] = []
        for f in SCHEMA[self.kind]:
            v = getattr(self, f.name)
            if f.type == TARGET:
                out.append(v)
            elif f.type == TARGETS:
                out.extend(v)
        return tuple(out)


@dataclass(frozen=True, slots=True, kw_only=True)
class Note(Entry):
    kind: ClassVar[str] = "note"
    target: Ref
    title: str = ""
    body: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Xref(Entry):
    kind: ClassVar[str] = "xref"
    target: Ref
    to: tuple[Ref, ...]
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Related(Entry):
    kind: ClassVar[str] = "related"
    targets: tuple[Ref, ...]
    title: str
    issuer: str
    date: str = ""
    published_in: str = ""
    body: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Definition(Entry):
    kind: ClassVar[str] = "definition"
    term: str
    aliases: tuple[str, ...] = ()
    target: Ref
    body: str
    highlight: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class Erratum(Entry):
    kind: ClassVar[str] = "erratum"
    target: Ref
    source: str
    corrected: str
    authority: str
    confidence: str
    evidence: Evidence
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Deadline(Entry):
    kind: ClassVar[str] = "deadline"
    target: Ref
    period: str
    starts: str
    who: str
    duty: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Duty(Entry):
    kind: ClassVar[str] = "duty"
    subject: str
    targets: tuple[Ref, ...]
    duty: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Step(Entry):
    kind: ClassVar[str] = "step"
    label: str
    targets: tuple[Ref, ...]
    body: str
    lane: str = ""


Annotation = Note | Xref | Related | Definition | Erratum | Deadline | Duty | Step
"""One validated entry, of the class of its kind."""

CLASSES: dict[str, type[Entry]] = {c.kind: c for c in (Note, Xref, Related, Definition, Erratum, Deadline, Duty, Step)}
"""kind → its class; the same kinds as ``SCHEMA``, each class's fields those of its kind."""


class Targets(Mapping[str, Ref]):
    """Every id an annotation of one document may name → its ``Ref``: ``slug/eid`` of any document (and a bare slug),
    and the ids of the document itself without a slug. The library-wide ids are one dict shared by every document's
    ``Targets`` (``targets_by_document``): the cost is linear in the library, not in documents × units.

    >>> t = Targets({"art_1": Ref("a", "art_1")}, {"a": Ref("a", ""), "a/art_1": Ref("a", "art_1")})
    >>> t["art_1"], "b/art_1" in t, sorted(t)
    (Ref(slug='a', eid='art_1'), False, ['a', 'a/art_1', 'art_1'])
    """

    __slots__ = ("_own", "_all")

    def __init__(self, own: dict[str, Ref], all_ids: dict[str, Ref]) -> None:
        self._own = own
        self._all = all_ids

    def __getitem__(self, key: str) -> Ref:
        r = self._own.get(key)
        return r if r is not None else self._all[key]

    def __contains__(self, key: object) -> bool:
        return key in self._own or key in self._all

    def __iter__(self) -> Iterator[str]:
        yield from self._own
        yield from (k for k in self._all if k not in self._own)

    def __len__(self) -> int:
        return len(self._own) + sum(k not in self._own for k in self._all)


def targets_by_document(corpus: Corpus) -> dict[str, Targets]:
    """Per document (by slug), every id an annotation of it may name → its ``Ref``: ``slug/eid`` of any document, and
    the ids of the document itself without a slug. The library-wide ids are built once and shared.

    >>> # targets_by_document(corpus)["doc"]["art_35__para_1__item_4"] == Ref("doc", "art_35__para_1__item_4")
    """
    all_ids: dict[str, Ref] = {}
    own_of: dict[str, dict[str, Ref]] = {}
    for doc in corpus.documents:
        all_ids[doc.slug] = Ref(doc.slug, "")
        own: dict[str, Ref] = {}
        own_of[doc.slug] = own
        for eid in (u.eid for u in doc.units()):
            own[eid] = all_ids[f"{doc.slug}/{eid}"] = Ref(doc.slug, eid)
    return {slug: Targets(own, all_ids) for slug, own in own_of.items()}


def nearest(word: str, choices) -> str:
    """The closest of ``choices`` to ``word`` (for 'did you mean' messages), or ``""``.

    The longest shared prefix first (it names the same article/paragraph), then similarity. Bounded
    whatever the input: the choices sharing the longest prefix are found by bisection in the sorted
    choices, at most ``NEAREST_POOL`` of them (those sorting closest to ``word``) are compared, and
    only the first ``NEAREST_CHARS`` characters of ``word`` count.

    >>> nearest("art_16__para_2", ["art_6__para_2", "art_16__para_1"])
    'art_16__para_1'
    """
    word = word[:NEAREST_CHARS]
    ordered = _sorted_choices(choices)
    if not ordered:
        return ""
    at = bisect.bisect_left(ordered, word)

    def shared(c: str) -> int:
        n = 0
        while n < min(len(c), len(word)) and c[n] == word[n]:
            n += 1
        return n

    longest = max(shared(ordered[i]) for i in (at - 1, at) if 0 <= i < len(ordered))
    prefix = word[:longest]
    lo = bisect.bisect_left(ordered, prefix)
    hi = bisect.bisect_left(ordered, prefix + "\U0010ffff") if prefix else len(ordered)
    lo, hi = max(lo, at - NEAREST_POOL // 2), min(hi, max(at, lo) + NEAREST_POOL // 2)
    pool = ordered[lo:hi] or ordered[max(0, at - 1):at + 1]
    return max(pool, key=lambda c: (shared(c), difflib.SequenceMatcher(None, word, c[:NEAREST_CHARS]).ratio(), c))


NEAREST_POOL = 64
NEAREST_CHARS = 80
_last_sorted: tuple[object, tuple[str, ...]] = (None, ())


def _sorted_choices(choices) -> tuple[str, ...]:
    """``sorted(choices)``, kept for the last large collection asked (the targets, asked once per bad id)."""
    global _last_sorted
    if _last_sorted[0] is choices:
        return _last_sorted[1]
    ordered = tuple(sorted(choices))
    if len(ordered) > NEAREST_POOL:
        _last_sorted = (choices, ordered)
    return ordered


def _type_name(t) -> str:
    return {str: "a string", bool: "true or false", list: "a list of strings",
            TARGET: "an element id (string)", TARGETS: "an element id or a list of ids",
            EVIDENCE: "a list of evidence mappings ({witness, reads} | {parallel, reads} | {conjecture})"}[t]


def load_annotations(files: tuple[tuple[str, bytes], ...], corpus: Corpus,
                     register: Register | None = None) -> tuple[tuple[Annotation, ...], tuple[Diagnostic, ...]]:
    """Parse and validate every annotation file; return the valid entries (sorted by id) and all diagnostics.

    Invariant: never raises; any entry with an error is left out and reported; ids are unique across files.

    >>> # load_annotations((("annotations/a.yml", b"entries: []\\n"),), corpus) == ((), ())
    """
    slugs = tuple(d.slug for d in corpus.documents)
    by_doc = targets_by_document(corpus)
    texts = _unit_texts(corpus)
    register = register or Register()
    diags: list[Diagnostic] = []
    entries: list[Annotation] = []
    seen: dict[str, str] = {}
    for file, data in sorted(files):
        text, ddiags = decode_yaml(file, data)
        if text is None:
            diags.extend(ddiags)
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
        if not isinstance(data_, dict) or not set(data_) <= {"document", "entries"} or "entries" not in data_:
            err((), "annotation-shape", "expected a mapping with the keys 'document' (a slug) and 'entries'")
            continue
        document = data_.get("document")
        if document is None:
            err((), "annotation-document",
                f"missing key 'document' (expected the slug of the document the file annotates, one of {', '.join(slugs)})")
            continue
        if not isinstance(document, str) or document not in by_doc:
            err(("document",), "annotation-document",
                f"unknown document '{document}' (expected a slug of content/corpus.yml, one of {', '.join(slugs)}; "
                f"nearest valid slug: '{nearest(str(document), slugs)}')")
            continue
        targets = by_doc[document]
        if not isinstance(data_["entries"], list):
            err(("entries",), "annotation-type", "expected a list of entries")
            continue
        for n, raw in enumerate(data_["entries"]):
            path = ("entries", n)
            entry = _validate_entry(raw, path, targets, err)
            if entry is None:
                continue
            if entry["kind"] == "erratum" and not _check_evidence(entry, raw, path, targets, texts, register, err):
                continue
            eid = entry["id"]
            line = position(pos, path)[0]
            if eid in seen:
                err(path + ("id",), "annotation-duplicate", f"id '{eid}' is already used at {seen[eid]} (expected a unique id)")
                continue
            seen[eid] = f"{file}:{line}"
            fields = {k: v for k, v in entry.items() if k not in ("id", "kind")}
            entries.append(cast(Annotation, CLASSES[entry["kind"]](id=eid, file=file, line=line, document=document,
                                                                    **fields)))
    return tuple(sorted(entries, key=lambda a: a.id)), tuple(diags)


def _validate_entry(raw, path, targets: Mapping[str, Ref], err) -> dict | None:
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
    if not isinstance(kind, str) or kind not in SCHEMA:
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
        if f.type == EVIDENCE:
            if not isinstance(v, list) or not v or not all(isinstance(x, dict) for x in v):
                err(fpath, "annotation-type", f"expected {_type_name(EVIDENCE)} (at least one), got {type(v).__name__}")
                ok = False
                continue
            items = []
            for i, ev in enumerate(v):
                kinds = [k for k in ("witness", "parallel", "conjecture") if k in ev]
                extra = [k for k in ev if k not in ("witness", "parallel", "conjecture", "reads", "at")]
                if len(kinds) != 1 or extra:
                    err(fpath + (i,), "annotation-evidence",
                        "expected exactly one of witness, parallel, conjecture (with reads for witness/parallel)"
                        + (f"; unknown key '{extra[0]}'" if extra else ""))
                    ok = False
                    continue
                k = kinds[0]
                if k != "conjecture" and not (isinstance(ev.get("reads"), str) and ev["reads"]):
                    err(fpath + (i,), "annotation-evidence", f"{k} evidence without 'reads' (expected the reading it gives, a few characters)")
                    ok = False
                    continue
                if k == "conjecture" and not (isinstance(ev[k], str) and ev[k].strip()):
                    err(fpath + (i, k), "annotation-evidence", "expected why no witness or parallel settles it")
                    ok = False
                    continue
                items.append(dict(ev))
            out[f.name] = tuple(items)
            continue
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


def _unit_texts(corpus: Corpus) -> dict[str, str]:
    """``slug/eid`` (and a bare eid of the regulation) → the unit's display text, items included."""
    out: dict[str, str] = {}
    default = next((d.slug for d in corpus.documents if d.kind == "regulation"), "")
    for doc in corpus.documents:
        for u in doc.units():
            text = getattr(u, "text", "") or ""
            text += "".join(i.label + i.text for i in getattr(u, "items", ()) or ())
            if hasattr(u, "paragraphs"):
                text = "".join(p.text + "".join(i.label + i.text for i in p.items) for p in u.paragraphs)
            title = getattr(u, "title", "")
            if not text and title:
                text = title
            out[f"{doc.slug}/{u.eid}"] = text
            if doc.slug == default:
                out[u.eid] = text
    return out


def _check_evidence(entry: dict, raw: dict, path, targets: Mapping[str, Ref], texts: dict[str, str],
                    register: Register, err) -> bool:
    """The erratum's evidence exists and supports its confidence.

    A witness must be registered and cover the target; a parallel passage must exist and print the reading it is
    cited for; ``official`` needs a witness of an official kind, ``witness`` any witness, ``internal`` a witness or
    a parallel passage. Every failure is reported at the evidence entry (or at ``confidence``).
    """
    ok = True
    target: Ref = entry["target"]
    key = f"{target.slug}/{target.eid}" if target.eid else target.slug
    kinds: set[str] = set()
    official = False
    for i, ev in enumerate(entry["evidence"]):
        epath = path + ("evidence", i)
        if "witness" in ev:
            w = register.get(str(ev["witness"]))
            if w is None:
                known = [x.id for x in register.witnesses]
                err(epath + ("witness",), "annotation-witness",
                    f"unknown witness '{ev['witness']}' (expected an id of content/witnesses.yml"
                    + (f"; nearest: '{nearest(str(ev['witness']), known)}'" if known else "") + ")")
                ok = False
                continue
            at = ev.get("at")
            where = key
            if at is not None:
                if not isinstance(at, str) or at not in targets:
                    err(epath + ("at",), "annotation-target", f"unknown id '{at}' (nearest valid id: '{nearest(str(at), targets)}')")
                    ok = False
                    continue
                r = targets[at]
                where = f"{r.slug}/{r.eid}" if r.eid else r.slug
            if not any(covers(c, where) for c in w.covers):
                err(epath + ("witness",), "annotation-witness",
                    f"witness {w.id} does not cover {where} (it covers {', '.join(w.covers)}; expected a witness of this unit)")
                ok = False
                continue
            if where != key and not covers(where, key):
                kinds.add("parallel")  # the witness's reading of another passage: a parallel, not this unit's text
                continue
            kinds.add("witness")
            official = official or w.official
        elif "parallel" in ev:
            ids = ev["parallel"] if isinstance(ev["parallel"], list) else [ev["parallel"]]
            reading = normalise_width(str(ev["reads"]))[0]
            for j, t in enumerate(ids):
                tpath = epath + ("parallel", j) if isinstance(ev["parallel"], list) else epath + ("parallel",)
                if not isinstance(t, str) or t not in targets:
                    err(tpath, "annotation-target", f"unknown id '{t}' (nearest valid id: '{nearest(str(t), targets)}')")
                    ok = False
                elif reading not in normalise_width(texts.get(f"{targets[t].slug}/{targets[t].eid}", ""))[0]:
                    err(tpath, "annotation-evidence",
                        f"the parallel passage {t} does not print '{ev['reads']}' (expected a passage that gives the reading)")
                    ok = False
            kinds.add("parallel")
        else:
            kinds.add("conjecture")
    conf = entry["confidence"]
    cpath = path + ("confidence",)
    if conf == "official" and not official:
        err(cpath, "erratum-confidence", "'official' needs a witness of an official kind (official-print or official-web) "
            "in evidence (expected confidence witness, internal or conjecture)")
        ok = False
    elif conf == "witness" and "witness" not in kinds:
        err(cpath, "erratum-confidence", "'witness' needs a witness in evidence (expected internal or conjecture)")
        ok = False
    elif conf == "internal" and not kinds & {"witness", "parallel"}:
        err(cpath, "erratum-confidence", "'internal' needs parallel passages (or a witness) in evidence (expected conjecture)")
        ok = False
    return ok
