"""find_claims on small invented texts: the constructions reporting uses, end to end."""

from __future__ import annotations

import datetime as dt

from archive.extraction.attribution import find_claims
from archive.extraction.briefings import find_briefings
from archive.extraction.entities import find_people
from archive.extraction.organisations import find_organisations
from archive.extraction.types import Claim


def claims(text: str, published_on: dt.date | None = None) -> list[Claim]:
    orgs = find_organisations(text)
    people = find_people(text, organisations=orgs)
    briefings = find_briefings(text, people=people, organisations=orgs, published_on=published_on)
    found = list(find_claims(text, people=people, organisations=orgs, briefings=briefings))
    for c in found:
        assert text[c.start : c.end] == c.text
    return found


def only(found: list[Claim], key: str) -> Claim:
    hits = [c for c in found if key in c.text]
    assert len(hits) == 1, [c.text for c in found]
    return hits[0]


def test_it_takes_reported_speech_after_told_reporters_that() -> None:
    c = only(claims("Rep. Yoon Ha-rin told reporters that 40 tanks were lost."), "40 tanks were lost")
    assert (c.kind, c.cue, c.speakers) == ("indirect", "told reporters", ("Yoon Ha-rin",))
    assert c.text == "40 tanks were lost"


def test_an_agency_statement_has_the_agency_as_speaker_and_source() -> None:
    c = only(claims("The NIS believes that the border was closed in May."), "border was closed")
    assert c.speaker_organisations == ("National Intelligence Service",)
    assert (c.source, c.source_kind) == ("National Intelligence Service", "organisation")


def test_a_lawmaker_quoting_the_agency_has_the_agency_as_source() -> None:
    c = only(claims("Rep. Moon Ga-eun cited the NIS as saying 90 engineers left."), "90 engineers left")
    assert c.speakers == ("Moon Ga-eun",)
    assert c.source == "National Intelligence Service"
    assert c.cue == "cited as saying"


def test_it_reads_the_source_nested_after_told_reporters() -> None:
    c = only(claims("Moon Ga-eun told reporters the NIS had said 70 boats sank."), "70 boats sank")
    assert c.speakers == ("Moon Ga-eun",)
    assert c.source == "National Intelligence Service"


def test_according_to_at_the_end_names_the_speaker_and_the_agency_is_the_source() -> None:
    text = "The NIS said it assessed that 12 ships were sold, according to Shin Bo-ra, who attended the briefing."
    c = only(claims(text), "12 ships were sold")
    assert c.speakers == ("Shin Bo-ra",)
    assert c.source == "National Intelligence Service"
    assert c.cue == "according to"
    assert "according to" not in c.text


def test_according_to_at_the_start_names_the_speaker() -> None:
    c = only(claims("According to the NIS, the two defectors are pilots."), "the two defectors are pilots")
    assert c.speaker_organisations == ("National Intelligence Service",)


def test_a_trailing_cue_after_a_comma_attributes_the_sentence_before_it() -> None:
    c = only(
        claims("Eighty soldiers have deserted, South Korea's spy agency has claimed."), "Eighty soldiers"
    )
    assert c.speaker_organisations == ("National Intelligence Service",)
    assert c.cue == "claimed"


def test_thats_according_to_gives_the_previous_claim_its_relaying_speaker() -> None:
    text = "The NIS believes 50 drones were delivered. That's according to Rep. Ko Eun-bi, who was briefed."
    c = only(claims(text), "50 drones were delivered")
    assert c.speakers == ("Ko Eun-bi",)
    assert c.source == "National Intelligence Service"


def test_a_quote_with_the_speaker_after_it_is_direct() -> None:
    c = only(claims("“Supplies have run low since winter,” said Rep. Gil Na-rae."), "Supplies have run low")
    assert (c.kind, c.speakers, c.cue) == ("direct", ("Gil Na-rae",), "said")
    assert c.text == "Supplies have run low since winter"


