import pytest

from kiosk.pin import CornerTaps, PinGate, hash_pin, verify_pin


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_hash_and_verify():
    hashed = hash_pin("2468", iterations=1000)
    assert hashed.startswith("pbkdf2_sha256$1000$") and "2468" not in hashed
    assert verify_pin("2468", hashed) and not verify_pin("2469", hashed)


def test_argon2_hashes_work():
    from argon2 import PasswordHasher

    hashed = PasswordHasher().hash("135790")
    assert verify_pin("135790", hashed) and not verify_pin("135791", hashed)


@pytest.mark.parametrize(
    "bad", ["", "abc", "pbkdf2_sha256$x$y$z", "md5$1$2$3", "pbkdf2_sha256$10$zz$00"]
)
def test_malformed_hashes_never_match(bad):
    assert verify_pin("1234", bad) is False


@pytest.mark.parametrize("pin", ["123", "12a4", "1234567890123", ""])
def test_hash_pin_refuses_bad_pins(pin):
    with pytest.raises(ValueError):
        hash_pin(pin)


def test_lockout_grows_after_five_wrong_tries():
    clock = Clock()
    gate = PinGate(hash_pin("2468", iterations=1000), clock=clock)
    assert [gate.attempt("0000") for _ in range(4)] == ["wrong"] * 4
    assert gate.attempt("0000") == "locked" and gate.locked_for_s() == 30
    assert gate.attempt("2468") == "locked"
    clock.now = 30
    assert gate.attempt("1111") == "locked" and gate.locked_for_s() == 60
    clock.now = 90
    assert gate.attempt("1111") == "locked" and gate.locked_for_s() == 120
    clock.now = 210
    assert gate.attempt("2468") == "ok" and gate.failures == 0


def test_lockout_is_capped_and_no_pin_means_no_entry():
    clock = Clock()
    gate = PinGate(hash_pin("2468", iterations=1000), clock=clock)
    for _ in range(30):
        gate.attempt("0000")
        clock.now += gate.locked_for_s()
    gate.attempt("0000")
    assert gate.locked_for_s() == 3600
    assert PinGate("").attempt("2468") == "not_configured"


def test_corner_needs_five_taps_within_two_seconds():
    clock = Clock()
    taps = CornerTaps(clock=clock)
    assert [taps.tap() for _ in range(4)] == [False] * 4
    clock.now = 2.5
    assert taps.tap() is False
    for _ in range(3):
        clock.now += 0.3
        assert taps.tap() is False
    clock.now += 0.3
    assert taps.tap() is True
