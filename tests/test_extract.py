"""Extraction rules on sentences written for the tests (not copied from the seeds)."""
import pytest
from conftest import claims_of, only


def test_en_direct_quote_speaker_after_quote():
    claims = claims_of('"We will not accept this escalation," the foreign minister of Norway said on Tuesday.', "en")
    st = only(claims, "statement")
    assert len(st) == 1 and st[0].cue == "said"
    assert "foreign minister of Norway" in st[0].source.name


def test_en_pronoun_speaker_resolves_to_previous_speaker():
    text = ('Prime Minister Jacinda Ardern said the border would stay closed. '
            '"We are not there yet," she added.')
    st = only(claims_of(text, "en"), "statement")
    assert [c.source.name for c in st] == ["Jacinda Ardern", "Jacinda Ardern"]


def test_en_said_and_adding_are_two_mentions():
    text = 'The ministry said the convoy had been hit, adding that "no aid can reach the city".'
    st = only(claims_of(text, "en"), "statement")
    assert len(st) == 2
    assert {c.cue for c in st} == {"said", "adding"}
    assert st[0].end <= st[1].start


def test_en_according_to_gives_casualty_source():
    text = "Fifteen civilians were killed in the shelling of Kharkiv, according to the regional governor."
    cas = only(claims_of(text, "en"), "casualty")
    assert len(cas) == 1
    c = cas[0]
    assert (c.count_min, c.count_max, c.outcome) == (15, 15, "killed")
    assert c.source is not None and "governor" in c.source.name


def test_en_qualifiers_and_two_outcomes_in_one_sentence():
    text = "At least 40 people have been killed and more than 120 injured in the fighting, the UN said."
    cas = sorted(only(claims_of(text, "en"), "casualty"), key=lambda c: c.start)
    assert [(c.count_min, c.count_max, c.outcome) for c in cas] == [(40, None, "killed"), (121, None, "injured")]
    assert cas[0].end <= cas[1].start


def test_en_vague_quantities_and_non_victim_numbers_are_not_casualties():
    text = ("Dozens of soldiers were killed near the border. The army sent 300 tanks and 12 helicopters. "
            "The talks lasted 3 hours in 2019.")
    assert only(claims_of(text, "en"), "casualty") == []


def test_en_threat_with_condition():
    text = 'The president warned that his army would attack the rebels if they entered the capital.'
    th = only(claims_of(text, "en"), "threat")
    assert len(th) == 1
    assert "rebels" in (th[0].target or "")
    assert th[0].condition and th[0].condition.startswith("if they entered")


def test_en_said_about_the_past_is_not_a_threat():
    text = "The army said it struck several rebel positions overnight."
    claims = claims_of(text, "en")
    assert len(only(claims, "statement")) == 1 and only(claims, "threat") == []


def test_fr_inverted_speaker_and_title():
    text = "« Nous ne reculerons pas », a affirmé le ministre de l'Intérieur Gérald Darmanin dans un entretien."
    st = only(claims_of(text, "fr"), "statement")
    assert len(st) == 1 and st[0].source.name == "Gérald Darmanin"
    assert st[0].channel == "interview"


def test_fr_selon_with_number_words_and_date():
    text = ("Vingt-deux civils ont été tués, mardi 9 mars, dans un bombardement à Marib, "
            "selon les autorités locales.")
    cas = only(claims_of(text, "fr", date="2021-03"), "casualty")
    assert len(cas) == 1
    c = cas[0]
    assert (c.count_min, c.count_max, c.outcome, c.date) == (22, 22, "killed", "2021-03-09")
    assert c.source is not None and "autorités" in c.source.name


def test_fr_selon_tally_without_issuer_is_unattributed():
    text = "Selon le dernier bilan, plus d'une douzaine de policiers ont été blessés."
    claims = claims_of(text, "fr", date="2021-03")
    cas = only(claims, "casualty")
    assert len(cas) == 1 and cas[0].source is None and (cas[0].count_min, cas[0].outcome) == (13, "injured")
    assert only(claims, "statement") == []


