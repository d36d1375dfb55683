//! FHIR R4 for patient systems, on SQLite and PostgreSQL: a test plays a patient system that
//! reads `/fhir/metadata`, sends a referral as a ServiceRequest and follows its Task to
//! `completed`; the safety rules (an emergency, a pending screen, red-flag answers, an assessment
//! by a practitioner) hold as in `/v1/referrals`; every error is an OperationOutcome; every
//! resource Luotsi emits validates against HL7's FHIR R4 JSON schema.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use actix_web::test::{self, TestRequest};
use common::fhir::{assert_valid, is_valid};
use common::*;
use luotsi::auth::Role;
use serde_json::{json, Value};

const SJK_MTP: &str = "f9430aec-5766-5fe2-bdbf-ed7858e70bb5";
const SJK_VASTAANOTTO: &str = "7e8d32ab-e8fe-56c8-80b6-f7a79014cc2a";
const MATALA_KYNNYS: &str = "8b670337-e038-5678-9098-4cdd5063d846";
const HETU: &str = "131052-308T";
const LOW_MOOD: &str = "Mieliala on ollut kuukausia maassa, mikään ei kiinnosta. Itsetuhoisia ajatuksia ei ole.";
/// A clear need (low mood) and something sudden: not an emergency, not routine.
const ACUTE: &str = "Mieliala on ollut pitkään matalalla, ja tänään tuli äkillisesti outo olo.";
const MUNICIPALITY: &str = "https://hl7.fi/fhir/finnish-base-profiles/StructureDefinition/municipality-code";

fn service_request(hetu: &str, words: &str) -> Value {
    json!({
        "resourceType": "ServiceRequest",
        "contained": [{
            "resourceType": "Patient", "id": "client",
            "identifier": [{"system": "urn:oid:1.2.246.21", "value": hetu}],
            "extension": [{"url": MUNICIPALITY, "valueCoding": {"system": "urn:oid:1.2.246.537.6.21", "code": "743"}}],
            "communication": [{"language": {"coding": [{"system": "urn:ietf:bcp:47", "code": "fi"}]}, "preferred": true}]
        }],
        "extension": [{"url": "https://luotsi.fi/fhir/StructureDefinition/consent", "valueBoolean": true}],
        "identifier": [{"system": "urn:oid:1.2.246.10.1234.1", "value": format!("lähete-{hetu}")}],
        "status": "active", "intent": "order", "priority": "routine",
        "subject": {"reference": "#client"},
        "note": [{"text": words}]
    })
}

fn system_token() -> String {
    token(&[Role::Integration])
}

fn post(body: &Value, token: &str) -> TestRequest {
    TestRequest::post()
        .uri("/fhir/ServiceRequest")
        .insert_header(bearer(token))
        .insert_header(("Content-Type", "application/fhir+json"))
        .set_payload(body.to_string())
}

fn get(uri: &str, token: &str) -> TestRequest {
    TestRequest::get().uri(uri).insert_header(bearer(token))
}

fn put_task(task: &Value, version: &str, token: &str) -> TestRequest {
    TestRequest::put()
        .uri(&format!("/fhir/Task/{}", task["id"].as_str().unwrap()))
        .insert_header(bearer(token))
        .insert_header(("If-Match", version.to_owned()))
        .insert_header(("Content-Type", "application/fhir+json"))
        .set_payload(task.to_string())
}

