//! A deterministic generator of invented news-style seed articles for benchmarks and large
//! tests: realistic lengths (300–1,500 words), paragraphs, quotes with many attribution
//! patterns, numbers, money, dates, names and places, some duplicate titles, some Windows-1252
//! files and some page boilerplate. Every word is generated here: no third-party text.

#![allow(dead_code)]

use std::path::Path;

/// A small seeded generator (SplitMix64): the same seed always gives the same corpus.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const FIRST: &[&str] = &[
    "Amira", "Daniel", "Leila", "Tomas", "Grace", "Omar", "Helen", "Rafael", "Nadia", "Peter",
    "Yusuf", "Clara", "Idris", "Marta", "Jonas", "Salma",
];
const LAST: &[&str] = &[
    "Okafor",
    "Lindqvist",
    "Haddad",
    "Moreno",
    "Castell",
    "Brennan",
    "Qureshi",
    "Varga",
    "Achebe",
    "Novak",
    "Farouk",
    "Delmas",
    "Whitcombe",
    "Sato",
    "Ibarra",
    "Kowal",
];
const TITLES: &[&str] = &["Col.", "Dr.", "Gen.", "Mayor", "Minister", "Sen.", "Prof."];
const ROLES: &[&str] = &[
    "an analyst at the Centre for Regional Studies",
    "a spokesman for the Harbour Authority",
    "the head of the Northern Relief Agency",
    "a researcher with the Lakeside Policy Institute",
    "a senior official at the Ministry of Water",
];
const PLACES: &[&str] = &[
    "Marrowby",
    "Kessel",
    "Port Adair",
    "Vellmar",
    "Dunhollow",
    "Saint Orrin",
    "Tavira Bay",
    "Elmsfield",
];
const REAL_PLACES: &[&str] = &[
    "Iraq", "Syria", "France", "Kenya", "Brazil", "Japan", "Canada", "Egypt", "Germany", "India",
];
const ORGS: &[&str] = &[
    "the Northern Relief Agency",
    "the Harbour Authority",
    "the Lakeside Policy Institute",
    "the United Nations",
    "the World Bank",
    "the Ministry of Water",
];
const DESCRIPTIVE: &[&str] = &[
    "A local shopkeeper",
    "One resident",
    "A senior official",
    "A community leader",
    "An aid worker",
    "Another engineer",
];
const VERBS: &[&str] = &[
    "said",
    "told reporters",
    "added",
    "warned",
    "explained",
    "noted",
    "insisted",
    "recalled",
];
const NOUNS: &[&str] = &[
    "families", "workers", "soldiers", "students", "trucks", "homes", "schools", "farmers",
    "boats", "clinics",
];
const TOPICS: &[&str] = &[
    "Flood Barrier",
    "Water Talks",
    "Harbour Strike",
    "Grain Prices",
    "Border Crossing",
    "School Reopening",
    "Power Cuts",
    "Rail Link",
    "Fishing Quotas",
    "Clinic Funding",
];
const FILLER: &[&str] = &[
    "The decision followed months of debate among officials and residents",
    "Critics argued that the plan had been rushed and poorly explained",
    "Supporters pointed to the long delays that had frustrated the region",
    "The project drew attention from neighbouring towns facing similar problems",
    "Local newspapers had covered the dispute in detail for several weeks",
    "Officials promised a review of the costs before the end of the season",
    "Residents gathered in the square to hear the announcement",
    "The agency published a report describing the risks in plain language",
];

fn number_phrase(r: &mut Rng) -> String {
    match r.below(8) {
        0 => format!(
            "around {},{:03} {}",
            1 + r.below(9),
            r.below(1000),
            r.pick(NOUNS)
        ),
        1 => format!(
            "{} {}",
            r.pick(&[
                "seven",
                "twelve",
                "three",
                "dozens of",
                "hundreds of",
                "two"
            ]),
            r.pick(NOUNS)
        ),
        2 => format!("${}.{} million", 1 + r.below(90), r.below(10)),
        3 => format!("{}% of {}", 1 + r.below(99), r.pick(NOUNS)),
        4 => format!("a {}-mile stretch", 2 + r.below(400)),
        5 => {
            let month = chrono::Month::try_from(1 + r.below(12) as u8).map_or("", |m| m.name());
            format!("in {month} {}", 1990 + r.below(35))
        }
        6 => format!(
            "over the past {} months",
            r.pick(&["two", "six", "eight", "eleven"])
        ),
        _ => format!("{} {}", 10 + r.below(5000), r.pick(NOUNS)),
    }
}

