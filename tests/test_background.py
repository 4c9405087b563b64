"""The build's background process (``plugin.background_pool``, ``start_background``): it proofreads while the
cite and editorial stages run, then makes the search index and the downloads while MkDocs renders. What it makes
is byte for byte what the pipeline makes in one process, and its failures are build errors."""

from __future__ import annotations

import pytest


def test_proofreading_in_the_background_process_finds_the_same(project, build_result):
    """``build_site(pool=…)`` proofreads in the pool's process: the same findings, the same pages."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from lawref.pipeline import build_site, proofread

    class Counting(ProcessPoolExecutor):
        sent: list = []

        def submit(self, fn, /, *args, **kwargs):
            self.sent.append(fn)
            return super().submit(fn, *args, **kwargs)

    pool = Counting(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    try:
        other = build_site(project, pool=pool)
    finally:
        pool.shutdown()
    assert pool.sent == [proofread]
    assert build_result.anomalies and other.anomalies == build_result.anomalies
    assert other.site.pages == build_result.site.pages


def test_the_build_makes_in_another_process_the_same_files(project, site_dir):
    """``lawref build`` makes the search index and the downloads in a separate process while MkDocs renders
    (plugin.start_background): the site holds, byte for byte, every file the whole pipeline gives in this
    process (``build_site`` with the search index and the downloads)."""
    from lawref.pipeline import build_site
    files = build_site(project, downloads=True).site.files
    assert any(k.startswith("downloads/") for k in files) and any(k.startswith("search/") for k in files)
    differ = [k for k, data in files.items() if not (site_dir / k).is_file() or (site_dir / k).read_bytes() != data]
    assert differ == []


def test_the_separate_process_returns_the_files_and_its_errors_fail_the_build(build_result, corpus):
    """start_background / finish_background: the separate process gives a download's two files; a diagnostic it
    returns (a missing CJK font, ``render_downloads``) fails the build with the diagnostic's text."""
    from concurrent.futures import ThreadPoolExecutor

    from mkdocs.exceptions import PluginError

    from lawref.plugin import Background, finish_background, start_background
    from lawref.publish import downloads
    todo = downloads.collect_downloads(corpus, build_result.editorial.marks)[1:2]
    files = finish_background(start_background([(downloads.render_downloads, (todo,))]))
    assert files == downloads.render_downloads(todo)[0] and len(files) == 2
    pool = ThreadPoolExecutor(1)
    failing = pool.submit(lambda: ({}, (downloads._font_diagnostic(["font family 'X' not found"]),)))
    with pytest.raises(PluginError, match="fonts-noto-cjk"):
        finish_background(Background(pool, [failing]))  # type: ignore[arg-type]


def test_a_background_process_that_dies_is_a_clear_error_not_a_traceback():
    import os

    from mkdocs.exceptions import PluginError

    from lawref.plugin import finish_background, start_background
    with pytest.raises(PluginError, match="ended without them"):
        finish_background(start_background([(os._exit, (3,))]))


def test_the_word_files_go_to_whichever_process_takes_them_first(build_result, corpus):
    """``Turns``: the background process makes the PDFs, then the Word files nobody has taken yet; MkDocs' process
    takes the others once its pages are written (plugin.on_post_build). Each Word file is made once, by one of the
    two, and together they are the files one process makes alone."""
    from lawref.plugin import Turns, background_files, background_pool, finish_background, start_background
    from lawref.publish import downloads
    marks = build_result.editorial.marks
    todo = downloads.collect_downloads(corpus, marks)
    whole, _ = downloads.render_downloads(todo)
    assert len(todo) > 3
    turns = Turns()
    mine = downloads.word_files(todo, lambda n: turns.take(n) if turns.counter.value < 2 else None)  # this process first
    theirs = finish_background(start_background(
        [(background_files, (corpus, None, None, marks, "", False, True))], background_pool(turns)))
    docx = [f"downloads/{d.stem}.docx" for d in todo]
    assert set(mine) == set(docx[:2])
    assert {k for k in theirs if k.endswith(".docx")} == set(docx[2:])
    assert {**mine, **theirs} == whole
    assert turns.done() and turns.take(len(todo)) is None


