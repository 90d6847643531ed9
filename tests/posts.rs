//! Behaviour on posts written for these tests (not taken from the development corpus):
//! each rule family has posts that must fire and near-misses that must stay quiet. This is
//! the check that the rules generalise from the guidance rather than from corpus wording.

use insession::{Category, Checker, Risk, Suggestion};

struct Case {
    text: &'static str,
    risk: Risk,
    /// Categories that must appear among the findings.
    cats: &'static [Category],
}

use Category::*;
use Risk::{Caution as C, High as H, Ok as O};

const CASES: &[Case] = &[
    // ── confidentiality: anchor + distinct kinds of detail ──
    Case { text: "My 10am is a retired fire chief from our little town whose wife just started chemo. He cried for the whole hour.", risk: H, cats: &[Confidentiality] },
    Case { text: "One of my patients, a 71-year-old Polish baker in Swindon, finally opened up about the war today.", risk: H, cats: &[Confidentiality] },
    Case { text: "Had a session today with a client who is a local GP and going through a custody battle. Heavy stuff.", risk: H, cats: &[Confidentiality] },
    Case { text: "A client told me yesterday that her son was arrested outside Greenfield Academy. I keep thinking about it.", risk: H, cats: &[Confidentiality] },
    Case { text: "Admitted a 16 year old girl from Carrow Road tonight after an overdose. Night shift is brutal. #nursing", risk: H, cats: &[Confidentiality] },
    Case { text: "A client said something this week that stuck with me: \"I only feel real when I'm at work.\"", risk: C, cats: &[Confidentiality] },
    Case { text: "Composite vignette, details changed: a woman in her forties tells me she has never once been asked how she is.", risk: C, cats: &[Confidentiality] },
    // a country or state does not narrow who it is (HIPAA Safe Harbor); a town does
    Case { text: "Saw a client today, a teacher in Ontario.", risk: C, cats: &[Confidentiality] },
    Case { text: "Saw a client today, a teacher in Kingston.", risk: H, cats: &[Confidentiality] },
    Case { text: "Tough session with a client this morning, a farmer from Queensland.", risk: C, cats: &[Confidentiality] },
    Case { text: "Tough session with a client this morning, a farmer from Toowoomba.", risk: H, cats: &[Confidentiality] },
    // ── identifiers ──
    Case { text: "Can anyone help my client Tomasz Wójcik find a housing solicitor? He's been evicted twice.", risk: H, cats: &[Identifiers] },
    Case { text: "Client keeps missing sessions and won't answer her mobile 07911 123456. Do I discharge?", risk: H, cats: &[Identifiers] },
    Case { text: "Note to self: patient NHS number 943 476 5919 needs a repeat ECG. #nhs", risk: H, cats: &[Identifiers] },
    Case { text: "Chasing the insurer again for a client, member ID AXH-77120934, since March.", risk: H, cats: &[Identifiers] },
    Case { text: "Patient in bed 7 has asked for the chaplain three times tonight, bless him.", risk: H, cats: &[Confidentiality] },
    // ── boundaries ──
    Case { text: "To all my clients: please leave me a 5-star review on Google, it really helps the practice grow!", risk: H, cats: &[Boundaries] },
    Case { text: "Therapist here. Your wife is a textbook narcissist from what you describe, and people like that rarely change.", risk: H, cats: &[Boundaries] },
    Case { text: "Psychologist here. Just take 100mg of your sertraline instead of the 50, you'll feel better faster.", risk: H, cats: &[Boundaries] },
    Case { text: "Struggling with insomnia? DM me for my 4-week sleep therapy program, guaranteed to cure your insomnia!", risk: H, cats: &[Boundaries] },
    Case { text: "@maya_runs so proud of you! See you Tuesday at 4 💛", risk: H, cats: &[Boundaries] },
    Case { text: "@tired_dad88 it sounds like your daughter needs firmer limits; I'd take her phone at 9pm every night.", risk: C, cats: &[Boundaries] },
    // ── professionalism ──
    Case { text: "Second bottle of wine open and I still have six case notes to write 🍷🍷🍷 who needs sleep #therapistlife", risk: H, cats: &[Professionalism] },
    Case { text: "My 4pm spent the whole hour complaining about her mother-in-law again 🙄 some people just love drama lol", risk: H, cats: &[Professionalism, Confidentiality] },
    Case { text: "Some clients really think I'm a free babysitting service 🙄 #therapistlife", risk: C, cats: &[Professionalism] },
    Case { text: "Ten intakes back to back today. What the hell is this caseload.", risk: C, cats: &[Professionalism] },
    // ── stigma ──
    Case { text: "My inbox is absolutely insane this morning.", risk: C, cats: &[Stigma] },
    Case { text: "The printer is so bipolar today, works then jams, works then jams.", risk: C, cats: &[Stigma] },
    Case { text: "My neighbour's dog is a total psycho when the postman comes.", risk: C, cats: &[Stigma] },
    Case { text: "A local man committed suicide last month and the town is still reeling.", risk: C, cats: &[Stigma] },
    // ── self-disclosure ──
    Case { text: "Three weeks since my girlfriend walked out. Back with clients tomorrow and honestly I'm not okay.", risk: C, cats: &[SelfDisclosure] },
    Case { text: "Currently at the Crown & Anchor by the clinic if anyone's around, clients included 😄", risk: C, cats: &[SelfDisclosure] },
    // ── a second batch, written after the first rules, across all families ──
    Case { text: "Just finished with my Thursday 6pm — a dad of three who drives for the council bin crew — and I'm in awe of how far he's come since the stabbing.", risk: H, cats: &[Confidentiality] },
    Case { text: "Our practice will be closed on Good Friday. For urgent support call 999 or the Samaritans on 116 123.", risk: O, cats: &[] },
    Case { text: "Anyone else get clients who cancel at 8:59 for a 9am and then email asking why they were charged? 🙄", risk: C, cats: &[Professionalism] },
    Case { text: "Quick one for the group: a patient of mine (late 70s, retired vicar, lives alone out past Ballater) keeps refusing carers. How do you approach capacity here?", risk: H, cats: &[Confidentiality] },
    Case { text: "Exhausted after a 13-hour shift. Hot bath, early night.", risk: O, cats: &[] },
    Case { text: "Honestly, most of my colleagues in this trust couldn't counsel their way out of a paper bag. Rant over.", risk: C, cats: &[Professionalism] },
    Case { text: "Tonight's ward round: the lady in side room 2 told the consultant he looked like Tom Jones 😂 made my night", risk: H, cats: &[Confidentiality, Professionalism] },
    Case { text: "Reminder that depression is not a character flaw. If you're struggling, your GP is a good first step.", risk: O, cats: &[] },
    Case { text: "@coffee_and_chaos from what you describe your partner sounds like a covert narcissist. I'd get out while you can.", risk: H, cats: &[Boundaries] },
    Case { text: "Feeling so grateful to the young man I've been seeing since January, who gave me permission to share that he passed his driving test today after years of agoraphobia.", risk: C, cats: &[Confidentiality] },
    Case { text: "Happy to share our new group programme for new parents starting in May. Sign up through the website.", risk: O, cats: &[] },
    Case { text: "Please leave us a review if our counselling service helped you! Every star helps other clients find us ⭐⭐⭐⭐⭐", risk: H, cats: &[Boundaries] },
    Case { text: "Vodka o'clock after the week my caseload has had 🍸🍸", risk: C, cats: &[Professionalism] },
    Case { text: "It's so crazy how fast this year went.", risk: C, cats: &[Stigma] },
    Case { text: "The man who sits outside the Co-op on Market Street every morning is obviously bipolar and should be sectioned.", risk: H, cats: &[Boundaries] },
    Case { text: "Research roundup: exercise reduces symptoms of mild depression about as much as antidepressants in some trials.", risk: O, cats: &[] },
    Case { text: "Client's daughter rang the clinic line screaming this afternoon because her mum missed her depot. Mum is fine. I am not.", risk: H, cats: &[Confidentiality] },
    Case { text: "I've been off sick with anxiety for three weeks and I'm terrified my clients will find out.", risk: C, cats: &[SelfDisclosure] },
    Case { text: "Spent the morning at a training day on motivational interviewing in Cardiff. Great trainers!", risk: O, cats: &[] },
    Case { text: "Patient DOB 03/11/1962 still waiting for her MRI results, day 40. Shocking.", risk: H, cats: &[Identifiers] },
    Case { text: "Our new receptionist Priya starts Monday, say hello when you're in!", risk: O, cats: &[] },
    Case { text: "My most challenging family this year has a nine-year-old who set fire to the school shed. Ask me how my week's going.", risk: H, cats: &[Confidentiality] },
    Case { text: "Mental health first aid course is open for bookings again; free for charity staff.", risk: O, cats: &[] },
    Case { text: "The junkies at the bus station were at it again on my way in to work.", risk: C, cats: &[Stigma] },
    Case { text: "My 11:30 ghosted me again. Third time. Some people don't want to get better lol", risk: H, cats: &[Professionalism] },
    Case { text: "Is it ever OK to accept a small gift from a client? I usually say a card is fine, anything more we talk about.", risk: O, cats: &[] },
    Case { text: "At the Marriott bar in Boston for the ACA conference, come say hi if you're here! Clients, see you next week.", risk: C, cats: &[SelfDisclosure] },
    Case { text: "Thinking of the Hughes family tonight. Their son was one of mine years ago and the news of his overdose has hit me hard.", risk: H, cats: &[Confidentiality, Identifiers] },
    Case { text: "A therapist's week in numbers: 26 sessions, 3 supervisions, 1 very old sourdough starter.", risk: O, cats: &[] },
    Case { text: "Psych nurse here: if your mum's lithium level came back at 1.4, I'd stop her next dose and ring the GP first thing.", risk: H, cats: &[Boundaries] },
    Case { text: "Her schizophrenia diagnosis came after years of being misread as a troubled teen; our new podcast episode explores how common that is.", risk: O, cats: &[] },
    Case { text: "I was recently signed off with depression myself. Back at work now and feeling steadier.", risk: C, cats: &[SelfDisclosure] },
    // ── must stay ok ──
    Case { text: "Clients often tell me they feel guilty for resting. Rest is not a reward; it is a need.", risk: O, cats: &[] },
    Case { text: "Our Bristol clinic now offers evening appointments on Wednesdays. Call reception on 0117 496 0000 to book.", risk: O, cats: &[] },
    Case { text: "People with schizophrenia are far more likely to be victims of violence than perpetrators.", risk: O, cats: &[] },
    Case { text: "Please say \"died by suicide\" rather than \"committed suicide\". Words matter.", risk: O, cats: &[] },
    Case { text: "Loved the keynote by Dr. Amara Okoye in Glasgow on trauma-informed schools.", risk: O, cats: &[] },
    Case { text: "Took my niece to crazy golf in Skegness and she beat me by nine shots.", risk: O, cats: &[] },
    Case { text: "Swam 2km before work today. Small wins.", risk: O, cats: &[] },
    Case { text: "Funding for perinatal mental health services must keep up with demand. Write to your MP.", risk: O, cats: &[] },
    Case { text: "New video: what happens in a first CBT session, and questions to ask your therapist.", risk: O, cats: &[] },
    Case { text: "If you're struggling this winter, the Samaritans are on 116 123, any time, day or night.", risk: O, cats: &[] },
    Case { text: "Teenagers aged 14 to 16 report the highest rates of exam stress, according to the new survey.", risk: O, cats: &[] },
    Case { text: "Our team is hiring a part-time counsellor in Leeds. Supportive supervision, flexible hours.", risk: O, cats: &[] },
    Case { text: "The client portal will be down for maintenance on Saturday morning.", risk: O, cats: &[] },
    Case { text: "Be patient with yourself this week; progress is rarely a straight line.", risk: O, cats: &[] },
    // a service's own number next to "clients"/"patients" is not a client's number
    Case { text: "New clients welcome. Our practice line is 02 9555 0142, or ring the crisis line 13 11 14 after hours.", risk: O, cats: &[] },
    Case { text: "We can't discuss any patient's care here. Please call our patient relations team on 555-201-4477.", risk: O, cats: &[] },
    // shots that are injections, next to a clinic
    Case { text: "Flu shots are in at the clinic from Monday; walk in with your card, staff will sort the rest.", risk: O, cats: &[] },
    // ── a sixth batch: mechanisms added after the fifth unseen batch (fresh wording here) ──
    Case { text: "The young dad I sectioned last week — 24, works nights at the depot — wrote to say thank you.", risk: H, cats: &[Confidentiality] },
    Case { text: "A grandmother we're supporting through her son's trial told me she hasn't slept since March.", risk: H, cats: &[Confidentiality] },
    Case { text: "Spent the session with an elderly vicar, whose wife died at Easter. He laughs through the grief.", risk: H, cats: &[Confidentiality] },
    Case { text: "Discharge summary for Priya Raman done, finally home time.", risk: H, cats: &[Identifiers] },
    Case { text: "Report for Dr Amos is due on Monday, wish me luck.", risk: O, cats: &[] },
    Case { text: "Scrolled through a client's Instagram last night and now I can't unsee it.", risk: H, cats: &[Boundaries] },
    Case { text: "If you've enjoyed our sessions, a quick review would really help other people find me.", risk: H, cats: &[Boundaries] },
    Case { text: "Four gins in and I'm on call in the morning, what could go wrong #nurselife", risk: H, cats: &[Professionalism] },
    Case { text: "On call all weekend, so it's alcohol-free gin for me #nurselife", risk: O, cats: &[] },
    Case { text: "Right now sitting in the Red Lion by the station, swing by if you're around!", risk: C, cats: &[SelfDisclosure] },
    Case { text: "Sat with a nurse friend for brunch and put the world to rights.", risk: O, cats: &[] },
];

