//! What a finding of the learned scorer says, per category: the message, the advice and the
//! guidelines it rests on (`../shared/DOMAIN.md`). The model gives the category and the
//! words; these give the card its meaning. Never a replacement: the model knows that a post
//! resembles breaches, not what to write instead.

use crate::report::Category;

/// The fixed text of a learned finding's card.
pub struct Card {
    pub message: &'static str,
    pub advice: &'static str,
    pub sources: &'static [&'static str],
}

/// The card for a learned finding of `category`.
pub fn card(category: Category) -> Card {
    match category {
        // the model never names identifiers (LEARNED_IDS); were it to, this is what it means
        Category::Confidentiality | Category::Identifiers => Card {
            message: "Reads like posts that let readers recognise a client or patient: a particular case, event or time that people who know you, your workplace or the family could piece together, even with no name.",
            advice: "Leave out the case, or make it general: no event, time, place or detail that belongs to one person.",
            sources: &["APA 4.07", "NASW 1.07(q)", "NCSBN Social Media Guide", "NMC Code 20.10", "HIPAA Safe Harbor", "AMA Opinion 2.3.2"],
        },
        Category::Boundaries => Card {
            message: "Reads like posts that cross a professional boundary: advice or a diagnosis for one person, a reply that confirms someone is your client or patient, contact with clients online, or asking clients for reviews.",
            advice: "Keep it general, and take anything about one person's care to a private, professional channel.",
            sources: &["APA 3.05", "APA 5.05", "ACA H.6", "NASW 1.07(q)", "APA 4.04", "APA Goldwater rule (APA 9.01 / psychiatry 7.3)", "HIPAA Privacy Rule"],
        },
        Category::Professionalism => Card {
            message: "Reads like posts regulators treat as unprofessional: mocking or venting about patients, jokes about harming them, intoxication around work, or hostility.",
            advice: "Would you say this in front of a patient or your regulator? If not, rewrite or leave it.",
            sources: &["NCSBN Social Media Guide", "AMA Opinion 2.3.2", "NMC Code 20.10", "GMC", "Ahpra social media guidance"],
        },
        Category::Stigma => Card {
            message: "Reads like posts that use stigmatising language about mental illness or the people you care for.",
            advice: "Describe the behaviour or the condition, person first.",
            sources: &["Mindframe guidelines", "AP Stylebook", "reportingonsuicide.org"],
        },
        Category::SelfDisclosure => Card {
            message: "Reads like personal disclosure that clients who see your profile would take into the therapeutic relationship.",
            advice: "Would you share this with a client in session? If not, keep it to a private account or to people you trust.",
            sources: &["ACA H.6.a", "APA 3.05", "NASW 1.06"],
        },
        Category::SafeMessaging => Card {
            message: "Reads like posts about suicide that miss safe-messaging practice.",
            advice: "Leave out method and location, avoid single-cause framing, and add a crisis line.",
            sources: &["reportingonsuicide.org", "Mindframe guidelines"],
        },
    }
}