def test_fr_threat_verb_with_target():
    text = "Le gouvernement grec menace de fermer ses frontières avec la Turquie."
    th = only(claims_of(text, "fr", date="2021-03"), "threat")
    assert len(th) == 1 and "Turquie" in (th[0].target or "")


def test_fr_relay_through_news_agency():
    text = "Les combats ont repris, a déclaré le porte-parole de l'armée à l'agence Reuters."
    st = only(claims_of(text, "fr"), "statement")
    assert len(st) == 1 and [h.agent.name for h in st[0].via] == ["Reuters"]


def test_fr_hypothetical_speech_is_not_a_statement():
    text = "Le ministre pourrait annoncer de nouvelles mesures la semaine prochaine."
    assert only(claims_of(text, "fr"), "statement") == []


def test_fr_glued_sentences_are_split():
    text = "Nos soldats seront vengés.Ahmet Yilmaz, porte-parole du ministère"
    claims = claims_of(text, "fr", date="2021-03")
    st = only(claims, "statement")
    assert len(st) == 1 and st[0].source.name == "Ahmet Yilmaz"


# --- dates, hedging, targets, counts (issue 3 second pass) ------------------------------------
def test_en_the_report_day_is_not_the_event_day():
    text = ("Twelve soldiers were killed in an ambush near Gao on Monday. "
            "Seven civilians were killed in the town, the army reported on Wednesday.")
    cas = sorted(only(claims_of(text, "en", "2021-06-10"), "casualty"), key=lambda c: c.start)
    assert [(c.count_min, c.date, c.date_text) for c in cas] == [(12, "2021-06-07", "Monday"), (7, "2021-06-10", None)]


def test_fr_future_date_is_not_the_reference_date():
    text = ("Le ministre a annulé le sommet du 12 avril prochain.\n\n"
            "Le président a menacé de frapper les positions rebelles.")
    threat = only(claims_of(text, "fr", "2022-03"), "threat")
    assert threat and threat[0].date == "2022-03"


def test_fr_conditional_from_the_form_is_hedged_and_irrealis():
    text = "Selon des diplomates, Kinshasa envisagerait des représailles après une frappe rwandaise sur Goma."
    threats = only(claims_of(text, "fr", "2023-02"), "threat")
    assert threats and threats[0].hedged
    assert threats[0].target == "Rwanda"  # whom the article blames for the strike


def test_en_retaliation_targets_whom_the_strikes_are_blamed_on():
    text = ("Nine soldiers died in air strikes attributed to the Sudanese army. "
            "The militia will retaliate, its commander said.")
    threats = only(claims_of(text, "en", "2023-05-02"), "threat")
    assert threats and threats[0].target and "Sudanese army" in threats[0].target


def test_fr_ultimatum_object_is_the_target_and_named_subject_beats_time_phrase():
    text = ("Ces dernières semaines, Paul Kagame a sommé le gouvernement congolais de retirer ses troupes, "
            "menaçant sinon de recourir à la force.")
    claims = claims_of(text, "fr", "2023-02")
    threat = only(claims, "threat")[0]
    assert threat.source.name == "Paul Kagame"
    assert threat.target == "Congolese government"


def test_fr_target_noun_with_nationality_is_given_in_english():
    text = "Le gouvernement a menacé de frapper les positions ukrainiennes si les tirs continuaient."
    threat = only(claims_of(text, "fr", "2022-04"), "threat")[0]
    assert threat.target == "Ukrainian positions"


def test_fr_un_million_is_a_definite_count_but_des_millions_is_not():
    text = "La guerre a déplacé près d'un million de personnes, et des millions de civils ont fui."
    cas = only(claims_of(text, "fr", "2022-04"), "casualty")
    assert [(c.count_min, c.count_max, c.outcome) for c in cas] == [(900000, 1000000, "displaced")]


