//! Converts the readable rule file `rules/builtin.toml` into JSON embedded in the binary,
//! so the Wasm carries no TOML parser. Structural mistakes (duplicate ids, references to
//! signals that do not exist) fail the build with the rule named.

use std::collections::HashSet;
use std::{env, fs, path::Path};

fn main() {
    let src = "rules/builtin.toml";
    println!("cargo:rerun-if-changed={src}");
    let text = fs::read_to_string(src).unwrap_or_else(|e| panic!("{src}: {e}"));
    let value: toml::Value = toml::from_str(&text).unwrap_or_else(|e| panic!("{src}: {e}"));
    let json = serde_json::to_value(&value).expect("TOML converts to JSON");

    let names = |key: &str, field: &str| -> Vec<String> {
        json[key].as_array().map_or(vec![], |a| {
            a.iter().filter_map(|x| x[field].as_str().map(str::to_string)).collect()
        })
    };
    let signals: HashSet<String> = names("signal", "name").into_iter().collect();
    let mut ids = HashSet::new();
    for id in names("rule", "id") {
        assert!(ids.insert(id.clone()), "{src}: rule id {id:?} is used twice");
    }
    let check_refs = |owner: &str, list: &serde_json::Value| {
        for s in list.as_array().into_iter().flatten() {
            let name = s.as_str().or_else(|| s["signal"].as_str()).unwrap_or("");
            assert!(signals.contains(name), "{src}: {owner} refers to unknown signal {name:?}");
        }
    };
    for r in json["rule"].as_array().into_iter().flatten() {
        let id = r["id"].as_str().unwrap_or("?");
        for k in ["near", "escalate", "unless"] {
            check_refs(id, &r[k]);
        }
    }
    for s in json["signal"].as_array().into_iter().flatten() {
        check_refs(s["name"].as_str().unwrap_or("?"), &s["unless"]);
    }
    let c = &json["confidentiality"];
    for k in ["anchors", "details", "dampeners", "generic"] {
        check_refs("confidentiality", &c[k]);
    }

    // Rename the TOML's singular array names to the Rust field names.
    let mut out = serde_json::Map::new();
    out.insert("version".into(), json["version"].clone());
    out.insert("signals".into(), json["signal"].clone());
    out.insert("rules".into(), json["rule"].clone());
    out.insert("confidentiality".into(), json["confidentiality"].clone());
    out.insert("professions".into(), json["profession"].clone());
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("builtin.json");
    fs::write(dest, serde_json::to_string(&out).unwrap()).unwrap();
}
