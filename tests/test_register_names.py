"""Name normalisation: titles and degrees dropped, variants folded, initials kept."""

import pandas as pd
import pytest

from census.register.names import loose_name, name_columns, normalise_name, normalise_names


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Drs. H. Alwi, M.Hum", "alwi"),
        ("Hj. Siti Aminah, S.Sos.", "siti aminah"),
        ("dr. Budi", "budi"),
        ("Prof. Dr. Ir. H. Muh. Yusuf, M.Si", "muhammad yusuf"),
        ("Budi Santoso S.E.", "budi santoso"),
        ("Budi Santoso SPd", "budi santoso"),
        ("NY. SRI  WAHYUNI", "sri wahyuni"),
        ("Moch. Alwi", "muhammad alwi"),
        ("Moh Alwi", "muhammad alwi"),
        ("M. Alwi", "muhammad alwi"),
        ("Mochamad Alwi", "muhammad alwi"),
        ("Muhamad ALWI", "muhammad alwi"),
        ("Alwi M.", "alwi m"),  # a trailing M. is an initial
        ("Budi H.", "budi h"),  # ... and so is a trailing H.
        ("R. Ayu Lestari", "ayu lestari"),  # a leading R. is Raden
        ("St. Aminah", "siti aminah"),
        ("Aminah, S.T.", "aminah"),
        ("Siti May Sarah", "siti may sarah"),  # 'may' is a name inside a name
        ("Soekarno", "sukarno"),
        ("Djoko Tjahjono", "joko cahjono"),
        ("Noer Hidayat", "nur hidayat"),
        ("Nurul Hidayat", "nur hidayat"),
        ("Achmad Dahlan", "ahmad dahlan"),
        ("Abd. Rahman", "abdul rahman"),
        ("Ma'ruf Amin", "maruf amin"),
        ("Ni Wyn Sari", "ni wayan sari"),
        ("Ibu", "ibu"),  # a name made only of a title keeps it
        ("", None),
        ("  ", None),
        (None, None),
    ],
)
def test_normalise_name(typed, key):
    assert normalise_name(typed) == key


def test_loose_name_drops_initials_only():
    assert [loose_name(k) for k in ("budi h", "i gusti ngurah rai", "h", None)] == [
        "budi", "gusti ngurah rai", "h", None,
    ]


def test_normalise_names_series_keeps_index_and_gaps():
    names = pd.Series(["Moch. Alwi", None, "Moch. Alwi", "Hj. Siti"], index=[10, 11, 12, 13])
    out = normalise_names(names)
    assert list(out.index) == [10, 11, 12, 13]
    assert out.tolist() == ["muhammad alwi", None, "muhammad alwi", "siti"]


def test_name_columns_batch_path_equals_one_name_at_a_time():
    """Names cleaned together (plain ASCII) and one by one (commas, other letters, line breaks,
    titles) give what normalise_name and loose_name give each name alone."""
    typed = [
        "Siti Aminah", "SITI  AMINAH", "Ma'ruf Amin", "Budi `Santoso`", "Djoko Tjahjono",
        "Soekarno", "Drs. H. Moch. Alwi, M.Hum", "Budi H.", "M. Yusuf", "Yusuf M.", "A B",
        "a", "...", "", " \t ", "Ahmad\nDahlan", "Ahmad\tDahlan", "Zoë Éclair", "Ｓｉｔｉ",
        "Nur  R.  Hidayah", "Achmad Sitti", "St. Aminah", "x y zz", "1234", 5678, 12.5,
        "Putri, S.Pd", "Raden Ajeng Kartini", "oe dj tj", "Hj. Siti-Nur'aini",
    ]
    keys, loose = name_columns(pd.Series(typed, dtype=object))
    expected = [normalise_name(str(name).lower()) for name in typed]
    assert keys.tolist() == expected
    assert loose.tolist() == [loose_name(key) for key in expected]
