"""entities.find_people on small invented texts."""

from __future__ import annotations

import pytest

from archive.extraction import entities
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


# --- generalisation to other outlets' articles ---------------------------------------------


def test_a_headline_verb_and_noun_are_not_taken_for_a_name_with_an_unlisted_family_name() -> None:
    assert people("Seoul Eyes Follow-up Sanctions After Launch\n\nAir Stand-off continues.") == {}


def test_an_unlisted_family_name_made_of_a_korean_syllable_still_opens_a_name() -> None:
    assert "Koo Byoung-sam" in people("Spokesperson Koo Byoung-sam told a briefing that talks were off.")


def test_a_surname_only_mention_finds_a_lawmaker_whose_family_name_is_not_listed() -> None:
    found = people("Rep. Boo Seung-chan of the Democratic Party disagreed. “Not now,” Boo said.")
    assert [m.text for m in found["Boo Seung-chan"].mentions] == ["Boo Seung-chan", "Boo"]


def test_a_three_word_western_name_keeps_its_first_word() -> None:
    found = people("“It will go on,” said Anna Marie Fischer, a senior fellow at the institute.")
    assert "Anna Marie Fischer" in found


def test_a_sentence_opener_or_a_title_is_not_the_first_word_of_a_three_word_name() -> None:
    found = people("Then Erik Lindqvist said no. Envoy Maria Lopez Garcia said yes.")
    assert "Erik Lindqvist" in found
    assert "Then Erik Lindqvist" not in found


def test_a_military_rank_after_a_title_is_no_part_of_the_name() -> None:
    found = people("JCS spokesperson Colonel Lee Sung-jun told a regular briefing that all was calm.")
    assert list(found) == ["Lee Sung-jun"]


def test_the_people_of_a_credit_line_are_found_as_reporters_and_editors() -> None:
    found = people("The talks ended.\n\n(Reporting by Dana Whitlock and Omar Haddad; Editing by Gerry Doyle)")
    assert found["Gerry Doyle"].roles == ("editor",)
    assert "reporter" in found["Omar Haddad"].roles


def test_a_named_persons_daughter_takes_the_family_name() -> None:
    found = people("Leader Kim Jong-un's daughter Ju-ae attended the launch.")
    assert "Kim Ju-ae" in found


def test_a_party_in_an_apposition_after_a_surname_only_mention_is_the_lawmakers() -> None:
    text = "Rep. Kim Sang-hoon spoke first. Kim, of the ruling People Power Party, said more."
    assert people(text)["Kim Sang-hoon"].party == "People Power Party"


def test_a_party_after_a_member_of_the_ruling_is_the_lawmakers() -> None:
    text = "“It works,” Han Ki-ho, a member of the ruling People Power Party, told reporters."
    assert people(text)["Han Ki-ho"].party == "People Power Party"


def test_a_possessive_before_a_byline_name_is_dropped() -> None:
    found = find_people("The agency said so. Choi Jeong-yoon reports.", byline=["Our Choi Jeong-yoon"])
    assert [p.name for p in found] == ["Choi Jeong-yoon"]


def test_names_in_a_read_next_or_top_stories_list_are_page_furniture() -> None:
    text = "Rep. Ahn Gyu-baek said so.\n\nRead Next\nSamsung heir Lee Jae-yong acquitted\nTop 10 Stories\nLee Jung-jae returns"
    assert list(people(text)) == ["Ahn Gyu-baek"]


def test_a_name_heading_a_line_before_a_bar_and_a_date_is_a_reporter() -> None:
    found = people("Satellite launch may come soon\n\nJeongmin Kim | November 21, 2024\n\nThe JCS said so.")
    assert found["Jeongmin Kim"].roles == ("reporter",)


def test_a_speech_verb_ending_a_headline_does_not_introduce_the_next_lines_words() -> None:
    assert people("Launch soon, military says\n\nDana Whitlock was in Seoul.") == {}


def test_a_surname_mention_goes_to_the_nearest_bearer_whatever_the_name_order() -> None:
    text = "Jeongmin Kim | May 2, 2024\n\nRep. Kim Byeong-ki spoke. “It is costly,” Kim said."
    found = people(text)
    assert [m.text for m in found["Kim Byeong-ki"].mentions] == ["Kim Byeong-ki", "Kim"]


def test_a_job_after_the_byline_name_is_not_a_second_person() -> None:
    found = find_people("The agency said so.", byline=["Lee Je-hun", "Staff Reporter"])
    assert [p.name for p in found] == ["Lee Je-hun"]