def test_victim_groups_match_across_languages():
    en = only(claims_of("At least 8 Malian soldiers were killed on Sunday.", "en", "2022-01-10"), "casualty")[0]
    fr = only(claims_of("Au moins 9 soldats maliens ont été tués dimanche.", "fr", "2022-01-10"), "casualty")[0]
    assert en.victim_group == fr.victim_group == "military|Mali"
    police = only(claims_of("Four police officers were wounded in Kano.", "en", "2022-01-10"), "casualty")[0]
    assert police.victim_group.startswith("police|")


# --- who can be a source ------------------------------------------------------------------------
def test_fr_topic_marker_is_not_the_speaker():
    text = "Côté diplomatie, la ministre norvégienne des Affaires étrangères, a estimé que la situation était grave."
    st = only(claims_of(text, "fr", "2022-05"), "statement")
    assert st and "ministre" in st[0].source.name and "Côté" not in st[0].source.name


def test_en_a_non_agent_noun_is_never_the_source():
    text = "After the deaths of 12 miners, the company said it would close the site."
    st = only(claims_of(text, "en", "2022-05-03"), "statement")
    assert [c.source.name for c in st] == ["company"]



def test_running_toll_after_a_count_noun_in_both_languages():
    en = only(claims_of("The attack brings the number of civilians killed in Goma since January to at least 27.",
                        "en", "2023-03-02"), "casualty")
    assert [(c.count_min, c.count_max, c.outcome, c.cumulative) for c in en] == [(27, None, "killed", True)]
    fr = only(claims_of("Cette attaque porte le nombre de civils tués à Goma depuis janvier à 27.", "fr", "2023-03"),
              "casualty")
    assert [(c.count_min, c.outcome, c.cumulative) for c in fr] == [(27, "killed", True)]
    assert not only(claims_of("The number of schools closed in Goma rose to 12.", "en", "2023-03-02"), "casualty")


def test_embedded_tweet_is_a_statement_of_its_author():
    text = ('The fire spread quickly.\n<tweet id="1" author="@harbourwatch" datetime="2021-03-02">Smoke over the '
            'old dock, two engines on site</tweet>\nFirefighters arrived at noon.')
    st = [c for c in only(claims_of(text, "en"), "statement") if c.rule == "statement.embedded_post"]
    assert len(st) == 1
    assert st[0].source.name == "@harbourwatch" and st[0].cue == "tweet"
    assert text[st[0].start:st[0].end].startswith("<tweet") and text[st[0].start:st[0].end].endswith("</tweet>")


def test_markup_without_an_author_is_not_a_statement():
    text = "<tweet>Nothing to see</tweet> The council met on Monday."
    assert not [c for c in claims_of(text, "en") if c.rule == "statement.embedded_post"]


def test_doubled_apostrophes_quote_and_split_sentences():
    text = ("The minister defended the plan and blamed the weather. ''After the storm, every road was closed,'' "
            "he said.")
    st = only(claims_of(text, "en"), "statement")
    said = [c for c in st if c.cue == "said"]
    assert len(said) == 1 and text[said[0].start:said[0].end].startswith("''After")


def test_en_single_victim_counts_one():
    cas = only(claims_of("A cyclist was killed when the bus skidded on the bridge.", "en"), "casualty")
    assert [(c.count_min, c.count_max, c.outcome) for c in cas] == [(1, 1, "killed")]
    cas = only(claims_of("The gunmen shot dead a night guard before fleeing, police said.", "en"), "casualty")
    assert [(c.count_min, c.outcome) for c in cas] == [(1, "killed")] and cas[0].source.name.lower() == "police"


def test_en_intended_or_denied_killing_is_no_count():
    for text in ("The kidnappers threatened to kill a hostage if the ransom was not paid.",
                 "A soldier could be killed if the convoy leaves tonight.",
                 "No officer was killed in the raid."):
        assert not only(claims_of(text, "en"), "casualty"), text


def test_fr_single_victim_counts_one():
    cas = only(claims_of("Un gendarme a été tué vendredi lors d'un contrôle routier près de Lyon.", "fr"), "casualty")
    assert [(c.count_min, c.count_max, c.outcome) for c in cas] == [(1, 1, "killed")]
    cas = only(claims_of("Le tireur a pris la fuite en tuant un passant.", "fr"), "casualty")
    assert [(c.count_min, c.outcome) for c in cas] == [(1, "killed")]


