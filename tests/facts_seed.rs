use gloss::annotate::{facts, Context};
#[test]
fn dump() {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/000_8f9a9f19018dd6f0.txt");
    let body = std::fs::read_to_string(p).unwrap();
    let ctx = Context {
        reference_date: chrono::NaiveDate::from_ymd_opt(2019, 11, 18),
    };
    for b in [body.clone(), gloss::ingest::escape_markdown(&body)] {
        for f in facts::find(&b, &ctx) {
            eprintln!(
                "{:?} {:?} {} {:?} approx={} rel={} counts={:?} disp={:?} raw={:?}",
                f.kind,
                f.text,
                f.value,
                f.unit,
                f.approximate,
                f.relative,
                f.counts,
                f.display,
                &b[f.start..f.end]
            );
        }
        eprintln!("----");
    }
}