fn sentence(r: &mut Rng) -> String {
    format!(
        "{}, with {} affected in {}.",
        r.pick(FILLER),
        number_phrase(r),
        r.pick(PLACES)
    )
}

fn quote_paragraph(r: &mut Rng, speaker: &(String, String, String)) -> String {
    let (title, first, last) = speaker;
    let words = format!(
        "{} {}",
        r.pick(&[
            "We will not give up on",
            "Nobody expected",
            "This is about",
            "They have ignored",
            "We have waited years for"
        ]),
        r.pick(&[
            "this town",
            "the families here",
            "the river",
            "our future",
            "the workers"
        ])
    );
    match r.below(7) {
        0 => format!("“{words},” said {title} {first} {last}."),
        1 => format!("“{words},” {last} {}.", r.pick(VERBS)),
        2 => format!("{first} {last}, {}, said: “{words}.”", r.pick(ROLES)),
        3 => format!(
            "“{words},” {} said, “and we will keep going.”",
            r.pick(&["she", "he"])
        ),
        4 => format!(
            "{} {}, “{words}.”",
            r.pick(DESCRIPTIVE),
            r.pick(&["stated", "said", "told reporters"])
        ),
        5 => format!(
            "According to {first} {last}, the plan is “{}”.",
            r.pick(&["respectable", "late", "a start"])
        ),
        _ => format!(
            "\"{words},\" {last} {} on {}.",
            r.pick(VERBS),
            r.pick(&["Monday", "Tuesday", "Friday"])
        ),
    }
}

/// One article: (title, text).
pub fn article(r: &mut Rng, index: usize) -> (String, String) {
    let topic = r.pick(TOPICS);
    let place = r.pick(PLACES);
    // Every 50th article repeats an earlier title, as real feeds do.
    let title = if index % 50 == 49 {
        format!("{topic} in {place}")
    } else {
        format!("{topic} in {place}: Report {index}")
    };
    let speakers: Vec<(String, String, String)> = (0..3)
        .map(|_| {
            (
                r.pick(TITLES).to_string(),
                r.pick(FIRST).to_string(),
                r.pick(LAST).to_string(),
            )
        })
        .collect();
    let target_words = 300 + r.below(1200);
    let mut text = format!("{title}\n\n{title}\n\n");
    let mut words = 0;
    let mut p = 0;
    while words < target_words {
        let para = if p % 3 == 1 {
            let who = r.below(speakers.len());
            quote_paragraph(r, &speakers[who])
        } else {
            let n = 2 + r.below(4);
            let mut s: Vec<String> = (0..n).map(|_| sentence(r)).collect();
            if r.below(4) == 0 {
                s.push(format!(
                    "Talks with {} and officials from {} continue.",
                    r.pick(ORGS),
                    r.pick(REAL_PLACES)
                ));
            }
            s.join(" ")
        };
        words += para.split_whitespace().count();
        text.push_str(&para);
        text.push_str("\n\n");
        p += 1;
    }
    if index % 7 == 0 {
        text.push_str("Share this:\nClick to share on Twitter\n\nAdvertisement\n");
    }
    if index % 11 == 0 {
        text.push_str("\nAd Blocker Detected!\n\nAdvertisements fund this website. Please disable your adblocking software or whitelist our website.\nThank You!\n");
    }
    (title, text)
}

/// Writes `n` seed files into `dir/seeds/`; every 97th is encoded as Windows-1252.
pub fn write_seeds(dir: &Path, n: usize, seed: u64) -> std::io::Result<u64> {
    let seeds = dir.join("seeds");
    std::fs::create_dir_all(&seeds)?;
    let mut r = Rng::new(seed);
    let mut bytes = 0;
    for i in 0..n {
        let (_, text) = article(&mut r, i);
        let data = if i % 97 == 96 {
            to_cp1252(&text)
        } else {
            text.into_bytes()
        };
        bytes += data.len() as u64;
        std::fs::write(seeds.join(format!("{i:05}.txt")), data)?;
    }
    Ok(bytes)
}

/// Windows-1252 bytes of text (curly quotes mapped; other non-ASCII becomes `?`).
pub fn to_cp1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            '“' => 0x93,
            '”' => 0x94,
            '‘' => 0x91,
            '’' => 0x92,
            '–' => 0x96,
            '—' => 0x97,
            c if (c as u32) < 0x80 => c as u8,
            _ => b'?',
        })
        .collect()
}
