"""entities.find_people on small invented texts."""

from __future__ import annotations

from archive.extraction.entities import find_people
from archive.extraction.organisations import find_organisations
from archive.extraction.types import PersonRef


def people(text: str, **kwargs: object) -> dict[str, PersonRef]:
    found = find_people(text, organisations=find_organisations(text), **kwargs)  # type: ignore[arg-type]
    return {p.name: p for p in found}


def test_it_finds_a_hyphenated_korean_name_without_any_title() -> None:
    assert "Yoon Ha-rin" in people("Yoon Ha-rin walked into the hall on Monday.")


def test_it_finds_a_korean_name_written_in_three_separate_syllables() -> None:
    assert "Ri Chol Man" in people("North Korean Premier Ri Chol Man visited the plant.")


def test_it_finds_a_western_name_only_when_a_title_introduces_it() -> None:
    found = people("French President Marie Dubois met workers. Later Golden Gate opened.")
    assert list(found) == ["Marie Dubois"]
    assert found["Marie Dubois"].roles == ("President",)


def test_it_finds_a_western_name_followed_by_a_speech_verb() -> None:
    assert "Anton Weber" in people("Anton Weber said the talks would resume.")


def test_it_does_not_take_places_months_or_weekdays_for_people() -> None:
    text = "South Korea and North Korea met in Victory Day Square on Wednesday, March 3, near Kursk."
    assert people(text) == {}


def test_it_gives_a_lawmaker_the_party_written_before_the_title() -> None:
    p = people("Democratic Party Rep. Seo Min-ho spoke first.")["Seo Min-ho"]
    assert p.party == "Democratic Party"
    assert "lawmaker" in p.roles


def test_it_gives_each_of_two_lawmakers_the_party_written_after_their_name() -> None:
    found = people(
        "lawmakers Han Do-yeon of the People Power Party and Jung Woo-sik of the Democratic Party spoke."
    )
    assert found["Han Do-yeon"].party == "People Power Party"
    assert found["Jung Woo-sik"].party == "Democratic Party"
    assert "lawmaker" in found["Jung Woo-sik"].roles


def test_it_reads_the_party_from_a_parenthesis_or_a_caption_line() -> None:
    found = people(
        "Rep. Bae Ji-hoon (Democratic Party) agreed.\n\nNam Gyu-ri / People Power Party\n\nWe disagree."
    )
    assert found["Bae Ji-hoon"].party == "Democratic Party"
    assert found["Nam Gyu-ri"].party == "People Power Party"


def test_it_reads_a_role_from_an_apposition() -> None:
    p = people("a team headed by Ryu Jong-sik, deputy director of the Munitions Bureau, left.")[
        "Ryu Jong-sik"
    ]
    assert p.roles == ("deputy director of the Munitions Bureau",)


def test_it_merges_romanisation_variants_of_one_name_in_an_article() -> None:
    found = people("Rep. Lee Seong-kweun spoke. Later Lee Seong Kweun said more.")
    assert list(found) == ["Lee Seong-kweun"]
    assert set(found["Lee Seong-kweun"].variants) == {"Lee Seong-kweun", "Lee Seong Kweun"}


def test_it_resolves_a_surname_only_mention_to_the_lawmaker_named_before() -> None:
    text = "Rep. Song Ji-ho spoke. Song Ji-ho's rival Song Mi-na left. Rep. Song then said more."
    found = people(text)
    lawmaker_mentions = [m.text for m in found["Song Ji-ho"].mentions]
    assert lawmaker_mentions == ["Song Ji-ho", "Song Ji-ho", "Song"]
    assert [m.text for m in found["Song Mi-na"].mentions] == ["Song Mi-na"]


def test_it_keeps_two_people_of_one_surname_apart_by_the_nearest_full_name() -> None:
    text = "Kim Hye-jin told reporters. Kim Tae-ho, a leader, arrived. Kim waved at the crowd."
    found = people(text)
    assert [m.text for m in found["Kim Tae-ho"].mentions] == ["Kim Tae-ho", "Kim"]
    assert [m.text for m in found["Kim Hye-jin"].mentions] == ["Kim Hye-jin"]


def test_it_resolves_a_western_surname_mention_and_records_it_as_a_variant() -> None:
    found = people("Prime Minister Olaf Brandt arrived. Brandt said little.")
    assert found["Olaf Brandt"].variants == ("Olaf Brandt", "Brandt")


def test_it_completes_a_given_name_after_a_kinship_word_with_the_family_name() -> None:
    found = people("Leader Pak Chol-su toured the farm with his daughter Song-ae.")
    assert "Pak Song-ae" in found
    assert found["Pak Song-ae"].variants == ("Pak Song-ae", "Song-ae")


def test_it_marks_the_byline_as_a_reporter_of_the_outlet() -> None:
    found = people("Text body.\nBY CHOI DA-IN", byline=("Choi Da-in",), outlet="Yonhap")
    p = found["Choi Da-in"]
    assert p.is_byline and "reporter" in p.roles and p.affiliations == ("Yonhap",)


def test_it_recognises_a_tv_sign_off_as_the_byline() -> None:
    p = people("The talks ended. Jeon Hae-won, KBS World Radio News.")["Jeon Hae-won"]
    assert p.is_byline


def test_it_ignores_names_in_a_link_list_after_the_article() -> None:
    text = "Rep. Ahn Do-hyun spoke.\nYou may also like\nStar striker Park Ji-sung scores twice\n"
    assert list(people(text)) == ["Ahn Do-hyun"]


def test_a_quoted_ship_name_is_not_a_person() -> None:
    assert people("He toured the destroyer ″Kang Gon″ at the port.") == {}


def test_every_mention_slices_the_text_exactly() -> None:
    text = "Rep. Oh Se-ra (Democratic Party) spoke. Oh added that President Ana Ruiz agreed. Ruiz smiled."
    for p in find_people(text, organisations=find_organisations(text)):
        for m in p.mentions:
            assert text[m.start : m.end] == m.text
