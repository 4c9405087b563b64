"""The witness register, ``content/witnesses.yml``: every other text of the corpus's documents we collated against.

A *witness* is another copy or report of (part of) a document: an official print or web release, a reprint, a
report of the same event, or a reference that attests a fact (a person's name and title). The register records
what each one is, where it was found, when it was consulted, which units it covers and how far it can be trusted;
it also records what was looked for and not found (``searched``), and the names register (``persons``) the
proofreader checks names and titles against. Errata cite witnesses by id (``annotations.py``); only a witness of
an official kind can make an erratum ``official``.

Facts only: a witness entry holds bibliographic facts, a URL, dates and unit ids, never the witness's sentences.
Every problem is a diagnostic at ``file:line:col`` naming the key path; loading never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..diagnostics import Diagnostic
from ..model import Corpus
from ..source.corpus import ProjectInput
from ..source.yamldoc import decode_yaml, format_path, load_yaml, position

WITNESS_FILE = "content/witnesses.yml"

KINDS: dict[str, str] = {
    "official-print": "官方印本",
    "official-web": "官方网络发布",
    "reprint": "转载本",
    "report": "同一事件的其他报道",
    "reference": "旁证（其他场合的报道或资料）",
}
"""What a witness is, with the label the 校勘记 shows."""

OFFICIAL_KINDS = frozenset({"official-print", "official-web"})
"""The kinds that make an erratum ``official`` (据官方文本)."""

RELIABILITY: dict[str, str] = {"high": "高", "medium": "中", "low": "低"}

_ID = re.compile(r"^w-[a-z0-9][a-z0-9-]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True, slots=True)
class Witness:
    id: str
    kind: str
    title: str
    publisher: str
    date: str
    """Publication date (ISO), ``""`` when unknown."""
    url: str
    """``""`` when the copy we read gave none (``url_note`` says why)."""
    consulted: str
    covers: tuple[str, ...]
    """Unit ids the witness covers (``art_6``, ``news/sec_2``, a document slug)."""
    coverage: str
    reliability: str
    reliability_note: str
    url_note: str = ""
    line: int = 0

    @property
    def official(self) -> bool:
        return self.kind in OFFICIAL_KINDS

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]


@dataclass(frozen=True, slots=True)
class Search:
    """A witness looked for and not found (or found unusable)."""

    what: str
    where: str
    queries: tuple[str, ...]
    consulted: str
    result: str


@dataclass(frozen=True, slots=True)
class Person:
    """A person named in a document, with the name and title the witnesses give."""

    doc: str
    name: str
    title: str
    witnesses: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True, slots=True)
class Register:
    witnesses: tuple[Witness, ...] = ()
    searched: tuple[Search, ...] = ()
    persons: tuple[Person, ...] = ()

    def get(self, wid: str) -> Witness | None:
        return next((w for w in self.witnesses if w.id == wid), None)

    def persons_of(self, slug: str) -> tuple[Person, ...]:
        return tuple(p for p in self.persons if p.doc == slug)

    def covering(self, unit_key: str) -> tuple[Witness, ...]:
        """Witnesses covering ``slug/eid`` (a unit is covered when it or an ancestor is listed)."""
        return tuple(w for w in self.witnesses if any(covers(c, unit_key) for c in w.covers))


def covers(listed: str, unit_key: str) -> bool:
    """Whether a ``covers`` entry (``slug``, ``slug/eid``) includes ``unit_key`` (``slug/eid``).

    >>> covers("doc/art_6", "doc/art_6__para_2"), covers("doc/art_6", "doc/art_60")
    (True, False)
    """
    return unit_key == listed or unit_key.startswith(listed + "/") or unit_key.startswith(listed + "__")


WITNESS_FIELDS = {
    "id": True, "kind": True, "title": True, "publisher": True, "date": False, "url": False, "url_note": False,
    "consulted": True, "covers": True, "coverage": True, "reliability": True, "reliability_note": True,
}
SEARCH_FIELDS = {"what": True, "where": True, "queries": True, "consulted": True, "result": True}
PERSON_FIELDS = {"doc": True, "name": True, "title": True, "witnesses": True, "note": False}


def load_register(file: str, data: bytes | None, valid_ids: set[str] | None = None) -> tuple[Register, tuple[Diagnostic, ...]]:
    """Validate the register. ``valid_ids``: ``slug/eid`` of every unit (and bare slugs) a ``covers`` may name.

    Invariant: never raises; a bad entry is reported and left out; ids are unique; a person's witnesses exist.

    >>> load_register("w.yml", b"witnesses: []\\n")[0]
    Register(witnesses=(), searched=(), persons=())
    """
    if data is None:
        return Register(), ()
    text, ddiags = decode_yaml(file, data)
    if text is None:
        return Register(), ddiags
    raw, pos, ydiags = load_yaml(file, text)
    if ydiags:
        return Register(), ydiags
    lines = text.split("\n")
    diags: list[Diagnostic] = []

    def err(path, msg: str) -> None:
        line, col = position(pos, path)
        diags.append(Diagnostic(file, line, col, "error", "witness", f"{format_path(path) or '(document)'}: {msg}",
                                source_line=lines[line - 1] if 0 < line <= len(lines) else ""))

    if raw is None:
        return Register(), ()
    if not isinstance(raw, dict) or not set(raw) <= {"witnesses", "searched", "persons"}:
        err((), "expected a mapping with the keys witnesses, searched, persons")
        return Register(), tuple(diags)

    def fields(entry, path, spec) -> dict | None:
        if not isinstance(entry, dict):
            err(path, f"expected a mapping with {', '.join(k for k, req in spec.items() if req)}")
            return None
        ok = True
        for k in entry:
            if k not in spec:
                err(path + (k, "__key__"), f"unknown field '{k}' (expected one of {', '.join(spec)})")
                ok = False
        for k, req in spec.items():
            v = entry.get(k)
            if v is None:
                if req:
                    err(path, f"missing field '{k}'")
                    ok = False
                continue
            if k in ("covers", "queries", "witnesses"):
                if not isinstance(v, list) or (not v and k != "witnesses") or not all(isinstance(x, str) and x for x in v):
                    err(path + (k,), "expected a non-empty list of strings")
                    ok = False
            elif not isinstance(v, str) or (req and not v.strip()):
                err(path + (k,), f"expected a non-empty string, got {type(v).__name__}")
                ok = False
        return entry if ok else None

    witnesses: list[Witness] = []
    seen: set[str] = set()
    for n, e in enumerate(raw.get("witnesses") or ()):
        path = ("witnesses", n)
        e = fields(e, path, WITNESS_FIELDS)
        if e is None:
            continue
        ok = True
        if not _ID.match(e["id"]):
            err(path + ("id",), f"malformed id '{e['id']}' (expected 'w-' then lowercase ASCII letters, digits, '-')")
            ok = False
        elif e["id"] in seen:
            err(path + ("id",), f"id '{e['id']}' is used twice (expected unique witness ids)")
            ok = False
        if e["kind"] not in KINDS:
            err(path + ("kind",), f"unknown kind '{e['kind']}' (expected one of {', '.join(KINDS)})")
            ok = False
        if e["reliability"] not in RELIABILITY:
            err(path + ("reliability",), f"unknown reliability '{e['reliability']}' (expected one of {', '.join(RELIABILITY)})")
            ok = False
        for k in ("date", "consulted"):
            if e.get(k) and not _DATE.match(e[k]):
                err(path + (k,), f"'{e[k]}' is not an ISO date (expected YYYY-MM-DD, quoted)")
                ok = False
        if not e.get("url") and not e.get("url_note"):
            err(path, "no url and no url_note (expected the address, or why there is none)")
            ok = False
        for i, c in enumerate(e["covers"]):
            if valid_ids is not None and c not in valid_ids:
                example = min(valid_ids).split("/", 1)[0] if valid_ids else "slug"
                err(path + ("covers", i), f"unknown unit '{c}' (expected slug/eid of the corpus, e.g. {example}/art_6)")
                ok = False
        if not ok:
            continue
        seen.add(e["id"])
        witnesses.append(Witness(
            e["id"], e["kind"], e["title"], e["publisher"], e.get("date", ""), e.get("url", ""), e["consulted"],
            tuple(e["covers"]), e["coverage"], e["reliability"], e["reliability_note"], e.get("url_note", ""),
            position(pos, path)[0]))
    searched: list[Search] = []
    for n, e in enumerate(raw.get("searched") or ()):
        e = fields(e, ("searched", n), SEARCH_FIELDS)
        if e is not None:
            searched.append(Search(e["what"], e["where"], tuple(e["queries"]), e["consulted"], e["result"]))
    persons: list[Person] = []
    for n, e in enumerate(raw.get("persons") or ()):
        path = ("persons", n)
        e = fields(e, path, PERSON_FIELDS)
        if e is None:
            continue
        bad = [w for w in e["witnesses"] if w not in seen]
        if bad:
            err(path + ("witnesses",), f"unknown witness '{bad[0]}' (expected an id listed under witnesses)")
            continue
        persons.append(Person(e["doc"], e["name"], e["title"], tuple(e["witnesses"]), e.get("note", "")))
    return Register(tuple(witnesses), tuple(searched), tuple(persons)), tuple(diags)


def load_witness_register(project: ProjectInput, corpus: Corpus) -> tuple[Register, tuple[Diagnostic, ...]]:
    """``content/witnesses.yml`` validated against the corpus's unit ids (an absent file is an empty register)."""
    ids = {d.slug for d in corpus.documents} | {f"{d.slug}/{u.eid}" for d in corpus.documents for u in d.units()}
    return load_register(WITNESS_FILE, project.get(WITNESS_FILE), ids)
