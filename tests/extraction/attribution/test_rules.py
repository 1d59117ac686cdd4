"""Each attribution rule on the construction it is named for (invented texts, invented people)."""

from __future__ import annotations

from collections.abc import Callable

from archive.extraction.attribution import rules
from archive.extraction.types import Claim

Claims = Callable[[str], list[Claim]]
Only = Callable[[list[Claim], str], Claim]


def test_the_rules_are_tried_in_their_listed_order() -> None:
    names = [r.__name__ for r in rules.RULES]
    assert names[:3] == ["transcript_turn", "tagged_speech", "quotation"]
    assert names.index("cue_complement") < names.index("according_to")


def test_transcript_turn_gives_each_paragraph_of_a_turn_to_its_speaker(claims: Claims, only: Only) -> None:
    text = (
        "MS. HANNA VOSS: We believe the bridge at Tarn was closed on Monday.\n"
        "Repairs will take three weeks.\n"
        "Q: Will it reopen before winter?\n"
    )
    found = claims(text)
    bridge = only(found, "bridge at Tarn")
    assert (bridge.speakers, bridge.kind, bridge.cue) == (("Hanna Voss",), "direct", "transcript")
    assert only(found, "three weeks").speakers == ("Hanna Voss",)
    assert not [c for c in found if "reopen" in c.text]  # a question is no claim


def test_tagged_speech_reads_a_bracketed_broadcast_bite(claims: Claims, only: Only) -> None:
    text = "[Rep. Woo Ji-han/Committee Member/Justice Party: “The tunnels were flooded in March.”]"
    c = only(claims(text), "tunnels were flooded")
    assert (c.speakers, c.cue) == (("Woo Ji-han",), "sound bite")


def test_quotation_takes_the_speaker_named_after_the_quote(claims: Claims, only: Only) -> None:
    c = only(claims("“The pass is blocked by snow,” Rep. Yang Mi-so told reporters."), "pass is blocked")
    assert (c.kind, c.speakers) == ("direct", ("Yang Mi-so",))
    assert c.cue_span is not None and c.source_span is not None


def test_quotation_split_by_its_cue_is_one_claim_in_two_parts(claims: Claims, only: Only) -> None:
    text = "“The pass is blocked,” said Rep. Yang Mi-so, “and the road will stay shut until May.”"
    c = only(claims(text), "pass is blocked")
    assert [text[s:e] for s, e in c.parts] == ["The pass is blocked", "and the road will stay shut until May"]


def test_quotation_inside_a_reported_clause_stays_one_indirect_claim(claims: Claims, only: Only) -> None:
    text = "Rep. Yang Mi-so said the closure was “a grave failure of planning” by the ministry."
    c = only(claims(text), "grave failure")
    assert c.kind == "indirect"
    assert c.text.startswith("the closure was")


def test_cue_complement_reads_a_clause_before_its_cue(claims: Claims, only: Only) -> None:
    c = only(claims("Forty boats left the harbour at dawn, Rep. Yang Mi-so said."), "Forty boats")
    assert (c.text, c.speakers, c.cue) == ("Forty boats left the harbour at dawn", ("Yang Mi-so",), "said")


def test_cue_complement_keeps_both_hops_of_a_nested_attribution(claims: Claims, only: Only) -> None:
    text = "Rep. Yang Mi-so said the NIS told lawmakers that forty boats had left the harbour."
    c = only(claims(text), "forty boats")
    assert c.speakers == ("Yang Mi-so",)
    assert c.source == "National Intelligence Service"


def test_cue_complement_takes_a_passive_agent_as_speaker(claims: Claims, only: Only) -> None:
    text = "It was announced by Rep. Yang Mi-so that the harbour would close for a month."
    assert only(claims(text), "harbour would close").speakers == ("Yang Mi-so",)


def test_cue_complement_carries_a_subject_through_coordination(claims: Claims, only: Only) -> None:
    text = "Rep. Yang Mi-so met reporters on Friday and said that the harbour had been closed for a month."
    assert only(claims(text), "harbour had been").speakers == ("Yang Mi-so",)


def test_a_denial_is_a_claim(claims: Claims, only: Only) -> None:
    c = only(claims("The ministry denied that any boats had left the harbour."), "any boats")
    assert c.cue == "denied"


