//! Custom rules, disabled rules, sensitivity, profession and the watch list, end to end
//! through `Checker::from_json` (the same JSON the CLI and the options page use).

use insession::detect::watchlist::entry_hashes;
use insession::{Category, Checker, Risk, Suggestion};

#[test]
fn custom_phrase_rule_fires_with_its_message() {
    let c = Checker::from_json(r#"{"rules":[{"id":"mill","category":"confidentiality","severity":"high",
        "phrases":["Acme Mill"],"message":"Names the local employer.","suggestion":"a local employer"}]}"#).unwrap();
    let r = c.check("Busy day, then a chat about the ACME mill layoffs.");
    let f = r.findings.iter().find(|f| f.rule == "mill").expect("custom finding");
    assert_eq!((f.message.as_str(), f.text.as_str(), r.risk), ("Names the local employer.", "ACME mill", Risk::High));
    assert_eq!(f.suggestion, Some(Suggestion::Advice("a local employer".into())));
    assert!(c.check("Acme Millers won the cup").findings.iter().all(|f| f.rule != "mill"), "whole word by default");
}

#[test]
fn custom_rule_replace_or_suggestion() {
    let c = Checker::from_json(r#"[{"id":"mill","category":"confidentiality","severity":"high","phrases":["Acme Mill"],
        "message":"Names the local employer.","replace":"a local employer"},
        {"id":"ward","category":"confidentiality","severity":"caution","phrases":["ward 7"],
        "message":"Names the ward.","suggestion":"Leave the ward out."}]"#).unwrap();
    let r = c.check("Quiet shift on ward 7, then a walk past Acme Mill.");
    let get = |id: &str| r.findings.iter().find(|f| f.rule == id).unwrap_or_else(|| panic!("{id} finding"));
    assert_eq!(get("mill").suggestion, Some(Suggestion::Replace("a local employer".into())));
    assert_eq!(get("ward").suggestion, Some(Suggestion::Advice("Leave the ward out.".into())));
    let json = serde_json::to_value(get("mill")).unwrap();
    assert_eq!((&json["suggestion"], &json["replacement"]), (&serde_json::json!("a local employer"), &serde_json::json!(true)));
    // the configuration round-trips with the key it was given
    let cfg = insession::Config::from_json(r#"[{"id":"mill","category":"stigma","severity":"high","phrases":["x"],"message":"m","replace":"y"}]"#, &[], &[]).unwrap();
    let out = serde_json::to_value(&cfg.rules[0]).unwrap();
    assert_eq!((&out["replace"], out.get("suggestion")), (&serde_json::json!("y"), None));
}

