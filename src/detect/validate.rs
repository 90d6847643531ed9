//! Validators for direct identifiers: a candidate that a pattern found counts only when the
//! mechanism accepts it, so random digits do not fire (NHS mod-11, NPI Luhn, SSN ranges,
//! plausible phone numbers and dates).

/// The digits of `s`.
fn digits(s: &str) -> Vec<u32> {
    s.chars().filter_map(|c| c.to_digit(10)).collect()
}

/// NHS number: 10 digits, weights 10..2 on the first nine, check digit 11 - (sum mod 11)
/// (11 → 0; 10 → invalid).
pub fn nhs_number(s: &str) -> bool {
    let d = digits(s);
    if d.len() != 10 || d.iter().all(|&x| x == d[0]) {
        return false;
    }
    let sum: u32 = d[..9].iter().zip((2..=10).rev()).map(|(x, w)| x * w).sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return false,
        c => c,
    };
    check == d[9]
}

/// Luhn checksum over a digit sequence.
pub fn luhn(d: &[u32]) -> bool {
    let sum: u32 = d
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &x)| if i % 2 == 1 { let y = x * 2; if y > 9 { y - 9 } else { y } } else { x })
        .sum();
    sum % 10 == 0
}

/// US National Provider Identifier: 10 digits starting 1 or 2, Luhn over "80840" + digits.
pub fn npi(s: &str) -> bool {
    let d = digits(s);
    if d.len() != 10 || !(d[0] == 1 || d[0] == 2) {
        return false;
    }
    let mut full = vec![8, 0, 8, 4, 0];
    full.extend(&d);
    luhn(&full)
}

/// US Social Security number: area not 000, 666 or 9xx; group not 00; serial not 0000.
pub fn ssn(s: &str) -> bool {
    let d = digits(s);
    if d.len() != 9 {
        return false;
    }
    let area = d[0] * 100 + d[1] * 10 + d[2];
    let group = d[3] * 10 + d[4];
    let serial = d[5] * 1000 + d[6] * 100 + d[7] * 10 + d[8];
    area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
}

/// A phone number: 10–13 digits, not all the same digit, not a run like 1234567890.
pub fn phone(s: &str) -> bool {
    let d = digits(s);
    if !(10..=13).contains(&d.len()) || d.iter().all(|&x| x == d[0]) {
        return false;
    }
    let ascending = d.windows(2).all(|w| w[1] == (w[0] + 1) % 10);
    !ascending
}

/// A calendar date with a plausible day and month (numeric or with a month name).
pub fn date(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    let nums: Vec<u32> = lower
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .filter_map(|p| p.parse().ok())
        .collect();
    const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let named = MONTHS.iter().position(|m| lower.contains(m));
    match (named, nums.as_slice()) {
        (Some(_), [d, ..]) => (1..=31).contains(d),
        (None, [a, b, c]) => {
            // yyyy-mm-dd, dd/mm/yyyy or mm/dd/yyyy
            let (x, y) = if *a > 31 { (*b, *c) } else { (*a, *b) };
            let year = if *a > 31 { *a } else { *c };
            let day_month = (1..=31).contains(&x) && (1..=12).contains(&y);
            let month_day = (1..=12).contains(&x) && (1..=31).contains(&y);
            (day_month || month_day) && (year < 100 || (1900..=2100).contains(&year))
        }
        _ => false,
    }
}

/// Capitalised words that follow "in/at/on…" but are not places.
const NOT_PLACES: &[&str] = &[
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    "christmas", "easter", "halloween", "thanksgiving", "diwali", "eid", "ramadan", "hanukkah", "new",
    "i", "i'm", "god", "english", "french", "spanish", "instagram", "tiktok", "facebook", "linkedin",
    "twitter", "youtube", "reddit", "threads", "bluesky", "mastodon", "zoom", "teams", "google", "outlook",
    "whatsapp", "netflix", "spotify", "the", "this", "that", "our", "my", "a", "an", "dr", "mr", "mrs", "ms",
    "cbt", "dbt", "emdr", "act", "nhs", "phq", "gad", "apa", "aca", "nasw", "ama", "ptsd", "ocd", "adhd",
    "covid", "mental", "health", "therapy", "week", "day", "stage", "part", "session", "q&a", "ask",
    "world", "national", "international", "mental health awareness", "pride", "black", "white",
];

