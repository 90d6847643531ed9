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
    // (a run of one digit with a check digit is a placeholder, not a provider)
    if d.len() != 10 || !(d[0] == 1 || d[0] == 2) || d[..9].iter().all(|&x| x == d[0]) {
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

/// An SSN written after its keyword: as [`ssn`], but not a run of one digit or an ascending
/// run (placeholders), and not the SSA's advertising number.
pub fn ssn_after_keyword(s: &str) -> bool {
    let d = digits(s);
    ssn(s) && d.len() == 9 && d != [1, 2, 3, 4, 5, 6, 7, 8, 9] && d != [0, 7, 8, 0, 5, 1, 1, 2, 0]
}

/// Medicare numbers, by shape: 10–11 digits are an Australian Medicare number (first digit
/// 2–6, weights 1,3,7,9,1,3,7,9 on the first eight, sum mod 10 is the ninth); eleven
/// letters and digits are a US Medicare Beneficiary Identifier ([`mbi`]).
pub fn medicare(s: &str) -> bool {
    let alnum: String = s.chars().filter(char::is_ascii_alphanumeric).collect();
    if alnum.chars().any(|c| c.is_ascii_alphabetic()) {
        return mbi(&alnum);
    }
    let d = digits(&alnum);
    if !(d.len() == 10 || d.len() == 11) || !(2..=6).contains(&d[0]) {
        return false;
    }
    let sum: u32 = d[..8].iter().zip([1, 3, 7, 9, 1, 3, 7, 9]).map(|(x, w)| x * w).sum();
    sum % 10 == d[8]
}

/// US Medicare Beneficiary Identifier: 11 characters, digit 1–9, letter, letter or digit,
/// digit, letter, letter or digit, digit, letter, letter, digit, digit (dashes after the
/// 4th and 7th allowed); the letters S, L, O, I, B and Z are never used.
pub fn mbi(s: &str) -> bool {
    let c: Vec<char> = s.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_uppercase()).collect();
    if c.len() != 11 {
        return false;
    }
    let letter = |x: char| x.is_ascii_uppercase() && !"SLOIBZ".contains(x);
    let digit = |x: char| x.is_ascii_digit();
    let either = |x: char| letter(x) || digit(x);
    matches!(c[0], '1'..='9')
        && letter(c[1])
        && either(c[2])
        && digit(c[3])
        && letter(c[4])
        && either(c[5])
        && digit(c[6])
        && letter(c[7])
        && letter(c[8])
        && digit(c[9])
        && digit(c[10])
}

/// A record, member or patient number after its keyword: some word of the match has a digit
/// and at least four letters and digits ("MRN is ABC1234", "patient ID: 123456"), or the
/// digits in all are six or more ("12 34 56"), so "MRN pending" is not one.
pub fn record_number(s: &str) -> bool {
    s.split(|c: char| c.is_whitespace() || c == ':' || c == '#')
        .any(|w| w.chars().any(|c| c.is_ascii_digit()) && w.chars().filter(char::is_ascii_alphanumeric).count() >= 4)
        || digits(s).len() >= 6
}

/// A vehicle registration after its keyword: the plate has letters and digits (“plate: AB12
/// CDE”), so “registration is open”, “a full plate this week” are not plates.
pub fn vehicle_plate(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    let keywords = ["licence plate", "license plate", "number plate", "registration", "plate", "rego", "reg"];
    let rest = keywords.iter().find_map(|k| lower.strip_prefix(k)).unwrap_or(&lower);
    let rest = rest.trim_start_matches([':', ' ']).trim_start_matches("is ").trim_start_matches("was ");
    rest.chars().any(|c| c.is_ascii_digit()) && rest.chars().any(|c| c.is_ascii_alphabetic())
}

