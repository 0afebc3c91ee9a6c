"""Work in a forked copy of the process (Linux, as CI and the bureau's server run): its result, its
error and its crash come back to the caller; elsewhere the caller does the job."""

from __future__ import annotations

import os

import pytest

from hrnotice import parallel
from hrnotice.findings import DataError, Finding
from hrnotice.parallel import forked


def test_the_job_runs_in_another_process_with_what_this_one_has_loaded() -> None:
    loaded = {"pages": ["notice.md", "catalog.md"]}  # not pickled: the copy has it already
    wait = forked(lambda: (os.getpid(), loaded["pages"]))
    pid, pages = wait()
    assert pid != os.getpid() and pages == ["notice.md", "catalog.md"]


def test_whether_the_job_is_done_is_known_without_waiting_for_it() -> None:
    started, finish = os.pipe(), os.pipe()
    job = forked(lambda: (os.write(started[1], b"x"), os.read(finish[0], 1))[1])
    os.read(started[0], 1)
    assert not job.done()
    os.write(finish[1], b"y")
    assert job.done(timeout=30) and job() == b"y"


def test_before_runs_here_first() -> None:
    ran = []
    wait = forked(lambda: ran, before=lambda: ran.append("loaded"))
    assert wait() == ["loaded"] and ran == ["loaded"]


def test_a_data_error_comes_back_with_its_findings() -> None:
    finding = Finding.error("mkdocs.yml", None, None, "网站生成失败：主题不存在", rule="site")

    def fail() -> None:
        raise DataError([finding])

    with pytest.raises(DataError) as raised:
        forked(fail)()
    assert raised.value.findings == [finding]


def test_a_copy_that_dies_is_reported_not_waited_for_forever() -> None:
    with pytest.raises(RuntimeError, match="子进程意外退出（退出码 7）"):
        forked(lambda: os._exit(7))()


def test_where_the_system_does_not_fork_safely_the_caller_does_the_job(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel.sys, "platform", "win32")
    ran = []
    assert forked(lambda: ran.append("job"), before=lambda: ran.append("before")) is None
    assert ran == []  # nothing run, nothing loaded: the caller builds the sites one after the other
