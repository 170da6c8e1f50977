from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import partial

import pytest
from pytestqt.qtbot import QtBot

from counterdesk.ui.tasks import TaskRunner


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    made = TaskRunner()
    yield made
    made.shutdown()


def numbered_job(n: int) -> tuple[int, int]:
    return n, threading.get_ident()


def test_work_runs_off_the_gui_thread_and_results_come_back_on_it(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    gui = threading.get_ident()
    seen: list[tuple[str, int, int]] = []
    for n in range(5):
        runner.run(
            partial(numbered_job, n),
            lambda result: seen.append(("done", result[0], result[1])),
            lambda exc: seen.append(("failed", -1, 0)),
        )
    with qtbot.waitSignal(runner.idle_changed, check_params_cb=lambda idle: idle):
        pass
    assert [n for _, n, _ in seen] == [0, 1, 2, 3, 4], "results out of order"
    assert all(worker != gui for _, _, worker in seen)
    assert len({worker for _, _, worker in seen}) == 1, "more than one worker thread"
    assert runner.idle


def test_a_failure_reaches_the_failure_callback(qtbot: QtBot, runner: TaskRunner) -> None:
    errors: list[BaseException] = []

    def boom() -> None:
        raise ValueError("queue unreachable")

    runner.run(boom, lambda _: None, errors.append)
    qtbot.waitUntil(lambda: runner.idle)
    assert [str(e) for e in errors] == ["queue unreachable"]


def test_shutdown_runs_the_final_task_on_the_worker_after_the_running_one(
    qtbot: QtBot,
) -> None:
    runner = TaskRunner()
    started, release = threading.Event(), threading.Event()
    order: list[tuple[str, int]] = []

    def running() -> None:
        started.set()
        release.wait(10)
        order.append(("running", threading.get_ident()))

    runner.run(running, lambda _: None, lambda _: None)
    assert started.wait(10)
    release.set()
    runner.shutdown(final=lambda: order.append(("final", threading.get_ident())))
    assert [name for name, _ in order] == ["running", "final"]
    assert order[0][1] == order[1][1] != threading.get_ident(), "closed on the worker"
