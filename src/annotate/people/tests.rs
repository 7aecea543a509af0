use super::*;

fn names(p: &People) -> Vec<&str> {
    p.persons.iter().map(|p| p.name.as_str()).collect()
}

#[test]
fn titles_apart_and_short_forms() {
    let t = "Col. Saad Mohammed spoke. Col. Mohammed is a veteran. Mohammed left.";
    let p = People::find(t);
    assert_eq!(names(&p), ["Saad Mohammed"]);
    let s = &p.persons[0];
    assert_eq!(s.title.as_deref(), Some("Col."));
    let m: Vec<&str> = s.mentions.iter().map(|m| &t[m.start..m.end]).collect();
    assert_eq!(m, ["Saad Mohammed", "Mohammed", "Mohammed"]);
}

#[test]
fn appositives_give_role_and_organisation() {
    let t = "An expert with the International Crisis Group, Sam Heller stated, “No.” \
             Heller continued. Hisham al-Hashimi, who is a security analyst and an advisor, wrote.";
    let p = People::find(t);
    assert_eq!(names(&p), ["Sam Heller", "Hisham al-Hashimi"]);
    assert_eq!(p.persons[0].role.as_deref(), Some("expert"));
    assert_eq!(
        p.persons[0].organization.as_deref(),
        Some("International Crisis Group")
    );
    assert_eq!(p.persons[0].mentions.len(), 2);
    assert_eq!(p.persons[1].role.as_deref(), Some("security analyst"));
    let at = t.find("Heller continued").unwrap();
    assert_eq!(
        p.resolve("Heller", at).map(|p| p.name.as_str()),
        Some("Sam Heller")
    );
    assert_eq!(p.persons[0].gender, Some(Gender::Male));
}

#[test]
fn avoids_places_and_organisations() {
    let t = "The Islamic State Militants left Baghouz, Syria. The International Crisis Group \
             said so. Ad Blocker Detected! Defense Ministry officials said the Iraqi Army won.";
    let p = People::find(t);
    assert!(p.persons.is_empty(), "{:?}", names(&p));
}

#[test]
fn british_style_and_pronouns() {
    let t = "Prime Minister Tony Blair spoke. Mr Blair said it was over. Anna Lindqvist, a \
             diplomat, disagreed. She said no.";
    let p = People::find(t);
    assert_eq!(names(&p), ["Tony Blair", "Anna Lindqvist"]);
    assert_eq!(p.persons[0].title.as_deref(), Some("Prime Minister"));
    assert_eq!(p.persons[1].gender, Some(Gender::Female));
    let at = t.find("She said").unwrap();
    let near = p
        .nearest_before(at, Some(Gender::Female))
        .map(|p| p.name.as_str());
    assert_eq!(near, Some("Anna Lindqvist"));
    let near = p
        .nearest_before(at, Some(Gender::Male))
        .map(|p| p.name.as_str());
    assert_eq!(near, Some("Tony Blair"));
}

#[test]
fn escaped_markdown_spans_are_raw() {
    let t = r"Col\. Saad Mohammed and Hisham al\-Hashimi spoke\. Mohammed said so\.";
    let p = People::find(t);
    assert_eq!(names(&p), ["Saad Mohammed", "Hisham al-Hashimi"]);
    let m = p.persons[1].mentions[0];
    assert_eq!(&t[m.start..m.end], r"Hisham al\-Hashimi");
}

#[test]
fn named_in_apposition() {
    let t = "One marcher, a nurse named Clara Duarte, said she had not been paid.";
    let p = People::find(t);
    assert_eq!(names(&p), ["Clara Duarte"]);
}

#[test]
fn common_short_and_international_first_names() {
    // Named with no title, speech verb or appositive: the first name alone makes the person.
    let t = "The two members, Greg Olsen and Tomasz Wieczorek, wanted a study. Zeynep Kaya \
             and Siobhan Byrne agreed. Fighters left Sofia Boulevard and Georgia Street.";
    let p = People::find(t);
    assert_eq!(
        names(&p),
        [
            "Greg Olsen",
            "Tomasz Wieczorek",
            "Zeynep Kaya",
            "Siobhan Byrne"
        ]
    );
}

#[test]
fn demonyms_and_words_qualifying_a_role_are_not_people() {
    let t = "Its chair told Dutch broadcaster NOS that staff were angry. “It was late,” said \
             Brightwater analyst Omar Siddiqui. Officials told Heller that it was over.";
    let p = People::find(t);
    assert_eq!(names(&p), ["Omar Siddiqui", "Heller"]);
    // A contraction opening a sentence, and a description before a name, are not names.
    let t = "“We're asking people to leave,” said Ramon Ortega. Evacuee Janet Ruiz, 67, said \
             she left. “They'll be back,” Ruiz said.";
    assert_eq!(names(&People::find(t)), ["Ramon Ortega", "Janet Ruiz"]);
}

#[test]
fn long_names_with_particles_stop_at_the_sentence_end() {
    let t = "Supplies arrived, according to the UN coordinator, Lucía Fernández de la Vega. \
             Tens of thousands waited. Later Fernández de la Vega was cautious.";
    let p = People::find(t);
    assert_eq!(names(&p), ["Lucía Fernández de la Vega"]);
    assert_eq!(p.persons[0].mentions.len(), 2);
}

#[test]
fn sentence_openers_are_not_people() {
    let t = "Economists said the rise was expected. MPs told the minister. Nobody said a word. \
             Fighting continued overnight. Drivers said the wait was long. Halvorsen Shipping \
             confirmed the loss. The Ministry of Health said so.";
    let p = People::find(t);
    assert!(p.persons.is_empty(), "{:?}", names(&p));
}

#[test]
fn particles_after_titles() {
    let t = "Maj. Gen. Rashid bin Nasser spoke. Gen. bin Nasser said it would last.";
    let p = People::find(t);
    assert_eq!(names(&p), ["Rashid bin Nasser"]);
    let m: Vec<&str> = p.persons[0]
        .mentions
        .iter()
        .map(|m| &t[m.start..m.end])
        .collect();
    assert_eq!(m, ["Rashid bin Nasser", "bin Nasser"]);
    assert_eq!(p.persons[0].title.as_deref(), Some("Maj. Gen."));
}

#[test]
fn a_lone_word_after_the_is_no_person_even_opening_a_sentence() {
    let p =
        People::find("The Treasury said it would act. Analysts said the Pentagon told reporters.");
    assert!(names(&p).is_empty(), "{:?}", names(&p));
    let p = People::find("Ms Ortega arrived. Ortega said it would act.");
    assert_eq!(names(&p), ["Ortega"]);
}