def test_a_question_is_no_claim(claims: Claims) -> None:
    assert claims("Rep. Yang Mi-so asked whether the harbour would reopen in spring.") == []


def test_according_to_makes_its_object_the_speaker(claims: Claims, only: Only) -> None:
    c = only(claims("According to Rep. Yang Mi-so, the harbour closed on Monday."), "harbour closed")
    assert (c.speakers, c.cue) == (("Yang Mi-so",), "according to")


def test_citing_names_where_a_speaker_has_it_from(claims: Claims, only: Only) -> None:
    text = "Rep. Yang Mi-so said the harbour closed on Monday, citing the NIS."
    c = only(claims(text), "harbour closed")
    assert (c.speakers, c.source) == (("Yang Mi-so",), "National Intelligence Service")
    assert "citing" not in c.text


def test_content_noun_reads_an_assessment_with_its_owner(claims: Claims, only: Only) -> None:
    text = "Lawmakers shared the NIS's assessment that the harbour had been mined."
    c = only(claims(text), "harbour had been mined")
    assert c.speaker_organisations == ("National Intelligence Service",)


def test_estimate_revision_is_the_revision_itself(claims: Claims, only: Only) -> None:
    c = only(claims("The NIS raised its estimate of the dead to 900 on Tuesday."), "900")
    assert c.text.startswith("raised its estimate")
    assert c.speaker_organisations == ("National Intelligence Service",)


def test_a_headline_is_no_claim(claims: Claims) -> None:
    assert claims("Agency says harbour mined\n") == []


def test_a_quoted_question_is_no_claim(claims: Claims) -> None:
    assert claims("“Will the harbour reopen before the winter storms?” Rep. Yang Mi-so asked.") == []


def test_a_lead_in_cue_speaks_for_a_quotation_that_runs_over_two_paragraphs(
    claims: Claims, only: Only
) -> None:
    text = (
        "Reps. Yang Mi-so and Cho Dae-ho told reporters, “The harbour is closed. Boats wait outside.\n\n"
        "“The ferries were moved to Tarn,” they added."
    )
    c = only(claims(text), "harbour is closed")
    assert set(c.speakers) == {"Yang Mi-so", "Cho Dae-ho"}


def test_a_relayer_speaks_and_the_relayed_subject_is_the_source(claims: Claims, only: Only) -> None:
    text = "Rep. Yang Mi-so relayed, the NIS told lawmakers that the harbour “will stay closed for a month.”"
    c = only(claims(text), "harbour")
    assert (c.speakers, c.source) == (("Yang Mi-so",), "National Intelligence Service")


def test_a_reported_clause_runs_to_the_end_of_its_sentence(claims: Claims, only: Only) -> None:
    text = "The NIS believes roughly 600 sailors have died at sea and another two-thousand-100 have been injured."
    c = only(claims(text), "600 sailors")
    assert c.text.endswith("have been injured")
    assert {(f.category, f.value) for f in c.figures} >= {("wounded", 2100)}


def test_a_schedule_announcement_is_no_claim(claims: Claims) -> None:
    text = "MS. HANNA VOSS: Later this week the minister will visit the harbour at Tarn.\n"
    assert claims(text) == []


def test_a_lawmaker_quoting_the_agency_in_the_first_person_still_relays_it(
    claims: Claims, only: Only
) -> None:
    text = "“We are certain the harbour was mined,” Rep. Yang Mi-so quoted the NIS as saying."
    c = only(claims(text), "harbour was mined")
    assert (c.speakers, c.source) == (("Yang Mi-so",), "National Intelligence Service")


def test_an_attribution_inside_a_quotation_is_its_source(claims: Claims, only: Only) -> None:
    text = "“As for the harbour, the NIS assessed that it was mined in May,” Rep. Yang Mi-so told reporters."
    c = only(claims(text), "harbour")
    assert (c.speakers, c.source) == (("Yang Mi-so",), "National Intelligence Service")


