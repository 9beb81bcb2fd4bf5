"""Bulk jobs pause the cyclic collector and quicken thread switches for the whole process: the
settings come back as they were when the last job ends, whichever thread ends last."""

from __future__ import annotations

import gc
import sys
import threading

from desktop.ledger.interpreter import quick_thread_switches, without_cycle_collection


def test_the_collector_comes_back_when_the_last_of_two_threads_ends():
    assert gc.isenabled()
    inside, leave = threading.Event(), threading.Event()

    def other_job() -> None:
        with without_cycle_collection():
            inside.set()
            leave.wait(10)

    worker = threading.Thread(target=other_job)
    with without_cycle_collection():
        assert not gc.isenabled()
        worker.start()
        inside.wait(10)
    assert not gc.isenabled()  # the other job still runs
    leave.set()
    worker.join(10)
    assert gc.isenabled()


def test_a_collector_already_off_stays_off():
    gc.disable()
    try:
        with without_cycle_collection():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_switch_interval_is_put_back_even_after_an_error():
    usual = sys.getswitchinterval()
    try:
        with quick_thread_switches():
            assert sys.getswitchinterval() < usual
            with quick_thread_switches():
                pass
            assert sys.getswitchinterval() < usual
            raise ValueError("hỏng")
    except ValueError:
        pass
    assert sys.getswitchinterval() == usual