/// A capitalised name after a preposition that is plausibly a place or institution.
pub fn place(s: &str) -> bool {
    let mut words = s.split_whitespace();
    let _prep = words.next();
    let rest: Vec<&str> = words.collect();
    let Some(first) = rest.iter().find(|w| !w.eq_ignore_ascii_case("the")) else { return false };
    let w = first.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
    !NOT_PLACES.contains(&w.as_str()) && w.chars().count() > 2
}

/// Capitalised words after "client"/"patient" that are ordinary words, not names.
const NOT_NAMES: &[&str] = &[
    "i", "the", "and", "but", "who", "was", "is", "has", "had", "today", "yesterday", "tonight", "this", "that",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "success", "services",
    "service", "safety", "experience", "care", "centred", "centered", "led", "first", "focused", "portal",
    "feedback", "records", "record", "notes", "information", "confidentiality", "consent", "rights", "advocate",
    "advocacy", "forms", "form", "survey", "satisfaction", "journey", "story", "stories", "update", "resources",
    "relations", "relationship", "work", "session", "sessions", "team", "zero", "one", "two", "please", "thank",
    "thanks", "hi", "hello", "dear", "note", "tip", "tips", "voice", "voices", "group", "groups",
    "everyone", "anyone", "someone", "people", "parents", "staff", "members", "folks", "colleagues", "all",
    "just", "so", "very", "here", "there", "what", "when", "where", "why", "how", "then", "now", "also",
];

/// The word(s) after a client anchor look like a person's name.
pub fn name_after_anchor(s: &str) -> bool {
    let name = s
        .split_whitespace()
        .skip(1)
        .find(|w| !matches!(w.to_lowercase().as_str(), "called" | "named"));
    let Some(name) = name else { return false };
    let w = name.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
    w.chars().count() >= 2 && !NOT_NAMES.contains(&w.as_str())
}

/// A capitalised word that looks like a person's first name: three letters or more, not a
/// day, month, place or common word.
fn first_name_like(word: &str) -> bool {
    if !word.chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    let w = word.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
    w.chars().count() >= 3 && !NOT_NAMES.contains(&w.as_str()) && !NOT_PLACES.contains(&w.as_str())
}

/// The first capitalised word looks like a person's first name.
pub fn name_in_match(s: &str) -> bool {
    s.split_whitespace().find(|w| w.chars().next().is_some_and(char::is_uppercase)).is_some_and(first_name_like)
}

/// The match ends with a full name ("notes for Jordan Pike"): its second-last word looks like
/// a first name.
pub fn name_at_end(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    words.len().checked_sub(2).is_some_and(|i| first_name_like(words[i]))
}

/// Look up a validator by the name used in the rule file.
pub fn by_name(name: &str) -> Option<fn(&str) -> bool> {
    Some(match name {
        "nhs_number" => nhs_number,
        "npi" => npi,
        "ssn" => ssn,
        "phone" => phone,
        "date" => date,
        "place" => place,
        "name_after_anchor" => name_after_anchor,
        "name_in_match" => name_in_match,
        "name_at_end" => name_at_end,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nhs_mod11() {
        assert!(nhs_number("943 476 5919"));
        assert!(nhs_number("9990412278"));
        assert!(!nhs_number("943 476 5918"));
        assert!(!nhs_number("1111111111"));
        assert!(!nhs_number("123 456"));
    }

    #[test]
    fn names_at_the_end_of_a_match() {
        assert!(name_at_end("Session notes for Jordan Pike"));
        assert!(name_at_end("progress report on Amira Okafor"));
        assert!(!name_at_end("notes for Monday Morning"));
        assert!(!name_at_end("report for Dr Smith"));
        assert!(!name_at_end("Pike"));
        assert!(!name_at_end("notes for jordan Pike"));
    }

    #[test]
    fn npi_luhn() {
        assert!(npi("1234567893"));
        assert!(!npi("1234567890"));
        assert!(!npi("3234567893"));
    }

    #[test]
    fn ssn_ranges() {
        assert!(ssn("123-45-6789"));
        assert!(!ssn("000-12-3456"));
        assert!(!ssn("666-12-3456"));
        assert!(!ssn("912-12-3456"));
        assert!(!ssn("123-00-4567"));
    }

    #[test]
    fn phones_and_dates() {
        assert!(phone("614-555-0187"));
        assert!(phone("07700 900142"));
        assert!(phone("+44 20 7946 0958"));
        assert!(!phone("1234567890"));
        assert!(!phone("555"));
        assert!(date("14/03/1987"));
        assert!(date("1991-07-22"));
        assert!(date("9 Sept 1985"));
        assert!(!date("45/45/2020"));
    }
}
