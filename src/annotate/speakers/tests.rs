use super::*;
use crate::annotate::quotes;

fn run(body: &str) -> Vec<Quote> {
    let people = People::find(body);
    attribute(body, quotes::find(body), &people)
}

fn speakers(body: &str) -> Vec<Option<String>> {
    run(body).into_iter().map(|q| q.speaker).collect()
}

fn s(x: &str) -> Option<String> {
    Some(x.to_string())
}

#[test]
fn explicit_forms() {
    let t = "“We will win,” said Sam Heller. “It will take time,” Heller said. \
             Col. Saad Mohammed stated while driving, “Look at the desert.” \
             According to Mohammed, “It is vast.” Dana Whitfield: “No comment.”";
    assert_eq!(
        speakers(t),
        [
            s("Sam Heller"),
            s("Sam Heller"),
            s("Saad Mohammed"),
            s("Saad Mohammed"),
            s("Dana Whitfield")
        ]
    );
    let q = run(t);
    assert_eq!(q[2].title.as_deref(), Some("Col."));
    assert_eq!(q[1].speaker_mention.as_deref(), Some("Heller"));
}

#[test]
fn descriptions_and_pronouns() {
    let t = "A community elder stated, “We are tired.” Another senior military official stated, \
             “These are tough fights.” “It is over,” a spokesman for the company said. \
             Maria Okafor left early. “I am done,” she said.";
    assert_eq!(
        speakers(t),
        [
            s("a community elder"),
            s("another senior military official"),
            s("a spokesman for the company"),
            s("Maria Okafor")
        ]
    );
}

#[test]
fn a_pronoun_after_a_described_speaker_is_theirs() {
    let t = "“We are asking everyone to help,” the minister, Hana Kobayashi, told reporters.\n\n\
             A retired teacher said she had started storing water. “We remember 2019,” she said.\n\n\
             One resident, a nurse who asked not to be named, said the cuts would hurt. \
             “Nobody can wash,” she said.\n\n\
             Kobayashi left the room. “That is all,” she said.";
    assert_eq!(
        speakers(t),
        [
            s("Hana Kobayashi"),
            s("a retired teacher"),
            s("one resident"),
            s("Hana Kobayashi")
        ]
    );
}

#[test]
fn a_second_verb_shares_the_subject() {
    let t = "Health Secretary Wes Streeting welcomed the figures but warned there was “a long \
             way to go”. Prof Helen Aldridge says the fall is modest. 'Patients still wait,' \
             she says.";
    assert_eq!(speakers(t), [s("Wes Streeting"), s("Helen Aldridge")]);
}

#[test]
fn a_one_word_name_in_apposition_to_a_role() {
    let t = "“I will miss the water,” Piet Vandermolen says. His daughter, Els, runs the café. \
             “I didn't understand it then,” she says.";
    assert_eq!(speakers(t), [s("Piet Vandermolen"), s("Els")]);
}

#[test]
fn split_and_continued_turns() {
    let t = "“We will win,” Governor Ruth Abara said, “and soon.”\n\n\
             “Nobody doubts it.”\n\nThe crowd cheered.";
    let q = run(t);
    assert_eq!(q.len(), 2);
    assert_eq!(q[0].text, "We will win, and soon.");
    assert_eq!(q[0].speaker.as_deref(), Some("Ruth Abara"));
    assert_eq!(q[1].speaker.as_deref(), Some("Ruth Abara"));
}

#[test]
fn partial_quote_gets_sentence_subject() {
    let t = "Finance Minister Tom Reyes said the results were “respectable” given the odds.";
    let q = run(t);
    assert_eq!(q.len(), 1);
    assert!(q[0].partial);
    assert_eq!(q[0].speaker.as_deref(), Some("Tom Reyes"));
}

#[test]
fn appositive_subject() {
    let t = "Sam Heller, an analyst at the International Crisis Group, said, “It is fragile.”";
    let q = run(t);
    assert_eq!(q[0].speaker.as_deref(), Some("Sam Heller"));
    assert_eq!(q[0].role.as_deref(), Some("analyst"));
    assert_eq!(
        q[0].organization.as_deref(),
        Some("International Crisis Group")
    );
}

#[test]
fn a_country_is_not_a_speaker() {
    // "Brazil continue" looks like a name before a speech verb; a country without a title is
    // not a person, so the pronoun finds no one rather than the country.
    let t = "Officials from Brazil continue.\n\n“We will not give up,” she said. \
             Nadia Brennan arrived on Monday. “It is over,” she said.";
    assert_eq!(speakers(t), [None, s("Nadia Brennan")]);
    let people = People::find(t);
    assert!(people.resolve("Brazil", 0).is_none(), "Brazil is no person");
    // A name that is also a first name is still one.
    assert_eq!(speakers("“We are ready,” Jordan said."), [s("Jordan")]);
}

#[test]
fn group_nouns_and_organisation_names_are_not_people() {
    let t = "Critics argued that the plan had been rushed. “It is too late,” Critics said.\n\n\
             Tomas Sato, an analyst at the Centre for Regional Studies, said: “We told them.”";
    assert_eq!(speakers(t), [s("critics"), s("Tomas Sato")]);
    let people = People::find(t);
    assert!(people.resolve("Critics", 0).is_none());
    assert!(people.resolve("Regional Studies", 0).is_none());
    assert!(people.resolve("Tomas Sato", 0).is_some());
}
