//! `luotsi import --ptv`: real PTV open API v11 pages (tests/fixtures/ptv) into a region's
//! catalogue, beside its HSDS services: names, areas, channels, service points with hours, need
//! codes from the class mapping; all or nothing; idempotent by PTV id; teams take PTV services
//! through the teams file. On both databases.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use luotsi::import::{self, demo, ImportError, ImportInput};
use luotsi::store::{self, catalogue::now};
use serde_json::{json, Value};

const DENTIST: &str = "0008afc0-182c-4580-ba73-7472287f4d63";
const SCHOOL: &str = "00094685-ccc8-44a7-8345-07e36afde1b6";

fn fixtures() -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/ptv");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(p).unwrap()))
        .collect()
}

fn ptv<'a>(pages: &'a [(String, String)], teams: Option<&'a str>) -> ImportInput<'a> {
    ImportInput { hsds: "", ptv: pages, teams, municipalities: None }
}

async fn ptv_import(db: TestDb) {
    let mut conn = store::ConnManager::connect(&db.url).unwrap();
    store::run_migrations(&mut conn).unwrap();
    let demo_input = ImportInput {
        hsds: demo::CATALOGUE,
        ptv: &[],
        teams: Some(demo::TEAMS),
        municipalities: Some(demo::MUNICIPALITIES),
    };
    import::run(&mut conn, &demo_input, false, now()).unwrap();
    let before = store::catalogue::load(&mut conn).unwrap();
    let pages = fixtures();

    // A dry run reports everything and writes nothing.
    let dry = import::run(&mut conn, &ptv(&pages, None), true, now()).unwrap();
    assert!(dry.dry_run && dry.refused.is_empty(), "{dry}");
    assert_eq!((dry.services.created, dry.service_points.created, dry.organizations.created), (2, 3, 1), "{dry}");
    assert_eq!(store::catalogue::load(&mut conn).unwrap().version, before.version);

    // The import: added beside the 52 HSDS services, none of which is touched.
    let first = import::run(&mut conn, &ptv(&pages, None), false, now()).unwrap();
    assert_eq!(first.services.created, 2, "{first}");
    let report = first.to_string();
    // The school's class (education) gives no need: imported without, and said so.
    assert_eq!(first.without_needs, [format!("Perusopetus ({SCHOOL})")], "{report}");
    // No team takes them yet: information services, said so.
    assert_eq!(first.not_taken.len(), 2, "{report}");
    // Two channels link a service the files do not hold: each link reported once (the pages
    // repeat one of the channels), not refused.
    assert_eq!(first.dangling_links.len(), 2, "{report}");
    assert!(report.contains("00096585-c0c8-41a7-8345-07e35afde1b6"), "{report}");
    let cat = store::catalogue::load(&mut conn).unwrap();
    assert_eq!(cat.services.len(), 54);
    for old in &before.services {
        assert_eq!(cat.services.iter().find(|s| s.id == old.id), Some(old), "an HSDS service is left as it was");
    }
    let dentist = cat.services.iter().find(|s| s.id == DENTIST).unwrap();
    assert_eq!(dentist.name.fi, "Hammaslääkäri");
    assert_eq!(dentist.description.as_ref().unwrap().fi, "Suun ja hampaiden terveydenhuolto.");
    assert_eq!(dentist.service_class.as_deref(), Some("P5.10"), "the class found by its Finnish name");
    let needs: Vec<&str> = dentist.need_codes.iter().map(|n| n.as_str()).collect();
    assert_eq!(needs, ["health.oral_routine"], "a candidate of the class, said by the service's own words");
    assert_eq!(dentist.municipalities.iter().map(|m| m.as_str()).collect::<Vec<_>>(), ["743"]);
    assert!(!dentist.accepts_referrals);
    let points: Vec<_> = cat.points.iter().filter(|p| p.service_id == DENTIST).collect();
    assert_eq!(points.len(), 2, "the two service locations linked to it");
    let clinic = points.iter().find(|p| p.location_id == "0001a1c4-6273-424f-8d17-2ac62be89741").unwrap();
    assert_eq!(clinic.postal_code.as_deref(), Some("12345"));
    assert_eq!(clinic.municipality.as_ref().map(|m| m.as_str()), Some("743"));
    assert!(!clinic.hours.weekly.is_empty(), "{:?}", clinic.hours);

    // Again: nothing changes.
    let second = import::run(&mut conn, &ptv(&pages, None), false, now()).unwrap();
    assert!(!second.changed(), "{second}");
    assert_eq!((second.services.unchanged, second.service_points.unchanged), (2, 3));

    // A team takes the dentist through the teams file: it becomes a referral service.
    let mut teams: Value = serde_json::from_str(demo::TEAMS).unwrap();
    let oral = teams["teams"].as_array_mut().unwrap().iter_mut().find(|t| t["slug"] == "sjk-suu");
    let oral = oral.unwrap_or_else(|| panic!("the demo region has an oral-health team"));
    oral["services"].as_array_mut().unwrap().push(json!(DENTIST));
    let teams_text = teams.to_string();
    let third = import::run(&mut conn, &ptv(&pages, Some(&teams_text)), false, now()).unwrap();
    assert_eq!(third.not_taken, [format!("Perusopetus ({SCHOOL})")], "{third}");
    assert_eq!(third.services.updated, 1, "{third}");
    let cat = store::catalogue::load(&mut conn).unwrap();
    assert!(cat.services.iter().find(|s| s.id == DENTIST).unwrap().accepts_referrals);

    // A service of another region (Helsinki, 091) is left out and listed, not refused.
    let mut national = pages.clone();
    let (_, text) = national.iter_mut().find(|(n, _)| n == "municipality_services.json").unwrap();
    let mut page: Value = serde_json::from_str(text).unwrap();
    page["itemList"][1]["areas"][0]["municipalities"][0]["code"] = json!("091");
    *text = page.to_string();
    let r = import::run(&mut conn, &ptv(&national, Some(&teams_text)), true, now()).unwrap();
    assert!(r.refused.is_empty(), "{r}");
    assert_eq!(r.outside_region, [format!("Perusopetus ({SCHOOL})")], "{r}");
    assert_eq!(r.services.unchanged, 1, "{r}");

    // All or nothing: one bad item refuses the files, named by file and path.
    let mut bad = pages.clone();
    let (name, text) = bad.iter_mut().find(|(n, _)| n == "municipality_services.json").unwrap();
    let mut page: Value = serde_json::from_str(text).unwrap();
    page["itemList"][1]["serviceNames"] = json!([]);
    page["itemList"][0]["serviceNames"][0]["value"] = json!("Uusi nimi, ei kirjoiteta");
    *text = page.to_string();
    let name = name.clone();
    let err = import::run(&mut conn, &ptv(&bad, None), false, now()).unwrap_err();
    let ImportError::Refused(report) = err else { panic!("expected refusals, got {err}") };
    assert_eq!(report.refused.len(), 1, "{report}");
    assert_eq!(report.refused[0].path, format!("{name}: $.itemList[1].serviceNames"));
    assert!(report.refused[0].reason.contains("needs a name"), "{report}");
    let after = store::catalogue::load(&mut conn).unwrap();
    assert_eq!(after.services.iter().find(|s| s.id == DENTIST).unwrap().name.fi, "Hammaslääkäri");
    assert_eq!(after.version, cat.version);
}
db_test!(ptv_import_, ptv_import);

#[test]
fn the_shipped_mapping_reads() {
    // Every need code of data/ptv-needs.json is in the taxonomy (a bad one stops the import).
    luotsi::import::ptv::Mapping::from_json(luotsi::import::ptv::MAPPING).unwrap();
    let bad = r#"{"service_classes": [{"code": "P1", "label_fi": "Asuminen", "needs": ["social.nothing"], "candidates": []}]}"#;
    let err = luotsi::import::ptv::Mapping::from_json(bad).err().unwrap();
    assert!(err.contains("P1") && err.contains("social.nothing"), "{err}");
}