def test_fr_intended_or_referred_death_is_no_count():
    for text in ("Le groupe menace de tuer un otage.",
                 "Un soldat pourrait être blessé si le convoi part ce soir.",
                 "La mort du général a été annoncée dans la soirée."):
        assert not only(claims_of(text, "fr"), "casualty"), text


def test_en_promise_of_a_hostile_act_is_a_threat_and_of_a_school_is_not():
    assert only(claims_of("The militia commander vowed to attack the airport if the talks fail.", "en"), "threat")
    for text in ("The mayor promised to build a new school next year.",
                 "Analysts warned that the attacks may trigger a backlash among voters.",
                 "The convoy was threatened by a landslide on Monday."):
        assert not only(claims_of(text, "en"), "threat"), text


def test_fr_promise_of_a_hostile_act_is_a_threat_and_of_a_school_is_not():
    assert only(claims_of("Le chef du groupe a juré de frapper les positions de l'armée.", "fr"), "threat")
    assert only(claims_of("Le ministre a rappelé ses menaces de bombarder le port.", "fr"), "threat")
    for text in ("Le maire a promis de construire une école l'an prochain.",
                 "La menace des auteurs isolés augmente, selon le ministre.",
                 "Un avion a été menacé par un missile au-dessus de la ville."):
        assert not only(claims_of(text, "fr"), "threat"), text


# --- sources on real-article patterns (written for the tests) -----------------------------------
def test_en_the_group_refers_back_to_the_group_named_before():
    text = ("The militant group Harakat Sabil claimed the attack on Monday. "
            "\"More will follow,\" the group said in a statement.")
    said = [c for c in only(claims_of(text, "en"), "statement") if c.cue == "said"]
    assert said and said[0].source.name == "Harakat Sabil"


def test_fr_l_organisation_refers_back_to_the_organisation_named_before():
    text = ("L'organisation rebelle Front Uni a revendiqué l'attaque. "
            "« Ce n'est qu'un début », prévient l'organisation dans un communiqué.")
    warn = [c for c in only(claims_of(text, "fr"), "statement") if c.cue and "prévient" in c.cue]
    assert warn and warn[0].source.name == "Front Uni"


def test_en_a_name_that_only_modifies_the_subject_is_not_the_source():
    st = only(claims_of("The Delgado administration said the port would reopen.", "en"), "statement")
    assert st and st[0].source.name != "Delgado"


def test_fr_speaker_named_after_an_addressee_or_a_place():
    text = "« Nous reconstruirons le pont », a déclaré à la radio locale le maire de Brest, Paul Kermarrec."
    st = only(claims_of(text, "fr"), "statement")
    assert st and st[0].source.name == "Paul Kermarrec"


def test_fr_inverted_clitic_subject_resolves_to_the_last_speaker():
    text = ("La ministre de la Santé Claire Vautrin a visité l'hôpital. "
            "« Les urgences sont saturées », a-t-elle constaté.")
    st = [c for c in only(claims_of(text, "fr"), "statement") if "constaté" in (c.cue or "")]
    assert st and st[0].source.name == "Claire Vautrin"


def test_en_pronoun_skips_a_person_named_inside_the_quotation():
    text = ("Mayor Ines Okafor opened the new bridge on Friday. "
            "\"No thanks to Governor Tom Reilly,\" she added.")
    st = [c for c in only(claims_of(text, "en"), "statement") if c.cue == "added"]
    assert st and st[0].source.name == "Ines Okafor"


def test_en_toll_given_by_a_tally_construction():
    cas = only(claims_of("Officials now put the death toll at 57.", "en"), "casualty")
    assert [(c.count_min, c.count_max, c.outcome) for c in cas] == [(57, 57, "killed")]
    cas = only(claims_of("The floods brought the number of people killed to at least 80.", "en"), "casualty")
    assert [(c.count_min, c.count_max, c.outcome, c.cumulative) for c in cas] == [(80, None, "killed", True)]


