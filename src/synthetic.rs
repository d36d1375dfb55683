//! Synthetic data for benchmarks: catalogues of any size built from the demo region, and a
//! referral history of any length. Deterministic for a seed, so runs can be compared.

use serde_json::{json, Value};

use crate::import::demo;

/// A small deterministic generator (SplitMix64), so benchmarks need no extra crate.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
}

fn uuid_for(kind: &str, n: usize) -> String {
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, format!("luotsi:synthetic:{kind}:{n}").as_bytes()).to_string()
}

/// An HSDS service list of `services` services and a teams file to match: the demo region's
/// services copied with new ids, shuffled need codes and areas, and about one team for every
/// ten services. The demo region itself is included first.
pub fn catalogue(services: usize, seed: u64) -> (Value, Value) {
    let mut rng = Rng::new(seed);
    let demo_doc: Value = serde_json::from_str(demo::CATALOGUE).unwrap_or(Value::Null);
    let demo_teams: Value = serde_json::from_str(demo::TEAMS).unwrap_or(Value::Null);
    let base: Vec<Value> = demo_doc["contents"].as_array().cloned().unwrap_or_default();
    let mut teams: Vec<Value> = demo_teams["teams"].as_array().cloned().unwrap_or_default();
    // The region's municipalities: those the first demo service covers (all thirteen).
    let municipalities: Vec<String> = base
        .first()
        .and_then(|s| s["service_areas"].as_array())
        .into_iter()
        .flatten()
        .filter_map(|a| a["extent"].as_str().map(str::to_owned))
        .collect();
    let codes: Vec<String> = crate::domain::needs::taxonomy()
        .needs
        .iter()
        .map(|n| n.code.clone())
        .filter(|c| !c.starts_with("emergency."))
        .collect();
    let mut out = base.clone();
    let mut new_ids = Vec::new();
    for i in base.len()..services.max(base.len()) {
        let mut s = base[rng.below(base.len())].clone();
        let id = uuid_for("service", i);
        s["id"] = json!(id);
        s["name"] = json!(format!("{} {}", s["name"].as_str().unwrap_or("Palvelu"), i));
        // A random area of two to six municipalities.
        let n = 2 + rng.below(5);
        let mut areas = Vec::new();
        for k in 0..n {
            let m = &municipalities[rng.below(municipalities.len())];
            if !areas.iter().any(|a: &Value| a["extent"] == json!(m)) {
                areas.push(json!({"id": uuid_for(&format!("area-{i}"), k), "service_id": id, "name": m, "extent_type": "municipality_code", "extent": m}));
            }
        }
        s["service_areas"] = json!(areas);
        // One to three need codes.
        let mut attributes: Vec<Value> = s["attributes"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .filter(|a| a["link_type"] != "need")
            .collect();
        for k in 0..1 + rng.below(3) {
            let code = &codes[rng.below(codes.len())];
            attributes.push(json!({"id": uuid_for(&format!("need-{i}"), k), "link_id": id, "link_type": "need", "link_entity": "service",
                "taxonomy_term": {"id": uuid_for("term", k), "code": code, "name": code}}));
        }
        for a in attributes.iter_mut() {
            if a["link_type"] != "need" {
                let kind = a["link_type"].as_str().unwrap_or("attr").to_owned();
                a["id"] = json!(uuid_for(&format!("attr-{i}-{kind}-{}", a["value"]), 0));
                a["link_id"] = json!(id);
            }
        }
        s["attributes"] = json!(attributes);
        // New ids for its points and schedules.
        if let Some(sals) = s["service_at_locations"].as_array_mut() {
            for (k, sal) in sals.iter_mut().enumerate() {
                sal["id"] = json!(uuid_for(&format!("sal-{i}"), k));
                sal["service_id"] = json!(id);
            }
        }
        new_ids.push(id);
        out.push(s);
    }
    // Teams for the new services: each takes ten of them in two to four municipalities.
    for (t, chunk) in new_ids.chunks(10).enumerate() {
        let mut areas: Vec<String> = Vec::new();
        for _ in 0..2 + rng.below(3) {
            let m = municipalities[rng.below(municipalities.len())].clone();
            if !areas.contains(&m) {
                areas.push(m);
            }
        }
        teams.push(json!({
            "id": uuid_for("team", t),
            "slug": format!("synth-{t}"),
            "name": format!("Synteettinen tiimi {t}"),
            "sote_centre": null,
            "services": chunk,
            "municipalities": areas,
            "languages": ["fi", "sv"],
            "weekly_capacity": 20 + rng.below(100),
        }));
    }
    let total = out.len();
    (
        json!({"total_items": total, "total_pages": 1, "page_number": 1, "size": total, "first_page": true, "last_page": true, "empty": total == 0, "contents": out}),
        json!({"version": "1", "region": "synthetic", "teams": teams}),
    )
}

/// Synthetic clients of a referral history: `synthetic-0` … `synthetic-49999`.
pub const SYNTHETIC_CLIENTS: u64 = 50_000;

/// Inserts `count` synthetic referrals spread over the last `days` days, across the catalogue's
/// teams and services, in batches of multi-row inserts; those older than three weeks are closed
/// but for one in fifty. For scale benchmarks only: the rows carry
/// no personal data, but their identities are encrypted and keyed with `keys` like real ones
/// (patient references `synthetic-N`, about twenty referrals each in a million), so the worklist
/// and client lookup (`?client=synthetic-N`) read them as they read real rows.
pub fn referrals(
    conn: &mut crate::store::DbConn,
    catalogue: &crate::domain::catalogue::Catalogue,
    keys: &crate::crypto::DataKeys,
    count: usize,
    days: i64,
    seed: u64,
) -> Result<usize, diesel::result::Error> {
    use diesel::connection::SimpleConnection;
    let mut rng = Rng::new(seed);
    let pairs: Vec<(&str, &str)> =
        catalogue.teams.iter().flat_map(|t| t.services.iter().map(move |s| (t.id.as_str(), s.as_str()))).collect();
    if pairs.is_empty() {
        return Ok(0);
    }
    let now = chrono::Utc::now().naive_utc();
    let statuses =
        ["requested", "accepted", "in_progress", "completed", "completed", "completed", "rejected", "cancelled"];
    let closed = ["completed", "completed", "completed", "rejected", "cancelled"];
    let segments = ["omatoimi", "tuki", "yhteistyo", "huolenpito"];
    let channels = ["phone", "chat", "in_person", "integration"];
    let mut done = 0;
    while done < count {
        let batch = (count - done).min(1000);
        let mut values = Vec::with_capacity(batch);
        let mut teams = Vec::with_capacity(batch);
        for k in 0..batch {
            let n = done + k;
            let (team, service) = pairs[rng.below(pairs.len())];
            let created = now - chrono::Duration::seconds(rng.below((days.max(1) * 86_400) as usize) as i64);
            let due = created + chrono::Duration::days(1 + rng.below(14) as i64);
            // As in a real history: referrals of the last three weeks in every status, older ones
            // closed but for one in fifty still open (overdue).
            let recent = now - created < chrono::Duration::days(21);
            let status = if recent || rng.below(50) == 0 {
                statuses[rng.below(statuses.len())]
            } else {
                closed[rng.below(closed.len())]
            };
            let accepted = (status != "requested" && status != "rejected")
                .then(|| created + chrono::Duration::hours(1 + rng.below(200) as i64));
            let closed = matches!(status, "completed" | "rejected" | "cancelled")
                .then(|| created + chrono::Duration::hours(24 + rng.below(600) as i64));
            let ts = |t: chrono::NaiveDateTime| format!("'{}'", t.format("%Y-%m-%d %H:%M:%S%.6f"));
            let opt = |t: Option<chrono::NaiveDateTime>| t.map(ts).unwrap_or_else(|| "NULL".into());
            let id = uuid_for("referral", n + seed as usize * 10_000_000);
            let client = format!("synthetic-{}", rng.next_u64() % SYNTHETIC_CLIENTS);
            values.push(format!(
                "('{id}', {c}, {c}, 'synthetic', '{ch}', '{key}', '{identity}', {age}, '743', 'fi', NULL, '[]', '[\"{service}\"]', '{team}', '[]', '{seg}', 'non_urgent', {due}, '{status}', 1, TRUE, FALSE, NULL, {acc}, {closed})",
                c = ts(created),
                ch = channels[rng.below(channels.len())],
                key = keys.lookup_hash(&format!("ref:{client}")),
                identity = keys.encrypt(&json!({ "patient_ref": client }).to_string()),
                age = 18 + rng.below(70),
                seg = segments[rng.below(segments.len())],
                due = ts(due),
                acc = opt(accepted),
                closed = opt(closed),
            ));
            teams.push(format!("('{id}', '{team}', 'lead')"));
        }
        conn.batch_execute(&format!(
            "INSERT INTO referrals (id, created_at, updated_at, created_by, channel, client_key, identity_enc, age, municipality, language, \
             description_enc, needs, services, lead_team_id, participating_team_ids, segment, urgency, due_at, status, version, consent, \
             disclosure_prohibited, emergency_level, accepted_at, closed_at) VALUES {};
             INSERT INTO referral_teams (referral_id, team_id, role) VALUES {};",
            values.join(","),
            teams.join(",")
        ))?;
        done += batch;
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_determinism() {
        let (hsds, teams) = catalogue(120, 7);
        assert_eq!(hsds["contents"].as_array().unwrap().len(), 120);
        assert_eq!(teams["teams"].as_array().unwrap().len(), 45 + 7);
        assert_eq!(catalogue(120, 7).0, hsds);
        let parsed = crate::import::hsds::parse_services(&hsds, None, chrono::NaiveDateTime::default());
        assert!(parsed.refusals.is_empty(), "{:?}", &parsed.refusals[..parsed.refusals.len().min(3)]);
        assert_eq!(parsed.services.len(), 120);
    }
}
