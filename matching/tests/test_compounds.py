import pytest
from compound_split import char_split

from matching import compounds

WORDS = ["parkleitsystem", "hochwasserfrühwarnsystem", "straßenbeleuchtung", "bürgerbüro",
         "einwohnermeldeamt", "abfallkalender", "wasser", "e-ladesäule", "xy"]  # fmt: skip


@pytest.mark.parametrize("word", WORDS)
def test_compact_model_splits_exactly_like_charsplit(word):
    assert compounds.split_compound(word)[:3] == char_split.split_compound(word)[:3]


def test_model_is_built_when_missing(tmp_path, settings):
    settings.VAR_DIR = tmp_path
    compounds._model.cache_clear()
    try:
        assert compounds.split_compound("parkleitsystem")[0][1:] == ("Park", "Leitsystem")
        assert sorted(p.name for p in compounds.model_dir().iterdir()) == [
            "infix.marisa", "prefix.marisa", "suffix.marisa",
        ]  # fmt: skip
    finally:
        compounds._model.cache_clear()