def test_fr_toll_given_by_a_tally_construction():
    cas = only(claims_of("Les autorités ont porté le nombre de civils tués à 12.", "fr"), "casualty")
    assert [(c.count_min, c.outcome, c.cumulative) for c in cas] == [(12, "killed", True)]
    cas = only(claims_of("Le bilan s'est encore alourdi à 27 morts dans la province.", "fr"), "casualty")
    assert [(c.count_min, c.outcome, c.cumulative) for c in cas] == [(27, "killed", True)]


def test_en_no_longer_holding_back_migrants_is_a_threat_and_a_past_opening_is_not():
    assert only(claims_of("The president said his country would no longer stop migrants heading to Europe.", "en"),
                "threat")
    assert not only(claims_of("Whoever opened the borders has no place here, a reader wrote.", "en"), "threat")


def test_fr_ne_plus_retenir_is_a_threat_in_any_tense():
    for text in ("Le gouvernement a prévenu qu'il ne retiendrait plus les réfugiés à la frontière.",
                 "Ankara pourrait annoncer ne plus empêcher les migrants de partir vers l'Europe."):
        assert only(claims_of(text, "fr"), "threat"), text


def test_run_in_headings_and_bullets_glued_to_sentences_are_split():
    from claimgraph import nlp

    doc = nlp.parse("Le bilan s'est alourdi.- Secours débordés -Les pompiers ont annoncé la fermeture du pont.", "fr")
    assert [s.text.strip() for s in doc.sents] == ["Le bilan s'est alourdi.", "- Secours débordés",
                                                   "-Les pompiers ont annoncé la fermeture du pont."]
    doc = nlp.parse("The toll rose.• Rescue teams overwhelmed. The U.S.-Russian talks - long delayed - resumed.", "en")
    assert [s.text.strip() for s in doc.sents] == ["The toll rose.", "• Rescue teams overwhelmed.",
                                                   "The U.S.-Russian talks - long delayed - resumed."]


@pytest.mark.parametrize("language, text", [
    ("fr", "Les secouristes ont retrouvé des enfants blessés ; les bombardements reprendraient, "
           "ont-ils prévenu. Des maisons détruites, des villageoises déplacées, une gouvernance débordée."),
    ("en", "Rescuers found wounded children; the shelling would resume, they warned. Houses destroyed, "
           "villagers displaced, the governorates overwhelmed."),
])
def test_lemmas_are_those_of_the_pipeline_as_shipped(language, text):
    """The lemmatiser's word lists are sets in claimgraph's pipelines (nlp.indexed_lemmas); the
    package loaded as it ships, and loaded with its lists made sets, give the same lemmas."""
    from claimgraph import nlp

    def lists(pipeline):
        return list(pipeline.get_pipe("lemmatizer").lookups.get_table("lemma_index").values())

    assert lists(nlp.pipeline(language)) and all(isinstance(words, frozenset) for words in lists(nlp.pipeline(language)))
    shipped, indexed = nlp._package(language).load(), nlp._package(language).load()
    nlp.indexed_lemmas(indexed)
    assert all(isinstance(words, list) for words in lists(shipped))
    assert all(isinstance(words, frozenset) for words in lists(indexed))
    expected = [(t.text, t.lemma_) for t in shipped(text)]
    assert [(t.text, t.lemma_) for t in indexed(text)] == expected
    assert sum(1 for word, lemma in expected if word.lower() != lemma) >= 8


def test_en_speech_act_expressed_by_a_noun():
    st = only(claims_of("The water ministry issued a warning that the dam could fail within days.", "en"), "statement")
    assert len(st) == 1 and st[0].rule == "statement.noun" and "ministry" in st[0].source.name.lower()
    for text in ("The singer posted a message on her page.", "The ministry issued a statement on Monday."):
        assert not only(claims_of(text, "en"), "statement"), text


def test_fr_speech_act_expressed_by_a_noun():
    st = only(claims_of("Le syndicat a adressé des critiques au gouvernement.", "fr"), "statement")
    assert len(st) == 1 and st[0].rule == "statement.noun" and "syndicat" in st[0].source.name.lower()
    for text in ("Le club a publié une photo du stade.", "La mairie a fait une déclaration lundi."):
        assert not only(claims_of(text, "fr"), "statement"), text