#[test]
fn own_posts_behave_as_a_careful_colleague_would() {
    let checker = Checker::with_defaults();
    let mut failures = Vec::new();
    for case in CASES {
        let r = checker.check(case.text);
        let cats: Vec<Category> = r.findings.iter().map(|f| f.category).collect();
        let missing: Vec<_> = case.cats.iter().filter(|c| !cats.contains(c)).collect();
        if r.risk != case.risk || !missing.is_empty() {
            let rules: Vec<String> = r.findings.iter().map(|f| format!("{}:{}", f.rule, f.severity.as_str())).collect();
            failures.push(format!("want {:?} {:?}, got {:?} {:?}: {}", case.risk, case.cats, r.risk, rules, case.text));
        }
    }
    // A generalisation check, not an exact fit: allow a small number of misses, but show them.
    let allowed = CASES.len() / 10;
    assert!(failures.len() <= allowed, "{} of {} posts misjudged (allowed {allowed}):\n{}", failures.len(), CASES.len(), failures.join("\n"));
    if !failures.is_empty() {
        eprintln!("misjudged (within allowance):\n{}", failures.join("\n"));
    }
}

#[test]
fn findings_explain_themselves() {
    let checker = Checker::with_defaults();
    let text = "Saw a 15 year old this morning who plays for the Carlow U16s; her parents are divorcing.";
    let r = checker.check(text);
    let f = r.findings.iter().find(|f| f.category == Confidentiality).expect("confidentiality finding");
    assert_eq!(r.risk, Risk::High);
    let kinds: Vec<&str> = f.evidence.iter().map(|e| e.kind.as_str()).collect();
    assert!(kinds.contains(&"age"), "{kinds:?}");
    assert!(kinds.contains(&"family situation"), "{kinds:?}");
    for e in &f.evidence {
        assert_eq!(&text[e.start..e.end], e.text);
    }
    assert!(!f.source.is_empty() && f.message.contains("15 year old"));
}