def test_a_quote_followed_by_name_and_verb_is_attributed_to_that_name() -> None:
    c = only(claims("Rep. Gil Na-rae spoke. “The line held for a week,” Rep. Gil added."), "The line held")
    assert c.speakers == ("Gil Na-rae",)


def test_a_second_quote_right_after_an_attributed_one_carries_it_on_as_a_second_part() -> None:
    text = "“The line held for a week,” said Rep. Cha Min-jun. “After that it broke in two places.”"
    c = only(claims(text), "it broke in two places")
    assert c.speakers == ("Cha Min-jun",)
    assert [text[s:e] for s, e in c.parts] == [
        "The line held for a week",
        "After that it broke in two places",
    ]


def test_a_quote_left_open_continues_into_the_next_paragraph() -> None:
    text = "Rep. Cha Min-jun told reporters, “The line held for a week.\n\n“Then it broke,” he added."
    c = only(claims(text), "The line held")
    assert "Then it broke" in c.text
    assert c.speakers == ("Cha Min-jun",)


def test_they_added_after_a_quote_by_two_lawmakers_gives_both() -> None:
    text = (
        "Lawmakers Hong Da-som of the People Power Party and Yang Ji-an of the Democratic Party told "
        "reporters, “The toll rose to 900.”\n\n“The wounded were flown home,” they added."
    )
    c = only(claims(text), "The wounded were flown home")
    assert set(c.speakers) == {"Hong Da-som", "Yang Ji-an"}
    first = only(claims(text), "The toll rose to 900")
    assert set(first.speakers) == {"Hong Da-som", "Yang Ji-an"}


def test_a_sound_bite_tag_names_the_speaker_of_the_quote_after_it() -> None:
    text = (
        "The NIS briefed lawmakers.[Sound bite: Democratic Party Rep. Ryu Se-hee - Nat’l Assembly "
        "Intelligence Committee (Korean-English)]“Around 800 workers were sent abroad this year.”"
    )
    c = only(claims(text), "800 workers")
    assert (c.speakers, c.cue, c.kind) == (("Ryu Se-hee",), "sound bite", "direct")


def test_a_caption_line_introduces_the_speaker_of_the_next_paragraph() -> None:
    text = "The agency spoke.\n\nMin Ye-jin / Democratic Party\n\nWe will ask the ministry to explain the losses.\n\nEnd."
    c = only(claims(text), "We will ask the ministry")
    assert (c.speakers, c.cue, c.kind) == (("Min Ye-jin",), "caption", "direct")


def test_he_continues_the_speaker_of_the_previous_claim() -> None:
    text = "Rep. Pyo Jae-won told reporters that the navy lost a ship. He cited the NIS as saying 30 sailors died."
    c = only(claims(text), "30 sailors died")
    assert c.speakers == ("Pyo Jae-won",)
    assert c.speaker_inferred


def test_the_parliamentarian_points_back_to_the_last_lawmaker_speaking() -> None:
    text = "Rep. Pyo Jae-won told reporters that the navy lost a ship. The parliamentarian said repairs take a year."
    c = only(claims(text), "repairs take a year")
    assert c.speakers == ("Pyo Jae-won",)


def test_the_agency_points_back_to_the_agency_named_before() -> None:
    text = "The NIS said 20 officers were purged. The agency further analyzed that the purge continues."
    c = only(claims(text), "the purge continues")
    assert c.speaker_organisations == ("National Intelligence Service",)


def test_as_x_relayed_makes_x_the_speaker_and_the_agency_the_source() -> None:
    text = "The NIS said exports grew. As Rep. Kang Bo-ram relayed, they assured lawmakers that they would “watch every shipment leaving the port.”"
    c = only(claims(text), "watch every shipment")
    assert c.speakers == ("Kang Bo-ram",)
    assert c.source == "National Intelligence Service"


def test_a_ministry_statement_is_a_claim_of_the_ministry() -> None:
    c = only(claims("The unification ministry said that it will review the treaty."), "review the treaty")
    assert c.speaker_organisations == ("Ministry of Unification",)
    assert c.source == "Ministry of Unification"


