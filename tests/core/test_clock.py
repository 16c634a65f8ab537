"""Clock: frozen and running time, shifts, freeze and resume, simulated sleep, reset."""

from mockserver.core.clock import Clock, ClockStatus

EPOCH = 1_750_000_000.0


class Source:
    """A wall clock the test moves by hand."""

    def __init__(self, now: float = EPOCH):
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_a_frozen_clock_stands_still_until_moved() -> None:
    clock = Clock(frozen_at=EPOCH)
    assert clock.now() == EPOCH
    assert clock.advance(90) == EPOCH + 90
    assert clock.status() == ClockStatus(EPOCH + 90, 90, True)


def test_a_running_clock_follows_its_source_shifted() -> None:
    source = Source()
    clock = Clock(source)
    source.now += 5
    assert clock.now() == EPOCH + 5
    clock.advance(100)
    source.now += 1
    assert clock.now() == EPOCH + 106
    clock.set(EPOCH - 1000)
    assert clock.now() == EPOCH - 1000 and not clock.status().frozen


def test_setting_a_frozen_clock_keeps_the_offset_honest() -> None:
    source = Source()
    clock = Clock(source, frozen_at=EPOCH)
    clock.set(EPOCH + 3600)
    assert clock.now() == EPOCH + 3600 and clock.status().offset_seconds == 3600


def test_freeze_then_resume_runs_on_from_the_frozen_instant() -> None:
    source = Source()
    clock = Clock(source)
    clock.freeze()
    source.now += 50  # wall time passes while frozen
    assert clock.now() == EPOCH
    clock.resume()
    assert clock.now() == EPOCH
    source.now += 2
    assert clock.now() == EPOCH + 2


def test_simulated_sleep_moves_the_clock_instead_of_waiting() -> None:
    clock = Clock(frozen_at=EPOCH, simulate_sleep=True)
    clock.sleep(65)
    assert clock.now() == EPOCH + 65


def test_reset_goes_back_to_the_start() -> None:
    clock = Clock(frozen_at=EPOCH)
    clock.advance(10)
    clock.resume()
    clock.reset()
    assert clock.status() == ClockStatus(EPOCH, 0, True)
