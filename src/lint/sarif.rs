//! SARIF 2.1.0 output for GitHub code scanning and other SARIF consumers:
//! every rule in `tool.driver.rules` (with its default level and help), one
//! result per diagnostic pointing at its file, line and column.

use serde_json::{Value, json};

use crate::lint::Report;
use crate::lint::report::sarif_level;
use crate::rules;

pub fn sarif(report: &Report) -> String {
    let rules: Vec<Value> = rules::ALL
        .iter()
        .map(|rule| {
            json!({
                "id": rule.id,
                "name": rule.id,
                "shortDescription": { "text": rule.summary },
                "fullDescription": { "text": rule.help },
                "help": { "text": rule.help },
                "defaultConfiguration": { "level": sarif_level(rule.severity) },
            })
        })
        .collect();
    let results: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            let index = rules::ALL.iter().position(|&r| r == d.rule).unwrap_or(0);
            let location = |line: usize, column: usize| {
                json!({
                    "physicalLocation": {
                        "artifactLocation": { "uri": d.file, "uriBaseId": "%SRCROOT%" },
                        "region": { "startLine": line, "startColumn": column }
                    }
                })
            };
            let mut result = json!({
                "ruleId": d.rule,
                "ruleIndex": index,
                "level": sarif_level(d.severity),
                "message": { "text": d.message },
                "locations": [location(d.line, d.column)]
            });
            // The other places this one result stands for.
            if !d.related.is_empty() {
                result["relatedLocations"] = d
                    .related
                    .iter()
                    .zip(1..)
                    .map(|(&line, id)| {
                        let mut related = location(line, 1);
                        related["id"] = json!(id);
                        related
                    })
                    .collect();
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "qbank",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "results": results,
        }]
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}