def test_migrants_and_refugees_are_displaced_unless_killed():
    cas = only(claims_of("The country took in more than one million migrants last year.", "en"), "casualty")
    assert [(c.count_min, c.outcome) for c in cas] == [(1_000_001, "displaced")]
    cas = only(claims_of("Forty migrants drowned when their boat capsized.", "en"), "casualty")
    assert [(c.count_min, c.outcome) for c in cas] == [(40, "killed")]
    cas = only(claims_of("Près de 300 migrants ont été accueillis dans la ville.", "fr"), "casualty")
    assert [c.outcome for c in cas] == ["displaced"]


def test_second_speech_act_in_a_compound_tense_or_a_new_content_participle():
    st = only(claims_of("Le club a confirmé le départ de l'entraîneur et annoncé son remplaçant.", "fr"), "statement")
    assert len(st) == 2
    st = only(claims_of("The union denounced the closure, accusing the owners of hiding losses.", "en"), "statement")
    assert len(st) == 2
    st = only(claims_of("The minister said the plan was ready, saying it would pass.", "en"), "statement")
    assert len(st) == 1


def test_fr_multiword_and_reflexive_reporting_verbs():
    assert only(claims_of("Le gouvernement a mis en garde lundi contre la menace terroriste.", "fr"), "statement")
    assert only(claims_of("Plusieurs députés se sont inquiétés des conséquences de la réforme.", "fr"), "statement")
    assert not only(claims_of("Cette décision inquiète beaucoup les habitants du quartier.", "fr"), "statement")


def test_call_with_a_long_addressee_or_a_predicate():
    st = only(claims_of("Le maire a appelé les dirigeants des deux clubs rivaux à la retenue.", "fr"), "statement")
    assert len(st) == 1
    st = only(claims_of("The coach called the defeat a wake-up call.", "en"), "statement")
    assert len(st) == 1
    assert not only(claims_of("The coach called his mother on Sunday.", "en"), "statement")


def test_fr_speaker_named_before_an_apposition_the_parser_took_for_the_subject():
    text = "Jeudi, le sénateur écologiste Paul Marchal, proche allié du maire a menacé la préfecture de poursuites."
    st = only(claims_of(text, "fr"), "statement")
    assert st and st[0].source.name == "Paul Marchal"


def test_en_a_surname_the_tagger_took_for_a_title_is_the_person():
    text = ("Congressman Pete King spoke after the hearing. "
            "King said the general's testimony differed from his earlier account.")
    st = [c for c in only(claims_of(text, "en"), "statement") if c.cue == "said"]
    assert st and st[0].source.name == "Pete King"


def test_en_speaker_of_participles_and_gerunds_far_from_a_noun():
    text = ("The mayor Ana Ruiz surprised everyone on Monday, as she did last year, by announcing "
            "that the port would close.")
    st = only(claims_of(text, "en"), "statement")
    assert st and st[0].source.name == "Ana Ruiz"
    text = ("Governor Tom Hale rose to the defense of Jim Borg, the embattled manager of the city's "
            "largest port, who is under investigation, saying the manager deserved a medal.")
    st = only(claims_of(text, "en"), "statement")
    assert st and st[0].source.name == "Tom Hale"


def test_en_object_controls_the_infinitive():
    text = ("Mayor Ana Ruiz answered questions for an hour. The format allowed her to reassure residents "
            "that the water was safe.")
    st = [c for c in only(claims_of(text, "en"), "statement") if "reassure" in (c.cue or "")]
    assert st and st[0].source.name == "Ana Ruiz"


def test_en_quoted_as_saying_attributes_to_the_quoted_person_via_the_outlet():
    text = "The Daily Herald quoted a nurse as saying the ward was full."
    st = only(claims_of(text, "en"), "statement")
    assert len(st) == 1 and st[0].source.name == "nurse"
    assert [h.agent.name.removeprefix("The ") for h in st[0].via] == ["Daily Herald"]