def test_a_role_apposition_keeps_a_dotted_acronym_and_takes_a_fellow() -> None:
    found = people(
        "“No,” said Gen. Xavier Brunson, commander of U.S. Forces Korea, in a statement. "
        "“Yes,” said Anna Marie Fischer, a senior fellow at the Center for Strategic Studies."
    )
    assert "commander of U.S. Forces Korea" in found["Xavier Brunson"].roles
    assert found["Anna Marie Fischer"].roles == ("a senior fellow at the Center for Strategic Studies",)


def test_a_lawmaker_title_set_off_by_a_comma_makes_a_lawmaker() -> None:
    assert people("Another lawmaker, Park Sun Won, said the NIS believed it.")["Park Sun Won"].roles == (
        "lawmaker",
    )


def test_a_possessive_party_before_the_title_is_the_lawmakers() -> None:
    assert people("The DP's Rep. Choo Mi-ae chairs the committee.")["Choo Mi-ae"].party == "Democratic Party"


def test_a_title_before_a_surname_prefers_the_bearer_named_with_that_role() -> None:
    text = "Rep. Seo Ha-jun spoke. Seo Min-ji, a professor, replied. Rep. Seo then left."
    found = people(text)
    assert [m.text for m in found["Seo Ha-jun"].mentions] == ["Seo Ha-jun", "Seo"]


def test_a_surname_mention_with_no_bearer_named_before_goes_to_the_next_one() -> None:
    found = people("Kang said so. Later Rep. Kang Da-eun explained it.")
    assert [m.text for m in found["Kang Da-eun"].mentions] == ["Kang", "Kang Da-eun"]


def test_surname_mentions_cost_one_lookup_each_however_many_people_share_the_surname(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The work per surname-only mention does not grow with the people of that surname."""
    calls = 0
    nearest = entities._Bearers.nearest

    def counted(self: entities._Bearers, pos: int) -> tuple[int, int] | None:
        nonlocal calls
        calls += 1
        return nearest(self, pos)

    monkeypatch.setattr(entities._Bearers, "nearest", counted)
    syllables = ["ba", "do", "hi", "jo", "mi", "no", "ra", "su", "we", "ye"]
    given = [f"{a.capitalize()}-{b}" for a in syllables for b in syllables]
    for count in (10, 100):
        calls = 0
        text = " ".join(f"Kim {g} spoke. Kim agreed." for g in given[:count])
        found = people(text)
        assert len(found) == count
        assert calls == count  # one look-up per "Kim", not one per person


def test_a_spelling_one_letter_away_with_the_same_role_is_the_same_person() -> None:
    found = people(
        "Defence Minister Viktor Zhilenko spoke. Defence Minister Viktor Zhylenko said. Zhylenko left."
    )
    assert list(found) == ["Viktor Zhilenko"]
    assert [m.text for m in found["Viktor Zhilenko"].mentions] == [
        "Viktor Zhilenko",
        "Viktor Zhylenko",
        "Zhylenko",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Rep. Moon Hye-rin spoke. Professor Moon Hye-rim said.",  # another role
        "Rep. Moon Hye-rin of the Justice Party spoke. Rep. Moon Hye-rim of the Democratic Party said.",
    ],
)
def test_names_one_letter_apart_stay_two_people_when_role_or_party_differ(text: str) -> None:
    assert set(people(text)) == {"Moon Hye-rin", "Moon Hye-rim"}


def test_a_title_inside_a_run_of_capitals_ends_what_comes_before_the_name() -> None:
    found = people("The State Council Chairperson Pak Chol Su spoke.")
    assert list(found) == ["Pak Chol Su"] and found["Pak Chol Su"].roles == ("chairperson",)


def test_a_two_word_given_name_after_an_owned_kinship_word_takes_the_family_name() -> None:
    found = people("Leader Pak Chol Su handed power to his younger sister Mi Ran.")
    assert found["Pak Mi Ran"].variants == ("Pak Mi Ran", "Mi Ran")
    assert "Ri Sol Ju" in people("Leader Pak Chol Su came with his wife Ri Sol Ju.")  # a full name


def test_an_organisation_s_name_is_no_person() -> None:
    assert people("The daily Asahi Shimbun reported that Rep. Oh Da-in said so.").keys() == {"Oh Da-in"}


def test_the_byline_s_name_written_in_the_text_is_one_mention_of_the_reporter() -> None:
    found = people(
        "Talks resumed.\nBy Seo Moon Ha-rin, staff reporter\nThe NIS said.", byline=("Seo Moon Ha-rin",)
    )
    assert list(found) == ["Seo Moon Ha-rin"]
    assert [m.text for m in found["Seo Moon Ha-rin"].mentions] == ["Seo Moon Ha-rin"]


def test_a_role_apposition_keeps_a_bracketed_acronym() -> None:
    found = people("Anton Hrytsenko, chief of the Border Directorate (BD) of the ministry, said so.")
    assert found["Anton Hrytsenko"].roles == ("chief of the Border Directorate (BD) of the ministry",)