#[test]
fn custom_rule_replace_errors_name_the_rule_and_field() {
    let errs = |rule: &str| {
        let json = format!(r#"[{{"id":"r1","category":"stigma","severity":"caution","phrases":["x"],"message":"m",{rule}}}]"#);
        Checker::from_json(&json).err().expect("refused").into_iter().map(|e| (e.rule, e.field, e.message)).collect::<Vec<_>>()
    };
    for (extra, want) in [
        (r#""replace":"a","suggestion":"b""#, "not both"),
        (r#""replace":"  ""#, "must not be empty"),
        (r#""replace":true"#, "must be a string"),
        (r#""replace":["a"]"#, "must be a string"),
    ] {
        let e = errs(extra);
        assert_eq!(e.len(), 1, "{extra}: {e:?}");
        assert_eq!((e[0].0.as_str(), e[0].1.as_str()), ("r1", "replace"), "{extra}: {e:?}");
        assert!(e[0].2.contains(want), "{extra}: {e:?}");
    }
    let long = format!(r#""replace":"{}""#, "a".repeat(301));
    assert!(errs(&long)[0].2.contains("at most 300 characters"));
    // null is "not given", as for suggestion
    assert!(Checker::from_json(r#"[{"id":"r1","category":"stigma","severity":"caution","phrases":["x"],"message":"m","replace":null,"suggestion":"b"}]"#).is_ok());
}

#[test]
fn case_sensitive_and_regex_rules() {
    let c = Checker::from_json(r#"[{"id":"case-no","category":"identifiers","severity":"high","regex":"case\\s*#\\d{4,}","message":"Case number."},
        {"id":"bob","category":"identifiers","severity":"caution","phrases":["BOB"],"case_sensitive":true,"message":"Code name."},
        {"id":"off","category":"stigma","severity":"caution","phrases":["banana"],"message":"m","enabled":false}]"#).unwrap();
    assert!(c.check("see CASE #12345 today").findings.iter().any(|f| f.rule == "case-no"));
    assert!(c.check("BOB was here").findings.iter().any(|f| f.rule == "bob"));
    assert!(c.check("bob was here").findings.iter().all(|f| f.rule != "bob"));
    assert!(c.check("banana").findings.is_empty());
}

#[test]
fn disabling_a_builtin_rule_silences_it() {
    let text = "My inbox is absolutely insane today.";
    assert!(Checker::with_defaults().check(text).findings.iter().any(|f| f.rule == "stigma.crazy-insane"));
    let c = Checker::from_json(r#"{"disabled_rules":["stigma.crazy-insane"]}"#).unwrap();
    // the rule is silent (the learned scorer may still judge the post on its own)
    assert!(c.check(text).findings.iter().all(|f| f.rule != "stigma.crazy-insane"));
    let c = Checker::from_json(r#"{"disabled_rules":["stigma.crazy-insane"]}"#).unwrap().without_model();
    assert!(c.check(text).findings.is_empty());
}

#[test]
fn sensitivity_moves_the_confidentiality_threshold() {
    let text = "My client told me today that she's moving away.";
    let risk = |s: &str| Checker::from_json(&format!(r#"{{"sensitivity":"{s}"}}"#)).unwrap().check(text).risk;
    assert!(risk("strict") >= risk("balanced"));
    assert!(risk("balanced") >= risk("relaxed"));
    assert_ne!(risk("strict"), Risk::Ok);
    let strict_only = "She is suffering from depression.";
    assert!(Checker::with_defaults().check(strict_only).findings.iter().all(|f| f.rule != "stigma.suffering-from"));
    assert!(Checker::from_json(r#"{"sensitivity":"strict"}"#).unwrap().check(strict_only).findings.iter().any(|f| f.rule == "stigma.suffering-from"));
}

#[test]
fn profession_orders_sources() {
    let text = "My 2pm, a 30-year-old barista from Galway, cried about her divorce.";
    let us = Checker::from_json(r#"{"profession":"us-social-worker"}"#).unwrap().check(text);
    let uk = Checker::from_json(r#"{"profession":"uk-hcpc-nmc"}"#).unwrap().check(text);
    let f = |r: &insession::Report| r.findings.iter().find(|f| f.category == Category::Confidentiality).unwrap().source.clone();
    assert!(f(&us).starts_with("NASW"), "{}", f(&us));
    assert!(f(&uk).starts_with("HCPC") || f(&uk).starts_with("NMC"), "{}", f(&uk));
}

#[test]
fn watchlist_matches_without_storing_the_name() {
    let salt = "9f86d081884c7d65";
    let hashes = entry_hashes(salt, "Siobhán O'Neill");
    let json = format!(r#"{{"watchlist":{{"salt":"{salt}","hashes":{}}}}}"#, serde_json::to_string(&hashes).unwrap());
    assert!(!json.to_lowercase().contains("siobh") && !json.to_lowercase().contains("neill"));
    let c = Checker::from_json(&json).unwrap();
    for post in ["Thinking of siobhan o'neill today", "congrats @siobhan_oneill!!"] {
        let r = c.check(post);
        assert_eq!(r.risk, Risk::High, "{post}");
        let f = &r.findings[0];
        assert_eq!(f.rule, "identifiers.watchlist");
        assert!(!f.message.to_lowercase().contains("siobhan"));
    }
    assert_eq!(c.check("Thinking of Siobhan Murphy today").risk, Risk::Ok);
}

#[test]
fn invalid_config_is_refused_with_named_errors() {
    let errs = Checker::from_json(r#"{"rules":[{"id":"x","category":"stigma","severity":"caution","regex":"[z-a]","message":"m"}]}"#).err().unwrap();
    assert_eq!((errs[0].rule.as_str(), errs[0].field.as_str()), ("x", "regex"));
    assert!(errs[0].to_string().contains("rule \"x\", field regex"));
}

#[test]
fn very_long_input_is_linear_and_sane() {
    let unit = "Clients often ask me about sleep. Here are five tips for a calmer evening routine. ";
    let text = unit.repeat(1_000_000 / unit.len());
    let t = std::time::Instant::now();
    let r = Checker::with_defaults().check(&text);
    eprintln!("1 MB checked in {:?}", t.elapsed());
    assert_eq!(r.risk, Risk::Ok);
}
