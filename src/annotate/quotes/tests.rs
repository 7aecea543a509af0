use super::*;

fn texts(body: &str) -> Vec<(String, bool)> {
    find(body)
        .into_iter()
        .map(|q| (q.text, q.partial))
        .collect()
}

#[test]
fn curly_and_straight() {
    let t = "“We will win,” said Ann Lee. Then she added: \"We are ready.\"";
    assert_eq!(
        texts(t),
        [
            ("We will win,".to_string(), false),
            ("We are ready.".to_string(), false)
        ]
    );
}

#[test]
fn split_quote_is_one() {
    let t = "“We will win,” she said, “and soon.”";
    let q = find(t);
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].text, "We will win, and soon.");
    assert_eq!(q[0].pieces.len(), 2);
    assert_eq!(q[0].pieces[0].start, 0);
    assert_eq!(q[0].pieces[1].end, t.len());
}

#[test]
fn paragraphs_continue() {
    let t = "He said: “First part.\n\n“Second part.”\n\nNext.";
    let q = find(t);
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].text, "First part. Second part.");
    assert_eq!(q[0].pieces.len(), 2);
}

#[test]
fn terms_and_partials() {
    assert!(texts("notables known as “mokhtars” whose job is").is_empty());
    assert_eq!(
        texts("He said the results were \"respectable\" given the odds."),
        [("respectable".to_string(), true)]
    );
    assert!(texts("the film “The Long War” opened").is_empty());
    assert!(texts("a “ceasefire” of sorts held").is_empty());
}

#[test]
fn single_marks_at_top_level() {
    let t = "‘We will not be moved,’ Mr Hart said. The ministers’ plans, it’s said, date from the ’90s.";
    assert_eq!(texts(t), [("We will not be moved,".to_string(), false)]);
}

#[test]
fn straight_single_marks_at_top_level() {
    let t = "'Patients are waiting too long,' she says. 'Each number is a person.' The \
             ministers' plans, it's said, date from the '90s; rock 'n' roll aside.";
    let found = texts(t);
    assert_eq!(
        found[..2],
        [
            ("Patients are waiting too long,".to_string(), false),
            ("Each number is a person.".to_string(), false)
        ]
    );
    assert_eq!(found.len(), 2, "{found:?}");
    // Inside a double-quoted quote, single marks stay nested.
    let t = "\"They said 'no way,' and left,\" Ann Lee said.";
    assert_eq!(texts(t).len(), 1);
}

#[test]
fn apostrophes_are_not_marks() {
    let t = "The Islamic State’s fighters, it’s said, came back in the ’90s.";
    assert!(find(t).is_empty());
}

#[test]
fn escaped_markdown() {
    let t = r"Col\. Ann Lee said, “It’s \[not\] over\.”";
    let q = find(t);
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].text, "It’s [not] over.");
    assert_eq!(
        &t[q[0].pieces[0].start..q[0].pieces[0].end],
        r"“It’s \[not\] over\.”"
    );
}
