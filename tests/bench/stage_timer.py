"""MkDocs hook for the build benchmark: when each build phase ends (a script helper, not part of the site).

Enabled by bench_build.py through ``hooks:`` in a copy of mkdocs.yml; writes the phase ends (seconds since
the process's parent started it, ``LAWREF_BENCH_T0``) as JSON to ``LAWREF_BENCH_STAGES``.
"""

from __future__ import annotations

import atexit
import json
import os
import resource
import time

from mkdocs.plugins import event_priority

_marks: dict[str, float] = {}


def _mark(name: str) -> None:
    _marks.setdefault(name, time.time() - float(os.environ.get("LAWREF_BENCH_T0", "0")))


@event_priority(-100)
def on_config(config):
    _mark("config")  # every plugin's on_config done (lawref's pipeline runs there)


@event_priority(-100)
def on_files(files, config):
    _mark("files")


@event_priority(-100)
def on_nav(nav, config, files):
    _mark("nav")


@event_priority(100)
def on_page_context(context, page, config, nav):
    _mark("markdown")  # the first page's context: every page's Markdown has been converted
    return context


@event_priority(100)
def on_post_build(config):
    _mark("pages")  # every page rendered with the theme and written


@atexit.register
def _write() -> None:
    _mark("end")  # post-build work (search index, lawref's files) done, process exiting
    # CPU of this (MkDocs') process and of the processes it waited for (lawref's background process: search index,
    # downloads): on an idle machine with two cores the build takes about the larger of the two.
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    _marks["cpu_self"] = me.ru_utime + me.ru_stime
    _marks["cpu_children"] = kids.ru_utime + kids.ru_stime
    _marks["maxrss_children_kib"] = kids.ru_maxrss
    _marks["maxrss_self_kib"] = me.ru_maxrss
    out = os.environ.get("LAWREF_BENCH_STAGES")
    if out:
        with open(out, "w", encoding="utf-8") as f:
            json.dump(_marks, f)