def test_a_revised_estimate_is_a_claim_of_whoever_revised_it() -> None:
    c = only(claims("South Korea's military raised its estimate to 5,000 last week."), "raised its estimate")
    assert c.source == "South Korean military"


def test_generic_officials_make_a_claim_without_a_named_speaker() -> None:
    c = only(claims("Officials in Tokyo have said the plant closed in 2019."), "the plant closed in 2019")
    assert c.speakers == () and c.speaker_organisations == ()


def test_an_unattributed_sentence_is_not_a_claim() -> None:
    assert claims("The weather was mild and 300 people came to the park.") == []


def test_a_short_scare_quote_is_not_a_direct_claim() -> None:
    assert all(c.kind != "direct" for c in claims("He called the ship “a miracle” in the speech."))


def test_passive_believed_is_not_a_speech_cue() -> None:
    assert claims("North Korea is believed to have received 40 drones.") == []


def test_a_lawmakers_own_opinion_is_sourced_to_the_lawmaker() -> None:
    text = "Rep. Noh Ji-an attended a closed-door briefing by the NIS. “We must change the spy law soon,” Rep. Noh said."
    c = only(claims(text), "We must change")
    assert (c.source, c.source_kind) == ("Noh Ji-an", "person")


def test_a_lawmaker_relaying_a_briefing_has_the_organiser_as_source_and_the_briefing_index() -> None:
    text = "Rep. Noh Ji-an attended a closed-door briefing by the NIS. “About 70 soldiers were captured,” Rep. Noh said."
    c = only(claims(text), "About 70 soldiers")
    assert c.source == "National Intelligence Service"
    assert c.briefing == 0


def test_a_claim_about_an_earlier_month_is_not_assigned_to_the_briefing() -> None:
    text = "Rep. Noh Ji-an attended a closed-door briefing by the NIS. In January, the NIS said 80 soldiers had died."
    c = only(claims(text), "80 soldiers had died")
    assert c.briefing is None


def test_figures_inside_the_claim_are_attached_to_it() -> None:
    c = only(claims("The NIS said that 2,300 soldiers have been wounded."), "2,300")
    assert [f.value for f in c.figures] == [2300]


# --- generalisation to other outlets' articles ---------------------------------------------

BRIEFED = "Rep. Noh Ji-an attended a closed-door briefing by the NIS. "


def test_a_trailing_cue_followed_by_a_weekday_attributes_the_lead_sentence() -> None:
    c = only(
        claims("North Korea has shipped 3 million shells to Russia, South Korea's spy agency said Tuesday."),
        "shells",
    )
    assert c.text == "North Korea has shipped 3 million shells to Russia"
    assert c.source == "National Intelligence Service"


def test_a_trailing_cue_may_be_followed_by_a_weekday_and_a_clause() -> None:
    text = "At least 100 soldiers have been killed, the spy agency said Thursday, in its first estimate of losses."
    assert only(claims(text), "100 soldiers").source == "National Intelligence Service"


def test_told_the_committee_on_a_weekday_at_the_end_attributes_the_sentence() -> None:
    text = "The North moved 3,000 more soldiers to Kursk, the Ministry of National Defense told the Defense Committee on Wednesday."
    c = only(claims(text), "3,000 more soldiers")
    assert c.text == "The North moved 3,000 more soldiers to Kursk"
    assert c.source == "Ministry of National Defense"


def test_quoted_the_agency_as_saying_at_the_end_gives_the_speaker_and_the_agency_as_source() -> None:
    text = "Rep. Lee Sung-kwon spoke first. Kim Jong-un is expected to visit Russia, Lee quoted the NIS as saying."
    c = only(claims(text), "expected to visit")
    assert (c.speakers, c.source) == (("Lee Sung-kwon",), "National Intelligence Service")


def test_a_generic_trailing_speaker_leaves_the_inner_attribution_in_charge() -> None:
    text = (
        "The North is building a submarine, the NIS told a closed-door briefing on Wednesday, lawmakers said."
    )
    c = only(claims(text), "submarine")
    assert c.source == "National Intelligence Service"
    assert c.text == "The North is building a submarine"