/// A phone number: 10–13 digits (9 after a trunk 0) before any extension ("x532", "ext. 12"), not all the same
/// digit, not a run like 1234567890.
pub fn phone(s: &str) -> bool {
    let number = s.find(['x', 'X', 'e', 'E']).map_or(s, |i| &s[..i]);
    let d = digits(number);
    let national = d.len() == 9 && d[0] == 0;
    if !(national || (10..=13).contains(&d.len())) || d.iter().all(|&x| x == d[0]) {
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

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// A date of birth as people write it after "DOB", "born", "birthday": a full date, or a
/// plausible part of one (day and month, month and year) with a month name or numbers.
pub fn date_of_birth(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    // the value: from the first digit or month name after the keyword
    let nums: Vec<u32> = lower.split(|c: char| !c.is_ascii_digit()).filter(|p| !p.is_empty()).filter_map(|p| p.parse().ok()).collect();
    let named = lower
        .split(|c: char| !c.is_ascii_alphabetic())
        .any(|w| w.len() >= 3 && MONTHS.iter().any(|m| w.starts_with(m)) && is_month_word(w));
    let year = |y: u32| y < 100 || (1900..=2100).contains(&y);
    let day = |d: u32| (1..=31).contains(&d);
    let month = |m: u32| (1..=12).contains(&m);
    match (named, nums.as_slice()) {
        (true, [a]) => day(*a) || (1900..=2100).contains(a),
        (true, [a, b]) => (day(*a) && year(*b)) || (day(*b) && (1900..=2100).contains(a)),
        (false, [a, b]) => (month(*a) && (1900..=2100).contains(b)) || (month(*a) && day(*b)) || (day(*a) && month(*b)),
        (false, [_, _, _]) => date(&lower),
        _ => false,
    }
}

/// A word that is a month's name or its abbreviation ("nov", "sept", "november").
fn is_month_word(w: &str) -> bool {
    const FULL: [&str; 12] =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
    FULL.iter().any(|m| m.starts_with(w)) || w == "sept"
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

/// Words after "my client's name is" that are not a name ("…is confidential", "…is not
/// important").
const NOT_A_NAME: &[&str] = &[
    "not", "a", "an", "the", "confidential", "private", "withheld", "irrelevant", "unknown", "important", "redacted",
    "changed", "protected", "on", "in", "being", "kept", "something", "nothing", "none", "here", "there", "what",
    "my", "her", "his", "their", "also", "still", "just", "never", "always", "your", "our", "this", "that",
];

/// The words after "name is" / "name:" are a name (any case: "sarah" is still a name).
pub fn name_after_name_is(s: &str) -> bool {
    let lower = s.to_lowercase();
    let Some(i) = lower.rfind("name") else { return false };
    let rest = lower[i + 4..].trim_start_matches(|c: char| c == ':' || c.is_whitespace());
    let rest = rest.strip_prefix("is ").or_else(|| rest.strip_prefix("was ")).unwrap_or(rest);
    let mut words = rest.split_whitespace().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()));
    let first = words.next().unwrap_or("");
    let first = if matches!(first, "mr" | "mrs" | "ms" | "miss" | "dr" | "mx") { words.next().unwrap_or("") } else { first };
    first.chars().count() >= 2 && first.chars().all(char::is_alphabetic) && !NOT_A_NAME.contains(&first)
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
        "name_after_name_is" => name_after_name_is,
        "ssn_after_keyword" => ssn_after_keyword,
        "medicare" => medicare,
        "mbi" => mbi,
        "record_number" => record_number,
        "vehicle_plate" => vehicle_plate,
        "date_of_birth" => date_of_birth,
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
    fn medicare_and_mbi() {
        assert!(medicare("2123 45670 1"));
        assert!(medicare("2123456701"));
        assert!(!medicare("2123 25870 1"));
        assert!(!medicare("212345670221"));
        assert!(medicare("1EG4-TE5-MK73"));
        assert!(mbi("1eg4te5mk73"));
        for bad in ["1SG4-TE5-MK73", "1EG4-LE5-MK73", "1EG4-TE5-OK73", "1EG4-TE5-MI73", "1BG4-TE5-MK73", "1EG4-ZE5-MK73", "AEG4-TE5-MK73", "12G4-TE5-MK73", "1EG4TE5MK7"] {
            assert!(!mbi(bad), "{bad}");
        }
    }

    #[test]
    fn dates_of_birth_and_names() {
        for ok in ["born on 5-MAY-2021", "birthday is May-21", "DOB: 21-May", "born in May-2021", "DOB: 05/21", "born in 05/2021", "birthday is May 1st", "DOB: November 22 nd, 1999", "date of birth is January 2012", "dob is 22-11-1972", "DOB: Aug. 31, 2020"] {
            assert!(date_of_birth(ok), "{ok}");
        }
        for bad in ["DOB: 45/45/2020", "born in 13/2021", "birthday is May 45", "born on 2-35"] {
            assert!(!date_of_birth(bad), "{bad}");
        }
        assert!(name_after_name_is("client's name is sarah"));
        assert!(name_after_name_is("client's name is Mr. May"));
        assert!(!name_after_name_is("client's name is not important"));
        assert!(!name_after_name_is("client's name is confidential"));
        assert!(record_number("MRN is ABC1234"));
        assert!(!record_number("MRN is pending"));
        assert!(vehicle_plate("registration: AB12 CDE"));
        assert!(!vehicle_plate("registration is open for"));
        assert!(!vehicle_plate("car registration: hello world"));
    }

    #[test]
    fn npi_luhn() {
        assert!(npi("1234567893"));
        assert!(!npi("1234567890"));
        assert!(!npi("3234567893"));
        assert!(!npi("1111111112"));
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
        assert!(phone("(800) 123-4567x532"));
        assert!(phone("312-515-2239 ext. 12"));
        assert!(date("14/03/1987"));
        assert!(date("1991-07-22"));
        assert!(date("9 Sept 1985"));
        assert!(!date("45/45/2020"));
    }
}