@pytest.mark.parametrize("text, language, expected", [
    ("Storm kills 14 in coastal towns.", "en", [(14, 14, "killed")]),
    ("A landslide killed 9 in the valley on Sunday.", "en", [(9, 9, "killed")]),
    ("Six people died and 40 others were injured.", "en", [(6, 6, "killed"), (40, 40, "injured")]),
    ("Rescuers recovered the bodies of 23 passengers.", "en", [(23, 23, "killed")]),
    ("Four engineers were assassinated near the dam.", "en", [(4, 4, "killed")]),
    ("Half of the 8,000 residents fled.", "en", [(4000, 4000, "displaced")]),
    ("At least  40 people were killed.", "en", [(40, None, "killed")]),
    ("Les secouristes ont retrouvé les corps de 12 pêcheurs.", "fr", [(12, 12, "killed")]),
    ("Huit ouvriers ont été tués et 20 autres blessés.", "fr", [(8, 8, "killed"), (20, 20, "injured")]),
    ("La moitié des 900 habitants ont fui.", "fr", [(450, 450, "displaced")]),
])
def test_counts_without_a_listed_victim_noun(text, language, expected):
    cas = sorted(only(claims_of(text, language), "casualty"), key=lambda c: c.start)
    assert [(c.count_min, c.count_max, c.outcome) for c in cas] == expected


def test_no_count_of_houses_or_of_a_place():
    assert not only(claims_of("Forty houses burned in the fire.", "en"), "casualty")
    assert not only(claims_of("Quarante maisons ont brûlé dans l'incendie.", "fr"), "casualty")


def test_incitement_to_a_hostile_act_is_a_threat():
    assert only(claims_of("The group urged its supporters to attack police stations.", "en"), "threat")
    assert only(claims_of("Le chef du groupe a appelé ses partisans à attaquer les commissariats.", "fr"), "threat")
    assert not only(claims_of("The mayor urged residents to vote on Sunday.", "en"), "threat")
    assert not only(claims_of("Rising sea levels threaten our coast.", "en"), "statement")
    assert not only(claims_of("No official has confirmed the figure.", "en"), "statement")


def test_fr_opinion_frame_pour_x():
    st = only(claims_of("Pour les syndicats, la réforme des retraites est injuste.", "fr"), "statement")
    assert len(st) == 1 and st[0].source.name == "syndicats"
    assert not only(claims_of("Pour protéger les habitants, la ville a fermé le pont.", "fr"), "statement")


def test_fr_speaker_after_an_addressee_and_a_date_is_a_title():
    st = only(claims_of("« Les écoles rouvriront », a indiqué mardi à la presse locale un adjoint du maire.", "fr"),
              "statement")
    assert len(st) == 1 and "adjoint" in st[0].source.name


def test_en_infinitive_of_a_noun_speaks_for_its_clause_and_passive_posts_with_an_agent():
    st = only(claims_of("The governor Ana Ruiz went out of her way to say that the dam was safe.", "en"), "statement")
    assert st and st[0].source.name == "Ana Ruiz"
    st = only(claims_of("The warning was tweeted by several residents of the valley.", "en"), "statement")
    assert st and "residents" in st[0].source.name


def test_fr_second_act_sharing_the_auxiliary_is_a_mention_of_its_own():
    text = ("La ministre a relevé que les services avaient déjoué huit projets d'attentats, "
            "et réitéré la promesse du gouvernement de tirer les leçons de l'attaque.")
    st = only(claims_of(text, "fr"), "statement")
    assert len(st) == 2


def test_according_to_before_a_speaker_is_a_relay():
    text = "Selon l'agence Reuters, le ministre de la Défense a affirmé que les troupes resteraient."
    st = only(claims_of(text, "fr"), "statement")
    assert len(st) == 1 and "ministre" in st[0].source.name and [h.agent.name for h in st[0].via] == ["Reuters"]
    text = "The minister said the troops would stay, according to Reuters."
    st = only(claims_of(text, "en"), "statement")
    assert st and st[0].source.name == "minister"