def test_files_handed_over_are_written_by_the_background_process(tmp_path):
    """``hand_over``: the pipeline's data files and redirect pages go to the background process, which writes
    them into the site folder with its own files (``write_background``), after its other calls."""
    from lawref.plugin import _given, finish_background, hand_over, start_background, write_background
    job = start_background([(_given, ({"downloads/a.pdf": b"%PDF"},))], keep=True)
    hand_over(job, {"a/b/index.html": b"<p>x</p>", "data/x.json": b"{}\n"})
    assert not (tmp_path / "a").exists()
    write_background(job, tmp_path)
    assert finish_background(job) == {}  # kept and written there, none returned
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()) == [
        "a/b/index.html", "data/x.json", "downloads/a.pdf"]
    assert (tmp_path / "a/b/index.html").read_bytes() == b"<p>x</p>"


def test_a_turn_never_waits_forever_for_the_lock():
    """``Turns.take`` gives None, and no index, if the counter's lock is not had in time (a process killed while
    holding it): MkDocs' process then leaves the Word files to the background process, whose death is the error."""
    import threading

    from lawref.plugin import Turns
    turns = Turns()
    turns.WAIT = 0.05
    held, done = threading.Event(), threading.Event()

    def hold() -> None:  # another holder of the lock (a thread here: the lock is re-entrant for its owner)
        with turns.counter.get_lock():
            held.set()
            done.wait()
    holder = threading.Thread(target=hold)
    holder.start()
    held.wait()
    try:
        assert turns.take(5) is None
    finally:
        done.set()
        holder.join()
    assert not turns.done() and [turns.take(2), turns.take(2), turns.take(2)] == [0, 1, None] and turns.done()


def _wait_for(path: str, seconds: float = 30.0) -> tuple[dict[str, bytes], tuple]:
    """A background call that lasts until ``path`` exists (written meanwhile by the same process's SiteWriter)."""
    import os
    import time
    end = time.monotonic() + seconds
    while not os.path.exists(path):
        if time.monotonic() > end:
            raise TimeoutError(f"{path} was not written while this call ran")
        time.sleep(0.01)
    return {"downloads/after.pdf": b"%PDF"}, ()


def test_files_are_written_while_the_background_calls_still_run_and_then_the_process_ends(tmp_path, monkeypatch):
    """The files handed over are written as soon as the site folder is named (``write_background``), while a
    call before them still runs (they are not kept until it returns: the process never holds them all), however
    many messages they take (``HAND_OVER_BYTES``); the files that call makes later are written too; and the
    process ends once its calls are done, before anyone asks for their results (its memory is free while MkDocs
    still renders)."""
    import time

    from lawref import plugin
    from lawref.plugin import finish_background, start_background, write_background
    monkeypatch.setattr(plugin, "HAND_OVER_BYTES", 1)  # a message a file
    job = start_background([(_wait_for, (str(tmp_path / "a/b/index.html"),))], keep=True)
    processes = list(job.pool._processes.values())  # no public API
    write_background(job, tmp_path, {"data/x.json": b"{}\n", "a/b/index.html": b"<p>x</p>"})
    job.jobs[-1].result(timeout=60)  # every file written
    end = time.monotonic() + 30
    while any(p.is_alive() for p in processes) and time.monotonic() < end:
        time.sleep(0.01)
    assert processes and not any(p.is_alive() for p in processes)
    assert finish_background(job) == {}
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()) == [
        "a/b/index.html", "data/x.json", "downloads/after.pdf"]


def test_each_download_is_given_as_soon_as_it_is_made(build_result, corpus):
    """``render_downloads(emit=…)``: every file once, to ``emit``, none returned; together the same bytes."""
    from lawref.publish import downloads
    todo = downloads.collect_downloads(corpus, build_result.editorial.marks)[:2]
    whole, _ = downloads.render_downloads(todo)
    given: list[dict[str, bytes]] = []
    returned, diags = downloads.render_downloads(todo, emit=given.append)
    assert returned == {} and diags == ()
    assert all(len(g) == 1 for g in given) and len(given) == len(whole) == 4
    assert {k: v for g in given for k, v in g.items()} == whole


def test_a_background_process_told_to_end_can_still_be_stopped(tmp_path):
    """A build that fails after ``write_background`` (MkDocs' own errors come later) stops the background process
    at once (``abandon_background``), not after the downloads it is typesetting."""
    import time

    from lawref.plugin import abandon_background, start_background, write_background
    job = start_background([(_wait_for, (str(tmp_path / "never"), 60.0))], keep=True)
    processes = list(job.pool._processes.values())  # no public API
    write_background(job, tmp_path)
    started = time.monotonic()
    abandon_background(job.pool)
    assert time.monotonic() - started < 20 and not any(p.is_alive() for p in processes)
