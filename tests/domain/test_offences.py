"""The offence catalogue as typed records, with the force's gravity scores."""
from __future__ import annotations

import pytest

from webapp.domain.config import EngineConfig
from webapp.domain.offences import CatalogueError, load_offences


def test_catalogue_loads_with_modes_and_default_scores():
    offences = load_offences()
    assert len(offences) == 32
    assert offences["theft_shop"].mode_of_trial == "either_way"
    assert offences["common_assault"].mode_of_trial == "summary"
    assert offences["robbery"].mode_of_trial == "indictable_only"
    assert offences["robbery"].gravity_score == offences["robbery"].default_gravity_score == 4
    assert "s.22A" in offences["theft_shop"].notes


def test_force_scores_override_the_assumed_defaults():
    config = EngineConfig.from_mapping({"offence_gravity_overrides": {"theft_shop": 1}})
    offences = load_offences(gravity_overrides=config.offence_gravity_overrides)
    assert offences["theft_shop"].gravity_score == 1
    assert offences["theft_shop"].default_gravity_score == 2
    assert offences["theft_shop"].score_overridden
    assert not offences["theft_other"].score_overridden


def test_override_for_an_unknown_offence_is_refused():
    with pytest.raises(CatalogueError, match="not in the catalogue: no_such_offence"):
        load_offences(gravity_overrides={"no_such_offence": 2})


@pytest.mark.parametrize("row, message", [
    ("x,Wording,Act,crown,2,", "mode_of_trial must be one of"),
    ("x,Wording,Act,summary,9,", "default_gravity_score must be 1-4"),
    ("x,Wording,Act,summary,two,", "default_gravity_score must be 1-4"),
    (",Wording,Act,summary,2,", "key is empty"),
])
def test_malformed_rows_are_refused_with_their_line(tmp_path, row, message):
    path = tmp_path / "offences.csv"
    path.write_text("key,wording,legislation,mode_of_trial,default_gravity_score,notes\n" + row + "\n")
    with pytest.raises(CatalogueError, match=f"line 2: {message}"):
        load_offences(path)


def test_duplicate_keys_are_refused(tmp_path):
    path = tmp_path / "offences.csv"
    path.write_text("key,wording,legislation,mode_of_trial,default_gravity_score,notes\n"
                    "x,W,A,summary,2,\nx,W,A,summary,2,\n")
    with pytest.raises(CatalogueError, match="line 3: offence key 'x' appears twice"):
        load_offences(path)
