use super::*;
#[allow(unused_imports)]
use crate::annotate::people::Person;
#[allow(unused_imports)]
use crate::annotate::Span;

fn mentions(body: &str) -> Vec<(String, EntityKind, String)> {
    find(body, &People::default())
        .into_iter()
        .map(|m| (m.text, m.kind, m.name))
        .collect()
}

#[test]
fn smoke() {
    let m = mentions(
        "Fighters of the Islamic State group (ISIS) crossed from Syria into Iraq near Qaim.",
    );
    eprintln!("{m:?}");
}