def test_an_apposition_between_the_name_and_the_verb_is_not_the_speaker() -> None:
    text = "Rep. Yoo Yong-won, a member of the committee, said the troops had crossed the border."
    assert only(claims(text), "crossed").speakers == ("Yoo Yong-won",)
    text = "Kim Sang-hoon spoke. Kim, of the ruling People Power Party, said 600 soldiers had died."
    assert only(claims(text), "600 soldiers").speakers == ("Kim Sang-hoon",)


def test_a_second_quote_after_an_attribution_sentence_continues_its_speaker() -> None:
    text = "Rep. Boo Seung-chan disagreed. “Sending a team would drag us in,” Boo said. “We need to focus on Korea.”"
    assert only(claims(text), "We need to focus").speakers == ("Boo Seung-chan",)


def test_a_lawmakers_call_for_action_is_the_lawmakers_own_view() -> None:
    c = only(
        claims(BRIEFED + "Rep. Noh said the government should move quickly on the request."), "move quickly"
    )
    assert (c.source, c.source_kind) == ("Noh Ji-an", "person")


def test_a_first_person_remark_anywhere_in_a_lawmakers_quote_is_the_lawmakers_own() -> None:
    c = only(claims(BRIEFED + "“That is a grave concern for us,” Rep. Noh said."), "grave concern")
    assert c.source == "Noh Ji-an"


def test_a_lawmakers_judgement_of_the_organiser_is_the_lawmakers_own() -> None:
    text = "Rep. Noh Ji-an attended a closed-door briefing by the ministry of unification. "
    c = only(claims(text + "Rep. Noh said the ministry had failed to explain its plans."), "failed")
    assert c.source == "Noh Ji-an"


def test_a_quote_that_opens_with_the_agency_said_has_the_agency_as_source() -> None:
    c = only(
        claims(BRIEFED + "“The NIS said the North could send more soldiers,” Rep. Noh said."), "send more"
    )
    assert (c.speakers, c.source) == (("Noh Ji-an",), "National Intelligence Service")


def test_he_after_a_claim_by_two_lawmakers_is_the_one_named_since() -> None:
    text = (
        "Rep. Chun Ha-ram and Rep. Park Ji-won told reporters that the NIS had found engineers at Sinpo. "
        "Park, a former director himself, questioned the evidence. “We should not exaggerate the threat,” he said."
    )
    assert only(claims(text), "exaggerate").speakers == ("Park Ji-won",)


def test_a_headline_is_not_a_claim() -> None:
    text = "NIS says N. Korea sent 3,000 more troops\n\nNorth Korea sent 3,000 more troops, the NIS said on Monday."
    assert [c.text for c in claims(text)] == ["North Korea sent 3,000 more troops"]


def test_saying_takes_the_subject_of_the_sentence_as_speaker() -> None:
    text = "Rep. Kim Gi-woong defended the ministry, saying the soldiers are receiving counseling."
    assert only(claims(text), "counseling").speakers == ("Kim Gi-woong",)


def test_a_wire_dateline_is_no_part_of_the_first_claim() -> None:
    text = "SEOUL, Nov. 5 (Yonhap) -- North Korea has fired a missile, the Joint Chiefs of Staff said."
    assert only(claims(text), "missile").text == "North Korea has fired a missile"


def test_a_quote_attributed_by_a_long_apposition_after_said_is_direct() -> None:
    text = (
        "“Pyongyang is testing how we respond to it,” said Anna Marie Fischer, a senior fellow at "
        "the Center for Strategic and International Studies in Washington."
    )
    c = only(claims(text), "testing")
    assert (c.kind, c.speakers) == ("direct", ("Anna Marie Fischer",))


def test_earlier_this_month_is_not_the_briefing_reported() -> None:
    c = only(claims(BRIEFED + "Earlier this month, the NIS said 1,500 troops had left."), "1,500 troops")
    assert c.briefing is None