def test_a_stance_cue_is_part_of_the_claim_while_a_neutral_cue_is_not(claims: Claims, only: Only) -> None:
    text = (
        "The coast guard believes that the ferry sank near Orlen. "
        "The harbour office has repeatedly denied that any crew were missing. "
        "The harbour office said the port would reopen in June."
    )
    found = claims(text)
    belief = only(found, "ferry sank")
    assert belief.text == "The coast guard believes that the ferry sank near Orlen"
    assert [text[s:e] for s, e in belief.parts] == ["the ferry sank near Orlen"]  # the content proper
    denial = only(found, "crew were missing")
    assert denial.text.startswith("The harbour office has repeatedly denied that")
    assert only(found, "reopen").text == "the port would reopen in June"


def test_a_negated_cue_stays_with_its_content(claims: Claims, only: Only) -> None:
    c = only(claims("The ministry would not confirm that the two divers had been found."), "divers")
    assert c.text.startswith("The ministry would not confirm that")


def test_one_of_a_group_speaks_for_the_group(claims: Claims, only: Only) -> None:
    text = "According to one of the harbour office's inspectors, the pier at Orlen has not been repaired."
    c = only(claims(text), "pier at Orlen")
    assert c.speaker_description == "one of the harbour office's inspectors"
    named = "One of the inspectors, Rep. Oda Lenk, said the pier at Orlen was unsafe."
    assert only(claims(named), "pier at Orlen").speakers == ("Oda Lenk",)


def test_a_closing_cue_after_a_comma_takes_the_short_phrase_before_it_as_speaker(
    claims: Claims, only: Only
) -> None:
    text = (
        "Some of the boats the fleet sent north were crewed by cadets and other people with "
        "“records” at home, regional newspapers reported."
    )
    c = only(claims(text), "crewed by cadets")
    assert c.text.startswith("Some of the boats")
    assert c.speaker_description == "regional newspapers"


def test_a_closing_cue_after_a_described_speaker_takes_the_sentence_before_as_content(
    claims: Claims, only: Only
) -> None:
    text = (
        "The coast guard estimated that the ferry carried about 300 passengers, Rep. Oda Lenk, "
        "a lawmaker briefed by the agency, told reporters Friday. "
        "A harbour pilot was one of the crew arrested for ignoring a storm warning, a member of the "
        "transport committee, Rep. Ivo Marsh, quoted an unnamed official as saying."
    )
    found = claims(text)
    ferry = only(found, "300 passengers")
    assert ferry.speakers == ("Oda Lenk",)
    assert "Oda Lenk" not in ferry.text and "agency" not in ferry.text
    pilot = only(found, "harbour pilot")
    assert pilot.text == "A harbour pilot was one of the crew arrested for ignoring a storm warning"
    assert pilot.speakers == ("Ivo Marsh",)


def test_a_negated_cue_with_no_content_of_its_own_takes_nothing_before_it(claims: Claims) -> None:
    text = "Rep. Oda Lenk said the pilot had escaped through a side gate but that officials didn't specify where."
    assert [c.speakers for c in claims(text)] == [("Oda Lenk",)]


def test_a_quote_split_by_a_long_attribution_is_one_claim(claims: Claims, only: Only) -> None:
    text = (
        "“The eastern gate has been closed since Monday,” Democratic Rep. Oda Lenk, a member of the "
        "transport committee, said through a briefing, relaying the findings of the port report, "
        "“and the western gate will close in May.” Later, the harbour office said the port was calm."
    )
    found = claims(text)
    c = only(found, "eastern gate")
    assert c.speakers == ("Oda Lenk",)
    assert [text[s:e] for s, e in c.parts][-1] == "and the western gate will close in May"
    assert only(found, "port was calm").speaker_description == "the harbour office"


def test_a_quote_after_adding_carries_on_the_quote_before(claims: Claims, only: Only) -> None:
    text = (
        "Rep. Oda Lenk said, “The ferries stopped running in March because of the storms,” adding, "
        "“It is assessed that the service will resume after the repairs.”"
    )
    c = only(claims(text), "ferries stopped")
    assert "service will resume" in c.text and c.speakers == ("Oda Lenk",)


def test_content_noun_owned_by_a_pronoun_takes_the_clause_subject(claims: Claims, only: Only) -> None:
    text = "Rep. Oda Lenk made the remarks, revising her earlier explanation that the dam seems to have been repaired."
    assert only(claims(text), "dam seems to have been repaired").speakers == ("Oda Lenk",)


