"""lexsort_ints: the register's one-pass sort gives np.lexsort's order on awkward keys."""

import numpy as np
import pytest

from census.register.frames import lexsort_ints

_DAY = 86_400 * 10**9


def _keys(seed: int) -> list[tuple[np.ndarray, ...]]:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(0, 80))
    small = rng.integers(-3, 4, n)
    flag = rng.integers(0, 2, n).astype(bool)
    days = (rng.integers(18_000, 18_010, n) * _DAY).astype("datetime64[ns]")
    with_nat = days.copy()
    with_nat[rng.integers(0, max(n, 1), min(n, 4))] = np.datetime64("NaT")
    odd = days + rng.integers(0, 5, n).astype("timedelta64[ns]")  # not whole days
    wide = rng.integers(0, 2**40, n)
    return [(small,), (days, small), (flag, with_nat, small), (odd, small), (wide, wide),
            (with_nat,), (small, with_nat, flag, small), (days.astype("datetime64[D]"), flag),
            (np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]"), small)]


@pytest.mark.parametrize("seed", range(40))
def test_lexsort_ints_is_np_lexsort(seed):
    """Ties keep their order, NaT sorts last, too-wide ranges fall back: every case as np.lexsort."""
    for keys in _keys(seed):
        assert lexsort_ints(keys).tolist() == np.lexsort(keys).tolist()


def test_lexsort_ints_of_nothing():
    assert lexsort_ints((np.zeros(0, np.int64), np.zeros(0, np.int64))).tolist() == []