def test_according_to_ministry_data_makes_the_ministry_the_source() -> None:
    text = "The unification ministry spoke. Defections peaked at 2,914 in 2009, according to ministry data."
    assert only(claims(text), "2,914").source == "Ministry of Unification"


def test_an_apposition_without_a_name_between_the_speaker_and_the_verb_is_skipped() -> None:
    text = "Rep. Shin Sung-bum, the committee's ruling party secretary, said one prisoner is a rifleman."
    assert only(claims(text), "rifleman").speakers == ("Shin Sung-bum",)


def test_the_audience_told_before_that_is_no_part_of_the_claim() -> None:
    text = "JCS spokesperson Col. Lee Seong-jun told a regular briefing that the military stands ready."
    assert only(claims(text), "stands ready").text == "the military stands ready"


def test_what_a_lawmaker_says_the_organiser_found_is_relayed_from_it() -> None:
    c = only(
        claims(BRIEFED + "Rep. Noh said the agency had detected two warships near the line."), "warships"
    )
    assert c.source == "National Intelligence Service"


def test_she_after_a_claim_is_the_lawmaker_who_opens_a_sentence_since_after_her_title() -> None:
    text = (
        BRIEFED + "“The NIS sees a rise in attacks,” Rep. Noh said. "
        "Rebuilding Korea Party Rep. Park Eun-jeong criticized the response. “Seoul is far too slow,” she said."
    )
    c = only(claims(text), "too slow")
    assert (c.speakers, c.source) == (("Park Eun-jeong",), "Park Eun-jeong")


def test_an_unnamed_person_described_by_a_noun_is_a_generic_speaker() -> None:
    text = "A 24-year-old North Korean IT worker who defected last year told reporters that his unit earned money."
    c = only(claims(text), "his unit")
    assert c.speakers == () and c.speaker_organisations == ()


def test_citing_at_the_end_names_the_source_and_keeps_the_speaker() -> None:
    text = "Rep. Park Sun-won told reporters that Kim Jong-un had ordered suicide drones, citing the NIS."
    c = only(claims(text), "suicide drones")
    assert (c.speakers, c.source) == (("Park Sun-won",), "National Intelligence Service")
    assert c.text == "Kim Jong-un had ordered suicide drones"


def test_an_object_between_the_cue_and_that_is_no_part_of_the_claim() -> None:
    text = "Rep. Chun Ha-ram told reporters after the meeting of the committee that engineers were at Sinpo."
    assert only(claims(text), "engineers").text == "engineers were at Sinpo"


def test_according_to_a_lawmaker_with_an_apposition_starts_the_claim_after_it() -> None:
    text = "According to Rep. Kim Sang-hoon, who sits on the committee, the agency counted 9 million shells."
    c = only(claims(text), "9 million")
    assert c.text == "the agency counted 9 million shells"
    assert c.speakers == ("Kim Sang-hoon",)


def test_an_agency_statement_belongs_to_its_own_briefing_when_an_article_reports_two() -> None:
    text = (
        "The North could send 5,000 soldiers, the defense ministry told the Defense Committee on Monday.\n\n"
        "Separately, the National Intelligence Service briefed the Intelligence Committee on Tuesday, "
        "telling lawmakers that about 1,100 soldiers had been killed."
    )
    c = only(claims(text, dt.date(2024, 12, 18)), "1,100")
    assert (c.source, c.briefing) == ("National Intelligence Service", 1)


def test_a_reported_quotation_is_the_reporters_claim_with_the_quoted_source() -> None:
    from archive.extraction.pipeline import extract

    text = (
        "Rep. Oda Lenk of the Harbour Party spoke after the closed-door briefing by the National "
        'Intelligence Service. The agency also reported "the harbour master looked very tired during '
        'his visit on May 16" and a review of recent photos put his weight at around 90 kg, Lenk said.'
    )
    claims = [c for c in extract(text).claims if "looked very tired" in c.text]
    assert len(claims) == 1
    assert claims[0].speakers == ("Oda Lenk",)
    assert claims[0].source == "National Intelligence Service"