def test_content_noun_with_nobody_behind_it_is_an_unnamed_source(claims: Claims, only: Only) -> None:
    text = "This led to allegations that the harbour office was hiding the damage from inspectors."
    c = only(claims(text), "hiding the damage")
    assert (c.speakers, c.speaker_description) == ((), "an unnamed source")
    denial = "The harbour office said it could not confirm the rumors that the pier had collapsed."
    assert [c.text for c in claims(denial)] == ["it could not confirm the rumors that the pier had collapsed"]


def test_an_infinitive_is_the_content_of_a_promise_or_an_urging(claims: Claims, only: Only) -> None:
    text = (
        "During the visit, President Ivo Marsh promised to rebuild the harbour at Orlen. "
        "Mayor Oda Lenk condemned the closure, urging the ministry to reopen the ferry line."
    )
    found = claims(text)
    assert (
        only(found, "rebuild the harbour").text
        == "President Ivo Marsh promised to rebuild the harbour at Orlen"
    )
    urging = only(found, "reopen the ferry")
    assert urging.text == "urging the ministry to reopen the ferry line"
    assert urging.speakers == ("Oda Lenk",)


def test_refer_to_attributes_only_with_as(claims: Claims, only: Only) -> None:
    text = (
        "Regional state media have not named the girl, referring to her as the mayor’s “beloved daughter.” "
        "People with “difficult backgrounds” refers to families of sailors who left the port, "
        "according to the harbour office."
    )
    found = claims(text)
    assert only(found, "beloved daughter").text == "referring to her as the mayor’s “beloved daughter.”"
    assert only(found, "families of sailors").cue == "according to"


def test_a_subordinate_clause_after_the_content_is_not_its_cue(claims: Claims) -> None:
    text = "Officials said the flood had killed at least 12 people, though the toll was expected to rise."
    (c,) = claims(text)
    assert (c.speaker_description, c.cue) == ("Officials", "said")
    assert c.text.startswith("the flood had killed")


def test_accused_of_keeps_the_object_and_the_accusation(claims: Claims, only: Only) -> None:
    c = only(claims("Rep. Oda Lenk accused the harbour master of hiding the damage."), "hiding the damage")
    assert c.text == "Rep. Oda Lenk accused the harbour master of hiding the damage"
    assert c.speakers == ("Oda Lenk",)


def test_a_cue_set_off_by_commas_inside_its_content_gives_a_claim_in_two_parts(
    claims: Claims, only: Only
) -> None:
    text = "The new bridge, Mayor Oda Lenk said on Friday, would open to traffic in May."
    c = only(claims(text), "open to traffic")
    assert c.speakers == ("Oda Lenk",)
    assert [text[s:e] for s, e in c.parts] == ["The new bridge", "would open to traffic in May"]


def test_a_quotation_opening_with_when_or_if_is_no_question(claims: Claims, only: Only) -> None:
    text = "“When the tide turns, the ferries will sail again,” Mayor Oda Lenk said."
    assert only(claims(text), "ferries will sail").speakers == ("Oda Lenk",)


def test_a_coordinated_passive_hearsay_keeps_what_is_said(claims: Claims, only: Only) -> None:
    text = "Mayor Oda Lenk was seen leaving the harbour early and was said to have argued with the pilots."
    c = only(claims(text), "argued with the pilots")
    assert (c.text, c.speaker_description) == ("was said to have argued with the pilots", "an unnamed source")


def test_a_that_clause_after_for_the_first_time_is_the_content(claims: Claims, only: Only) -> None:
    text = "The count came two days after Pyongyang confirmed for the first time that it had sent divers to the wreck."
    c = only(claims(text), "sent divers")
    assert c.speaker_organisations == ("Government of North Korea",)


def test_called_attributes_only_as_called_x_a_y(claims: Claims, only: Only) -> None:
    text = "Mayor Oda Lenk called the ferry plan a costly mistake. The harbour office called a meeting."
    found = claims(text)
    assert only(found, "costly mistake").text == "Mayor Oda Lenk called the ferry plan a costly mistake"
    assert not [c for c in found if "meeting" in c.text]
