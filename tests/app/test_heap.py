"""desk.heap: once the app is open, what it holds is frozen out of the collector's way and the
youngest generation is collected less often; never lowering a threshold someone raised."""

from __future__ import annotations

import gc

import pytest

import desk.heap


@pytest.fixture
def fresh_heap(monkeypatch):
    before = gc.get_threshold()
    monkeypatch.setattr(desk.heap, "_settled", False)
    yield
    gc.unfreeze()
    gc.set_threshold(*before)


def test_settle_freezes_once_and_raises_the_thresholds(fresh_heap):
    gc.set_threshold(700, 10, 10)
    gc.unfreeze()
    desk.heap.settle()
    assert gc.get_freeze_count() > 1000 and gc.get_threshold() == (desk.heap.YOUNG, 20, 20)
    frozen = gc.get_freeze_count()
    [object() for _ in range(10)]
    desk.heap.settle()  # once per process: a second app does not freeze the first one's leftovers
    assert gc.get_freeze_count() == frozen


def test_settle_never_lowers_a_threshold(fresh_heap):
    gc.set_threshold(20_000, 50, 30)
    desk.heap.settle()
    assert gc.get_threshold() == (20_000, 50, 30)


async def test_the_app_settles_its_heap_after_it_opens(fresh_heap, db_path, engine):
    from desk.app import make_app
    from tests.app.helpers import TODAY, settle

    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for _ in range(50):  # a second after the first screen is filled
            if desk.heap._settled:
                break
            await pilot.pause(0.1)
        assert desk.heap._settled and gc.get_freeze_count() > 0