/// The resources of a Bundle by type.
fn entry<'a>(bundle: &'a Value, kind: &str) -> &'a Value {
    bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["resource"])
        .find(|r| r["resourceType"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in {bundle:#}"))
}

/// Asserts an OperationOutcome of the status, valid FHIR, and returns it.
fn outcome(r: &Resp, status: u16) -> &Value {
    assert_eq!(r.status.as_u16(), status, "{}", r.text);
    assert_eq!(r.header("content-type"), Some("application/fhir+json"), "{}", r.text);
    assert_eq!(r.body["resourceType"], "OperationOutcome", "{}", r.text);
    assert_valid(&r.body);
    &r.body
}

async fn a_patient_system_follows_its_referral_to_completed(db: TestDb) {
    let state = state(&db, true);
    let app = test::init_service(luotsi::build_app(state.clone())).await;

    // It learns what is supported, without a token.
    let r = send(&app, TestRequest::get().uri("/fhir/metadata")).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.header("content-type"), Some("application/fhir+json"));
    assert_valid(&r.body);
    assert_eq!(r.body["fhirVersion"], "4.0.1");
    let supported: Vec<(String, Vec<String>)> = r.body["rest"][0]["resource"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            let interactions =
                x["interaction"].as_array().unwrap().iter().map(|i| i["code"].as_str().unwrap().to_owned());
            (x["type"].as_str().unwrap().to_owned(), interactions.collect())
        })
        .collect();
    assert!(supported.contains(&("ServiceRequest".into(), vec!["create".into(), "read".into()])), "{supported:?}");
    assert!(supported.contains(&("Task".into(), vec!["read".into(), "update".into(), "search-type".into()])));

    // It sends the referral (a conditional create on its own identifier).
    let sr = service_request(HETU, LOW_MOOD);
    let condition = ("If-None-Exist", "identifier=urn:oid:1.2.246.10.1234.1|lähete-1".to_owned());
    let condition = (condition.0, condition.1.replace('ä', "a"));
    let r = send(&app, post(&sr, &system_token()).insert_header(condition.clone())).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_valid(&r.body);
    assert_eq!(r.body["type"], "collection");
    let request = entry(&r.body, "ServiceRequest").clone();
    let task = entry(&r.body, "Task").clone();
    let id = request["id"].as_str().unwrap().to_owned();
    assert!(r.header("location").unwrap().ends_with(&format!("/fhir/ServiceRequest/{id}/_history/1")));
    assert_eq!(r.header("etag"), Some("W/\"1\""));
    assert_eq!(request["status"], "active");
    assert_eq!(request["subject"]["identifier"]["value"], HETU);
    assert_eq!(request["note"][0]["text"], LOW_MOOD);
    let needs: Vec<&str> =
        request["reasonCode"].as_array().unwrap().iter().map(|c| c["coding"][0]["code"].as_str().unwrap()).collect();
    assert!(needs.contains(&"mental.mild"), "{needs:?}");
    assert!(request["performer"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["reference"] == format!("HealthcareService/{MATALA_KYNNYS}")));
    assert_eq!(task["id"], id.as_str());
    assert_eq!(task["status"], "requested");
    assert_eq!(task["intent"], "order");
    assert_eq!(task["code"]["coding"][0]["code"], "fulfill");
    assert_eq!(task["focus"]["reference"], format!("ServiceRequest/{id}"));
    assert_eq!(task["for"]["identifier"]["system"], "urn:oid:1.2.246.21");
    assert_eq!(task["owner"]["reference"], format!("Organization/{SJK_MTP}"));
    assert!(task["restriction"]["period"]["end"].is_string());

    // A retry of the same request returns the same referral; nothing new is recorded.
    let r = send(&app, post(&sr, &system_token()).insert_header(condition)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(entry(&r.body, "ServiceRequest")["id"], id.as_str());
    assert!(entry(&r.body, "OperationOutcome")["issue"][0]["details"]["text"].as_str().unwrap().contains("repeated"));

    // The owner it points at can be read.
    let r = send(&app, get(&format!("/fhir/Organization/{SJK_MTP}"), &system_token())).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_valid(&r.body);

    // The team finds it on its list.
    let member = team_token("mtp-hoitaja", &[SJK_MTP]);
    let r =
        send(&app, get(&format!("/fhir/Task?owner=Organization/{SJK_MTP}&status=requested&_count=5"), &member)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_valid(&r.body);
    assert_eq!(r.body["type"], "searchset");
    assert_eq!(r.body["total"], 1);
    assert_eq!(r.body["entry"][0]["resource"]["id"], id.as_str());
    let r = send(&app, get(&format!("/fhir/Task?focus=ServiceRequest/{id}"), &system_token())).await;
    assert_eq!(r.body["total"], 1, "{}", r.text);

    // The patient system works the team's list: its token names the team.
    let system_for_team = luotsi_token(&[Role::Integration], &[SJK_MTP]);
    let mut accepted = task.clone();
    accepted["status"] = json!("accepted");
    let r = send(&app, put_task(&accepted, "W/\"1\"", &system_for_team)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_valid(&r.body);
    assert_eq!(r.body["status"], "accepted");
    assert_eq!(r.header("etag"), Some("W/\"2\""));
    // Sending the same again changes nothing; a stale version is refused.
    let r = send(&app, put_task(&accepted, "W/\"2\"", &system_for_team)).await;
    assert_eq!((r.status.as_u16(), r.header("etag")), (200, Some("W/\"2\"")), "{}", r.text);
    let mut working = r.body.clone();
    working["status"] = json!("in-progress");
    outcome(&send(&app, put_task(&working, "W/\"1\"", &member)).await, 412);
    // Without If-Match: 428; a system without the team: not its Task.
    let no_version = TestRequest::put()
        .uri(&format!("/fhir/Task/{id}"))
        .insert_header(bearer(&member))
        .insert_header(("Content-Type", "application/fhir+json"))
        .set_payload(working.to_string());
    outcome(&send(&app, no_version).await, 428);
    let other = send(&app, put_task(&working, "W/\"2\"", &system_token())).await;
    assert_eq!(outcome(&other, 403)["issue"][0]["code"], "forbidden");
    // A status the loop does not allow from here.
    let mut done = working.clone();
    done["status"] = json!("completed");
    assert_eq!(outcome(&send(&app, put_task(&done, "W/\"2\"", &member)).await, 409)["issue"][0]["code"], "conflict");

    let r = send(&app, put_task(&working, "W/\"2\"", &member)).await;
    assert_eq!(r.body["status"], "in-progress", "{}", r.text);
    let r = send(&app, put_task(&done, "W/\"3\"", &member)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["status"], "completed");

    // The ServiceRequest is completed too; the REST view has the whole history.
    let r = send(&app, get(&format!("/fhir/ServiceRequest/{id}"), &system_token())).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_valid(&r.body);
    assert_eq!(r.body["status"], "completed");
    let r = send(&app, get(&format!("/fhir/Task/{id}"), &member)).await;
    assert_valid(&r.body);
    assert_eq!((r.body["status"].as_str(), r.header("etag")), (Some("completed"), Some("W/\"4\"")));
    let r = send(&app, get(&format!("/v1/referrals/{id}"), &token(&[Role::CallCentre]))).await;
    let events: Vec<&str> =
        r.body["events"].as_array().unwrap().iter().map(|e| e["to_status"].as_str().unwrap()).collect();
    assert_eq!(events, ["requested", "accepted", "in_progress", "completed"]);
    let actors: Vec<&str> = r.body["events"].as_array().unwrap().iter().map(|e| e["actor"].as_str().unwrap()).collect();
    assert_eq!(actors[1..], ["system-for-team", "mtp-hoitaja", "mtp-hoitaja"]);
    assert_eq!(r.body["channel"], "integration");

    // The same audit trail as the REST API: who created, read and moved it.
    let trail = audit(&state, &format!("referral_id = '{id}'"));
    for expected in [
        ("tester", "create"),
        ("tester", "read"),
        ("system-for-team", "status:accepted"),
        ("mtp-hoitaja", "status:in_progress"),
        ("mtp-hoitaja", "status:completed"),
        ("mtp-hoitaja", "read"),
    ] {
        assert!(trail.iter().any(|(a, b)| (a.as_str(), b.as_str()) == expected), "{expected:?} in {trail:?}");
    }
    // A Task path that is no referral id is refused and audited, the id not kept.
    outcome(&send(&app, get("/fhir/Task/131052-308T", &system_token())).await, 404);
    let refused = audit(&state, "referral_id IS NULL AND action = 'read_denied'");
    assert_eq!(refused, [("tester".to_owned(), "read_denied".to_owned())]);
    assert!(audit(&state, "referral_id LIKE '%308T%' OR detail LIKE '%308T%'").is_empty());
}

/// (actor, action) of the audit entries that match a condition, in order.
fn audit(state: &luotsi::AppState, condition: &str) -> Vec<(String, String)> {
    use diesel::prelude::*;
    #[derive(QueryableByName)]
    struct Entry {
        #[diesel(sql_type = diesel::sql_types::Text)]
        actor: String,
        #[diesel(sql_type = diesel::sql_types::Text)]
        action: String,
    }
    let mut conn = state.pool.get().unwrap();
    diesel::sql_query(format!("SELECT actor, action FROM audit_log WHERE {condition} ORDER BY id"))
        .load::<Entry>(&mut **conn)
        .unwrap()
        .into_iter()
        .map(|e| (e.actor, e.action))
        .collect()
}
db_test!(a_patient_system_follows_its_referral_to_completed_, a_patient_system_follows_its_referral_to_completed);

fn luotsi_token(roles: &[Role], teams: &[&str]) -> String {
    let teams: Vec<String> = teams.iter().map(|t| t.to_string()).collect();
    verifier().mint("system-for-team", roles, &teams, 600).unwrap()
}

async fn the_safety_rules_hold_over_fhir(db: TestDb) {
    let state = state(&db, true);
    let app = test::init_service(luotsi::build_app(state.clone())).await;

    // A case that needs the red-flag questions, from a patient system: triage pending with the
    // nurse reception, the questions as a warning.
    let r = send(&app, post(&service_request(HETU, ACUTE), &system_token())).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_valid(&r.body);
    let task = entry(&r.body, "Task");
    assert_eq!(task["status"], "received");
    assert_eq!(task["businessStatus"]["text"], "triage_pending");
    assert_eq!(task["owner"]["reference"], format!("Organization/{SJK_VASTAANOTTO}"));
    let warning = &entry(&r.body, "OperationOutcome")["issue"][0];
    assert_eq!(warning["severity"], "warning");
    assert!(warning["details"]["text"].as_str().unwrap().contains("112"), "{warning}");
    // The nurse reception assessed it: requested.
    let mut assessed = task.clone();
    assessed["status"] = json!("requested");
    let reception = team_token("hoitaja", &[SJK_VASTAANOTTO]);
    let r = send(&app, put_task(&assessed, "W/\"1\"", &reception)).await;
    assert_eq!(r.body["status"], "requested", "{}", r.text);
    assert_eq!(r.body["businessStatus"]["text"], "requested");

    // The questionnaire, and answers to it: all no is a referral like any other.
    let q = send(&app, TestRequest::get().uri("/fhir/Questionnaire/red-flags")).await;
    assert_eq!(q.status, 200, "{}", q.text);
    assert_valid(&q.body);
    let questions: Vec<String> =
        q.body["item"].as_array().unwrap().iter().map(|i| i["linkId"].as_str().unwrap().to_owned()).collect();
    assert!(questions.contains(&"breathing".to_owned()));
    let answered = |answer: &dyn Fn(&str) -> &'static str, hetu: &str| {
        let mut sr = service_request(hetu, ACUTE);
        let items: Vec<Value> = questions
            .iter()
            .map(|id| json!({"linkId": id, "answer": [{"valueCoding": {"system": "https://luotsi.fi/fhir/CodeSystem/red-flag-answer", "code": answer(id)}}]}))
            .collect();
        sr["contained"].as_array_mut().unwrap().push(json!({
            "resourceType": "QuestionnaireResponse", "id": "screen",
            "questionnaire": q.body["url"], "status": "completed", "item": items
        }));
        sr["supportingInfo"] = json!([{"reference": "#screen"}]);
        assert_valid(&sr);
        sr
    };
    let staff = token(&[Role::CallCentre]);
    let r = send(&app, post(&answered(&|_| "no", "010101A999X"), &staff)).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(entry(&r.body, "Task")["status"], "requested");
    let sr = entry(&r.body, "ServiceRequest");
    assert_eq!(sr["contained"][0]["resourceType"], "QuestionnaireResponse");
    // A yes is the emergency: nothing recorded, the instructions in the outcome.
    let yes = |id: &str| if id == "breathing" { "yes" } else { "no" };
    let r = send(&app, post(&answered(&yes, "020202A999M"), &staff)).await;
    let text = outcome(&r, 409)["issue"][0]["details"]["text"].as_str().unwrap().to_owned();
    assert!(text.contains("112") && text.contains("breathing"), "{text}");
    // Call-centre staff without the answers are asked for them.
    let r = send(&app, post(&service_request("020202A999M", ACUTE), &staff)).await;
    assert!(outcome(&r, 409)["issue"][0]["diagnostics"].as_str().unwrap().contains("safety-screen"));

    // An emergency in the text: 409 with the instructions; recorded only once handled.
    let emergency = service_request("030303A999B", "Isä on tajuton eikä herää, hengitys katkeilee.");
    let r = send(&app, post(&emergency, &system_token())).await;
    let issue = &outcome(&r, 409)["issue"][0];
    assert_eq!(issue["code"], "business-rule");
    assert!(issue["details"]["text"].as_str().unwrap().contains("112"), "{issue}");
    let mut handled = emergency.clone();
    handled["extension"]
        .as_array_mut()
        .unwrap()
        .push(json!({"url": "https://luotsi.fi/fhir/StructureDefinition/emergency-handled", "valueBoolean": true}));
    // (A referral needs a service that takes one: the system sends the need it knows of.)
    handled["reasonCode"] =
        json!([{"coding": [{"system": "https://luotsi.fi/fhir/CodeSystem/needs", "code": "elderly.home_care"}]}]);
    let r = send(&app, post(&handled, &system_token())).await;
    assert_eq!(r.status, 201, "{}", r.text);

    // A practitioner's own assessment satisfies the screen (never an emergency in the text).
    let mut assessed = service_request("040404A9992", ACUTE);
    assessed["requester"] = json!({"reference": "Practitioner/4411", "display": "sairaanhoitaja 4411"});
    assessed["authoredOn"] = json!("2026-11-23T08:00:00+02:00");
    let r = send(&app, post(&assessed, &system_token())).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(entry(&r.body, "Task")["status"], "requested");
    let mut assessed_emergency = emergency.clone();
    assessed_emergency["requester"] = assessed["requester"].clone();
    outcome(&send(&app, post(&assessed_emergency, &system_token())).await, 409);
}
db_test!(the_safety_rules_hold_over_fhir_, the_safety_rules_hold_over_fhir);

#[actix_web::test]
async fn every_error_is_an_operation_outcome_that_names_the_element() {
    let db = TestDb::sqlite();
    let app = test::init_service(luotsi::build_app(state(&db, true))).await;
    let system = system_token();

    // No municipality, a bad identity code: each named by its FHIR element, nothing recorded.
    let mut sr = service_request("131052-308X", LOW_MOOD);
    sr["contained"][0]["extension"] = json!([]);
    let r = send(&app, post(&sr, &system)).await;
    let expressions: Vec<&str> =
        outcome(&r, 422)["issue"].as_array().unwrap().iter().map(|i| i["expression"][0].as_str().unwrap()).collect();
    assert_eq!(expressions, ["Patient.extension('municipality-code')"], "{}", r.text);
    sr["contained"][0]["extension"] = service_request(HETU, LOW_MOOD)["contained"][0]["extension"].clone();
    let r = send(&app, post(&sr, &system)).await;
    assert_eq!(outcome(&r, 422)["issue"][0]["expression"][0], "ServiceRequest.subject.identifier", "{}", r.text);
    // A municipality outside the region; an unknown need code; a service that is not one.
    let mut sr = service_request(HETU, LOW_MOOD);
    sr["contained"][0]["extension"][0]["valueCoding"]["code"] = json!("091");
    sr["reasonCode"] = json!([{"coding": [{"system": "https://luotsi.fi/fhir/CodeSystem/needs", "code": "no.such"}]}]);
    sr["performer"] = json!([{"reference": "HealthcareService/nope"}]);
    let r = send(&app, post(&sr, &system)).await;
    let expressions: Vec<&str> =
        outcome(&r, 422)["issue"].as_array().unwrap().iter().map(|i| i["expression"][0].as_str().unwrap()).collect();
    for expected in
        ["Patient.extension('municipality-code')", "ServiceRequest.reasonCode.coding", "ServiceRequest.performer[0]"]
    {
        assert!(expressions.contains(&expected), "{expected}: {}", r.text);
    }
    // An element Luotsi does not read, a status other than active, stat priority.
    let mut sr = service_request(HETU, LOW_MOOD);
    sr["doNotPerform"] = json!(true);
    outcome(&send(&app, post(&sr, &system)).await, 422);
    let mut sr = service_request(HETU, LOW_MOOD);
    sr["status"] = json!("draft");
    outcome(&send(&app, post(&sr, &system)).await, 422);
    let mut sr = service_request(HETU, LOW_MOOD);
    sr["priority"] = json!("stat");
    let r = send(&app, post(&sr, &system)).await;
    assert!(outcome(&r, 422)["issue"][0]["details"]["text"].as_str().unwrap().contains("112"));
    // Not JSON, no token, the wrong role, a path that is not there, a method that is not allowed.
    let r = send(
        &app,
        TestRequest::post()
            .uri("/fhir/ServiceRequest")
            .insert_header(bearer(&system))
            .insert_header(("Content-Type", "text/plain"))
            .set_payload("hello"),
    )
    .await;
    outcome(&r, 415);
    let r = send(&app, TestRequest::post().uri("/fhir/ServiceRequest").set_json(service_request(HETU, LOW_MOOD))).await;
    assert_eq!(outcome(&r, 401)["issue"][0]["code"], "login");
    assert_eq!(r.header("www-authenticate"), Some("Bearer"));
    outcome(&send(&app, post(&service_request(HETU, LOW_MOOD), &token(&[Role::Admin]))).await, 403);
    outcome(&send(&app, TestRequest::get().uri("/fhir/Patient/1")).await, 404);
    outcome(&send(&app, get("/fhir/Task/not-a-uuid", &system)).await, 404);
    outcome(&send(&app, TestRequest::delete().uri("/fhir/metadata")).await, 405);
    // A search needs owner or focus; a status Luotsi does not use.
    outcome(&send(&app, get("/fhir/Task", &system)).await, 422);
    let r = send(&app, get(&format!("/fhir/Task?owner={SJK_MTP}&status=on-hold"), &team_token("x", &[SJK_MTP]))).await;
    assert_eq!(outcome(&r, 422)["issue"][0]["expression"][0], "status");
    // A bad conditional create.
    let r =
        send(&app, post(&service_request(HETU, LOW_MOOD), &system).insert_header(("If-None-Exist", "name=x"))).await;
    outcome(&r, 400);
    // The REST API keeps problem+json.
    send(&app, TestRequest::get().uri("/v1/nothing")).await.problem(404);
}

#[actix_web::test]
async fn the_catalogue_and_the_vocabularies_are_valid_fhir() {
    let db = TestDb::sqlite();
    let state = state(&db, true);
    let services = state.catalogue.get().services.len();
    let app = test::init_service(luotsi::build_app(state)).await;
    // Every service, page by page, following the links.
    let mut uri = "/fhir/HealthcareService?_count=50".to_owned();
    let mut seen = 0;
    loop {
        let r = send(&app, TestRequest::get().uri(&uri)).await;
        assert_eq!(r.status, 200, "{}", r.text);
        assert_valid(&r.body);
        assert_eq!(r.body["total"], services);
        seen += r.body["entry"].as_array().unwrap().len();
        let next =
            r.body["link"].as_array().unwrap().iter().find(|l| l["relation"] == "next").map(|l| l["url"].clone());
        match next {
            Some(url) => uri = url.as_str().unwrap().split_once("/fhir/").map(|(_, p)| format!("/fhir/{p}")).unwrap(),
            None => break,
        }
    }
    assert_eq!(seen, services);
    let r = send(&app, TestRequest::get().uri(&format!("/fhir/HealthcareService/{MATALA_KYNNYS}"))).await;
    assert_valid(&r.body);
    assert!(r.body["type"].as_array().unwrap().iter().any(|t| t["coding"][0]["code"] == "mental.mild"), "{}", r.text);
    for system in ["needs", "red-flag-answer", "referral-status"] {
        let r = send(&app, TestRequest::get().uri(&format!("/fhir/CodeSystem/{system}"))).await;
        assert_eq!(r.status, 200, "{}", r.text);
        assert_valid(&r.body);
    }
    outcome(&send(&app, TestRequest::get().uri("/fhir/CodeSystem/icd10")).await, 404);
    outcome(&send(&app, TestRequest::get().uri("/fhir/HealthcareService?_count=0")).await, 422);
}

#[test]
fn the_schema_refuses_what_fhir_refuses() {
    // The validator can fail: a Task status FHIR does not have, a Bundle without its type.
    let task = json!({"resourceType": "Task", "status": "waiting", "intent": "order"});
    assert!(!is_valid(&task));
    assert!(is_valid(&json!({"resourceType": "Task", "status": "accepted", "intent": "order"})));
    assert!(!is_valid(&json!({"resourceType": "Bundle", "type": "pile"})));
    assert!(!is_valid(&json!({"resourceType": "CapabilityStatement", "fhirVersion": "4.0.2"})));
    assert!(!is_valid(&json!({"resourceType": "OperationOutcome", "issue": [{"severity": "bad", "code": "invalid"}]})));
}