#[test]
fn dampeners_lower_but_never_clear() {
    let checker = Checker::with_defaults();
    let plain = checker.check("My client, a 44-year-old firefighter from Ennis, told me about his divorce today.");
    let damp = checker.check("Composite case, details changed: my client, a 44-year-old firefighter from Ennis, told me about his divorce today.");
    assert_eq!(plain.risk, Risk::High);
    assert_ne!(damp.risk, Risk::Ok);
    assert!(damp.score <= plain.score);
}

#[test]
fn stigma_offers_the_respectful_word() {
    let checker = Checker::with_defaults();
    let r = checker.check("He committed suicide in 2019.");
    let f = &r.findings[0];
    assert_eq!(f.suggestion, Some(Suggestion::Replace("died by suicide".into())));
    assert_eq!(f.text, "committed suicide");
}

/// The rule data says whether a suggestion is words for the span (`replace`, offered with
/// Apply) or advice (`suggestion`); the finding's JSON carries it as `replacement`.
#[test]
fn suggestions_are_replacements_or_advice_as_the_rules_say() {
    let checker = Checker::with_defaults();
    let r = checker.check("Home visit to the Smith family today, my client is struggling.");
    let family = r.findings.iter().find(|f| f.rule == "identifiers.family-name").expect("family-name finding");
    assert_eq!((family.text.as_str(), family.suggestion.clone()), ("the Smith family", Some(Suggestion::Replace("a family".into()))));
    let json = serde_json::to_value(family).unwrap();
    assert_eq!((&json["suggestion"], &json["replacement"]), (&serde_json::json!("a family"), &serde_json::json!(true)));

    // advice: "describe the behaviour" does not fit in place of "psycho"
    let r = checker.check("My ex is a total psycho.");
    let slur = r.findings.iter().find(|f| f.rule == "stigma.slur-psycho").expect("slur finding");
    assert_eq!(slur.suggestion, Some(Suggestion::Advice("describe the behaviour".into())));
    let json = serde_json::to_value(slur).unwrap();
    assert_eq!((&json["suggestion"], &json["replacement"]), (&serde_json::json!("describe the behaviour"), &serde_json::json!(false)));

    // every built-in rule that offers words for the span
    let pack = insession::rules::RulePack::builtin();
    let mut replacing: Vec<&str> =
        pack.rules.iter().filter(|r| r.suggestion.as_ref().is_some_and(Suggestion::is_replacement)).map(|r| r.id.as_str()).collect();
    replacing.sort_unstable();
    assert_eq!(
        replacing,
        [
            "identifiers.family-name",
            "identifiers.names-in-treatment",
            "stigma.commit-suicide",
            "stigma.commits-suicide",
            "stigma.committed-suicide",
            "stigma.committing-suicide",
            "stigma.failed-suicide",
            "stigma.tried-to-commit-suicide",
            "stigma.trying-to-commit-suicide",
        ]
    );
    assert!(!pack.confidentiality.suggestion.as_ref().unwrap().is_replacement());

    // no suggestion: null and false
    let r = Checker::from_json(r#"[{"id":"plain","category":"stigma","severity":"caution","phrases":["zorp"],"message":"m"}]"#).unwrap().check("zorp");
    let json = serde_json::to_value(&r.findings[0]).unwrap();
    assert_eq!((&json["suggestion"], &json["replacement"]), (&serde_json::Value::Null, &serde_json::json!(false)));
}

#[test]
fn safe_messaging_offers_a_crisis_line() {
    let checker = Checker::with_defaults();
    let r = checker.check("A suicide epidemic is sweeping our schools.");
    let f = r.findings.iter().find(|f| f.category == SafeMessaging).expect("safe messaging finding");
    assert!(f.suggestion.as_ref().map_or("", Suggestion::text).contains("988"));
    let with_line = checker.check("A suicide epidemic is sweeping our schools. If you need support call 988.");
    assert!(with_line.findings.iter().all(|f| f.category != SafeMessaging));
}

#[test]
fn hostile_unicode_still_detects_with_exact_spans() {
    let checker = Checker::with_defaults();
    // zero-width space inside the word, Cyrillic а, full-width digits, RTL mark, emoji
    let text = "\u{200F}My 2pm 🙄 told me she's a tеacher (Cyrillic е) at Kilkee Primary, 4\u{200B}4 years old. My сlient's mobile is ０７７００ ９００１４２.";
    let r = checker.check(text);
    assert_eq!(r.risk, Risk::High);
    for f in &r.findings {
        assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
        assert_eq!(&text[f.start..f.end], f.text);
    }
    assert!(r.findings.iter().any(|f| f.rule == "identifiers.phone"), "{:?}", r.findings.iter().map(|f| &f.rule).collect::<Vec<_>>());
}

/// Apply puts the replacement in place of the finding's span: the result must read as
/// English, tense kept (issue 12: “tried to died by suicide”).
#[test]
fn suicide_replacements_read_correctly_in_place() {
    let checker = Checker::with_defaults().without_model();
    let applied = |text: &str| {
        let r = checker.check(text);
        let f = r.findings.iter().find(|f| f.category == Stigma).unwrap_or_else(|| panic!("no stigma finding: {text}"));
        assert_eq!(r.findings.iter().filter(|f| f.category == Stigma).count(), 1, "one card: {text}");
        match &f.suggestion {
            Some(Suggestion::Replace(w)) => format!("{}{}{}", &text[..f.start], w, &text[f.end..]),
            other => panic!("no replacement for {text}: {other:?}"),
        }
    };
    assert_eq!(applied("She tried to commit suicide twice."), "She attempted suicide twice.");
    assert_eq!(applied("He was trying to commit suicide when police arrived."), "He was trying to commit suicide when police arrived.".replace("trying to commit suicide", "attempting suicide"));
    assert_eq!(applied("A client's brother committed suicide last year."), "A client's brother died by suicide last year.");
    assert_eq!(applied("Men are more likely to complete suicide."), "Men are more likely to die by suicide.");
    assert_eq!(applied("Every year someone commits suicide on that bridge."), "Every year someone dies by suicide on that bridge.");
    assert_eq!(applied("After a failed suicide she was admitted."), "After a suicide attempt she was admitted.");
    assert_eq!(applied("Her second failed attempt at suicide landed her on the ward."), "Her second suicide attempt landed her on the ward.");
    // the person died: no “suicide attempt”, and no words put in the post
    let r = checker.check("It was his third attempt and a successful suicide.");
    let f = r.findings.iter().find(|f| f.rule == "stigma.successful-suicide").expect("successful suicide");
    assert!(matches!(&f.suggestion, Some(Suggestion::Advice(a)) if !a.contains("attempt")), "{:?}", f.suggestion);
}

/// Issue 12's false alarms on wording: ordinary idioms, talk about the term, titles.
#[test]
fn wording_false_alarms_stay_quiet() {
    let checker = Checker::with_defaults().without_model();
    for text in [
        "Another failed attempt to get my client a psychiatry appointment",
        "After a failed attempt to phone the GP surgery, I emailed instead.",
        "Our successful attempt to cut the waiting list made the local paper.",
        "Psycho (1960) is still the best Hitchcock film",
        "Please stop saying committed suicide",
        "Research shows people who completed suicide prevention training felt more confident asking directly.",
        "Please stop saying committed suicide; say died by suicide instead.",
        "Not guilty by reason of insanity is a rare verdict.",
        "A manic episode can last a week or more and may need admission.",
        "Staff cocktail evening after the training day, mocktails for drivers.",
        "Reading Dickens on the train home after a long clinic day.",
        "Finished three assessments before lunch and the clinic felt calm.",
        "Made shitake mushroom soup for the team lunch at the clinic.",
        "A damning report on the trust's waiting lists came out today.",
        "Finger prick test for every client on the diabetes clinic list this week.",
        "Mixed nuts and fruit in the staff room for the clinic team.",
    ] {
        let r = checker.check(text);
        let words: Vec<&str> = r.findings.iter().filter(|f| matches!(f.category, Stigma | SafeMessaging | Professionalism)).map(|f| f.rule.as_str()).collect();
        assert!(words.is_empty(), "{text}: {words:?}");
    }
}

/// Inflected profanity and slurs come from stems in the rule data (`fuck*`), not lists of
/// every form.
#[test]
fn inflections_are_caught_by_stems() {
    let checker = Checker::with_defaults().without_model();
    for (text, rule) in [
        ("The referral system at our trust is completely fucked.", "professionalism.profanity"),
        ("Shitty wifi at the clinic dropped two telehealth sessions.", "professionalism.profanity"),
        ("The assholes upstairs cut our therapy budget again.", "professionalism.profanity"),
        ("The wankers in billing lost my client's invoice.", "professionalism.profanity"),
        ("What a moronic referral process.", "stigma.slur-psycho"),
        ("Landlords are all sociopaths.", "stigma.slur-psycho"),
    ] {
        let r = checker.check(text);
        assert!(r.findings.iter().any(|f| f.rule == rule), "{text}: {:?}", r.findings.iter().map(|f| &f.rule).collect::<Vec<_>>());
    }
}

/// Issue 12's false alarms on identifiers, and one value → one finding of its most
/// specific kind. Rules only: the learned scorer is judged elsewhere.
#[test]
fn identifier_false_alarms_and_duplicates() {
    let checker = Checker::with_defaults().without_model();
    let ids = |text: &str| -> Vec<String> {
        checker.check(text).findings.iter().filter(|f| f.category == Identifiers).map(|f| format!("{} {:?}", f.rule, f.text)).collect()
    };
    for text in [
        // a crisis line is nobody's own number
        "If a client is in crisis, call 1-800-273-8255",
        // not vehicle registrations
        "Registration is open for our client workshop",
        "Got a full plate this week with new clients.",
        "My client's car registration: hello world",
        // a colon introduces what was said, not a name
        "Question from a client: Progress isn't linear",
        // a number that fails the scheme its keyword names is neither that nor a phone
        "NHS number for my client: 401-023-2138",
        "NPI of my client's prescriber: 0234567893",
        "My client's psychiatrist's NPI is 1111111112.",
        "My client's social security number: 0780511201",
        "My client's SSN is 666000000.",
        "My client's Medicare card: 2123258701",
        "My client's MBI is 1EG4-LE5-MK73.",
        "My client's name is not important here.",
        "My client's MRN is pending.",
    ] {
        assert!(ids(text).is_empty(), "{text}: {:?}", ids(text));
    }
    // one value, one card
    for (text, rule) in [
        ("My client's NHS number is 401-023-2137.", "identifiers.nhs-number"),
        ("Note to self: patient NHS number 943 476 5919 needs a repeat ECG.", "identifiers.nhs-number"),
        ("My client's psychiatrist's NPI is 1234 567 893.", "identifiers.npi"),
        ("My client's Medicare card: 2123456701", "identifiers.medicare"),
        ("My client's policy number is 0161 496 0183.", "identifiers.record-number"),
        ("Chasing the insurer for my client, member ID 4155550132, since March.", "identifiers.record-number"),
    ] {
        let found = ids(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        assert!(found[0].starts_with(rule), "{text}: {found:?}");
    }
}

/// The identifier forms issue 12 found missing, each in a client post.
#[test]
fn identifiers_in_the_forms_people_write_them() {
    let checker = Checker::with_defaults().without_model();
    for (text, rule) in [
        ("My client's phone number is (415) 555-0132.", "identifiers.phone"),
        ("My client asked me to call her back on +44 (20) 7123 4567 tonight.", "identifiers.phone"),
        ("My client's phone number is +33 1 42 68 53 00.", "identifiers.phone"),
        ("My client's mobile: (800) 123-4567x532", "identifiers.phone"),
        ("My client's date of birth is 5/20/2021.", "identifiers.date-of-birth"),
        ("My client's DOB: 22-nov-1972", "identifiers.date-of-birth"),
        ("My client was born in December 2015.", "identifiers.date-of-birth"),
        ("My client's birthday is May 1st.", "identifiers.date-of-birth"),
        ("1985-01-01 is my client's birthday.", "identifiers.date-of-birth"),
        ("My client's name is Dan Tailor.", "identifiers.client-name-introduced"),
        ("My client's name is sarah.", "identifiers.client-name-introduced"),
        ("Can anyone recommend a housing lawyer for my client Dan?", "identifiers.client-name"),
        ("My client's social security number: 078 05 1123", "identifiers.ssn"),
        ("My client's social security number is 109.99.6000", "identifiers.ssn"),
        ("My client's SSN is 078051121.", "identifiers.ssn"),
        ("Medicare Beneficiary Identifier for my client: 3CD5-FG7-HJ89", "identifiers.medicare"),
        ("My client's MRN is AB4736021.", "identifiers.record-number"),
        ("My client's patient ID: ABC123", "identifiers.record-number"),
        ("My client's address is 123 5th Avenue.", "identifiers.street-address"),
        ("My client's address is 100 S Main St.", "identifiers.street-address"),
        ("Home visit at my client's place, 291 6th Dr., this morning.", "identifiers.street-address"),
        ("Home visit at my client's place, PO Box 1234, this morning.", "identifiers.street-address"),
        ("My client's email is john at gmail.com", "identifiers.email"),
    ] {
        let r = checker.check(text);
        assert!(r.findings.iter().any(|f| f.rule == rule), "{text}: want {rule}, got {:?}", r.findings.iter().map(|f| &f.rule).collect::<Vec<_>>());
    }
}

#[test]
fn a_review_reply_that_confirms_care_is_high_there_and_only_there() {
    use insession::Context;
    let c = Checker::with_defaults().without_model();
    let rule = "boundaries.review-reply-confirms-care";
    for text in [
        "So sorry to read this. When you came in on Tuesday your x-rays showed decay under the old filling, so we couldn't keep it.",
        "We hear you, but as explained to you at the time, your results needed a second opinion before any surgery.",
        "Hi Karen, your son's therapist followed the treatment plan you both agreed to.",
    ] {
        let r = c.check_for(text, Context::ReviewReply);
        assert!(r.risk == Risk::High && r.findings.iter().any(|f| f.rule == rule), "{text}: {:?}", r.findings);
        assert!(c.check(text).findings.iter().all(|f| f.rule != rule), "{text}: fires outside a review reply");
    }
    for text in [
        "Thank you for taking the time to write. We can't discuss anyone's care here; please call the practice so we can talk.",
        "If your appointment ever runs late, the front desk will text you. Thanks for the feedback!",
        "We're glad you found parking easy and the staff friendly. See you around the neighbourhood!",
    ] {
        let r = c.check_for(text, Context::ReviewReply);
        assert!(r.findings.iter().all(|f| f.rule != rule), "{text}: {:?}", r.findings);
    }
}
