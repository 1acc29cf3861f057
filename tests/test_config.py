"""One way to load the configuration: every command judges with the census.toml beside its
files, command-line values win, the rule table is built once, and a bad file is one clear line."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from census.cli import main
from census.config import find_config, load_config
from census.errors import BadConfig
from census.i18n import translator
from census.rules import default_rules

DATA = Path(__file__).parent / "data" / "validate"
#: A brand the default rule table does not know (doses.xlsx PTT!G15 is 'Vaksin Nusantara').
NUSANTARA = """
[[rules.brands]]
code = "nusantara"
label = "Vaksin Nusantara"
spellings = ["vaksin nusantara"]
primary_doses = 2
"""


def _folder(tmp_path: Path, toml: str) -> Path:
    folder = tmp_path / "inputs"
    folder.mkdir(parents=True)
    shutil.copy(DATA / "doses.xlsx", folder / "doses.xlsx")
    (folder / "census.toml").write_text(toml, encoding="utf-8")
    return folder


def _codes(*args: str) -> set[tuple[str, str]]:
    result = CliRunner().invoke(main, ["validate", *args])
    assert result.exit_code in (0, 1), result.output
    lines = [line.split() for line in result.output.splitlines() if line.startswith("    ")]
    return {(words[0], words[1]) for words in lines}


def test_validate_takes_the_census_date_and_rules_of_the_census_toml_beside_the_files(
    tmp_path: Path,
) -> None:
    folder = _folder(tmp_path, "as_of = 2022-03-31\n" + NUSANTARA)
    found = _codes(str(folder / "doses.xlsx"))
    assert ("PTT!H7", "date-in-future") in found  # 05-04-2022 is after 31 March
    assert ("PTT!G15", "brand-unknown") not in found  # the department's own brand

    later = _folder(tmp_path / "later", "as_of = 2022-06-01\n")
    found = _codes(str(later / "doses.xlsx"))
    assert ("PTT!H7", "date-in-future") not in found
    assert ("PTT!G15", "brand-unknown") in found
    # The command line wins over census.toml.
    assert ("PTT!H7", "date-in-future") in _codes(str(later / "doses.xlsx"), "--as-of",
                                                   "2022-03-31")


def test_the_rule_table_is_built_once(tmp_path: Path) -> None:
    config = load_config(_folder(tmp_path, "as_of = 2022-03-31\n" + NUSANTARA))
    assert config.rules() is config.rules()
    assert "nusantara" in {brand.code for brand in config.rules().brands}
    assert default_rules() is default_rules()
    assert load_config(tmp_path).rules() is default_rules()  # no overrides: the shared table


def test_find_config_for_a_folder_or_the_files_in_it(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "as_of = 2022-03-31\n")
    assert find_config(folder) == folder / "census.toml"
    assert find_config([tmp_path / "elsewhere.xlsx", folder / "doses.xlsx"]) == \
        folder / "census.toml"
    assert find_config([tmp_path / "elsewhere.xlsx"]) is None
    assert load_config([folder / "doses.xlsx"]).as_of == date(2022, 3, 31)
    assert load_config([folder / "doses.xlsx"], as_of=date(2022, 1, 1)).as_of == date(2022, 1, 1)


@pytest.mark.parametrize(("toml", "indonesian", "english"), [
    ("as_of = \"kemarin\"\n", "census.toml: as_of: harus tanggal, mis. 2022-03-31",
     "census.toml: as_of: must be a date such as 2022-03-31"),
    ("lang = \"fr\"\n", "census.toml: lang: harus salah satu dari: 'id', 'en'",
     "census.toml: lang: must be one of: 'id', 'en'"),
    ("[rules]\noverdue_grace_days = -1\n", "census.toml [rules]: overdue_grace_days: minimal 0",
     "census.toml [rules]: overdue_grace_days: must be at least 0"),
    ("titel = 1\n", "census.toml: titel: kunci tidak dikenal",
     "census.toml: titel: unknown key"),
])
def test_a_bad_census_toml_is_one_line_in_either_language(
    tmp_path: Path, toml: str, indonesian: str, english: str
) -> None:
    folder = _folder(tmp_path, toml)
    with pytest.raises(BadConfig) as caught:
        load_config(folder)
    assert (translator("id")(caught.value), str(caught.value)) == (indonesian, english)
    result = CliRunner().invoke(main, ["run", str(folder), "--out", str(tmp_path / "out"), "--no-pdf"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"census: {indonesian}"]
    assert not (tmp_path / "out").exists()
