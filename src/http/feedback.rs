//! The client's feedback page at `/feedback/{token}`: a one-time link a patient system asked for
//! (`POST /v1/referrals/{id}/feedback-link`) opens a small form in the client's language (Finnish,
//! Swedish or English, the referral's client language). No login, no JavaScript, one stylesheet
//! from this service; WCAG 2.1 AA (labelled controls grouped in fieldsets, headings, visible
//! focus, errors named in words and linked to their field).
//!
//! Like Swagger UI it is not part of the API nor of its document. The token answers for the
//! client: it stands only in the address, is never logged (the access log masks it), never
//! written into the page, and only its hash is stored. An unknown link is 404, an expired or
//! answered one 410, each a page in all three languages.

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{web, HttpMessage, HttpRequest, HttpResponse, ResponseError};

use super::auditing::request_id;
use super::errors::AppError;
use super::middleware::OwnPage;
use super::referrals::feedback_row;
use crate::domain::feedback::{self as rules, Answer, Grade, LinkState, LinkToken, Refusal, Source};
use crate::domain::lang::Lang;
use crate::http::state::AppState;
use crate::store::audit::{self as audit_repo, NewAuditEntry};
use crate::store::catalogue::now;
use crate::store::feedback as feedback_repo;
use crate::store::referrals as repo;
use crate::store::{self, DbConn};

/// The stylesheet's name under `/feedback/` (the access log leaves it unmasked).
pub const STYLESHEET: &str = "feedback.css";

/// The pages' own policy: nothing but this service's stylesheet, forms sent back here only.
pub const CSP: &str =
    "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Registers the pages (outside the API's routes and document).
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource(format!("/feedback/{STYLESHEET}")).route(web::get().to(stylesheet)))
        .service(web::resource("/feedback/{token}").route(web::get().to(page)).route(web::post().to(answer)));
}

/// `GET /feedback/{token}`: the form, or why the link answers no more.
async fn page(state: web::Data<AppState>, req: HttpRequest, token: web::Path<String>) -> HttpResponse {
    let Some(hash) = LinkToken::hash_of(&token) else { return message(Message::Unknown) };
    let rid = request_id(&req);
    let found = state
        .db(move |conn| {
            let Some(link) = open_link(conn, &hash)? else { return Ok::<_, AppError>(None) };
            if link.state == LinkState::Open {
                audit_repo::append(conn, &[client_entry("feedback_page", &link.referral_id, &rid)])?;
            }
            Ok(Some((link.state, link.language)))
        })
        .await;
    match found {
        Ok(None) => message(Message::Unknown),
        Ok(Some((LinkState::Open, lang))) => form_page(lang, &FormInput::default(), &[]),
        Ok(Some((closed, _))) => message(Message::of(closed)),
        Err(e) => trouble(&e),
    }
}

/// `POST /feedback/{token}` (`application/x-www-form-urlencoded`): stores the answer (source
/// `link`) and marks the link used, in one transaction; a form with a missing or invalid field
/// comes back with the fields kept and each error named (422).
async fn answer(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
    body: web::Bytes,
) -> HttpResponse {
    if !req.content_type().eq_ignore_ascii_case("application/x-www-form-urlencoded") {
        return message(Message::Unsupported);
    }
    let Some(hash) = LinkToken::hash_of(&token) else { return message(Message::Unknown) };
    let form = FormInput::read(&body);
    let checked = form.check();
    let rid = request_id(&req);
    let keys = state.crypto.clone();
    let posted = state
        .db(move |conn| {
            store::write_tx(conn, |conn| {
                let Some(link) = open_link(conn, &hash)? else { return Ok(Posted::Unknown) };
                if link.state != LinkState::Open {
                    return Ok(Posted::Closed(link.state));
                }
                let Ok(answer) = checked else { return Ok(Posted::Invalid(link.language)) };
                let row = feedback_row(&keys, &link.referral_id, &answer, Source::Link, "client");
                match feedback_repo::record(conn, link.status, &row)? {
                    Ok(()) => {}
                    Err(Refusal::AlreadyAnswered { .. }) => return Ok(Posted::Closed(LinkState::Answered)),
                    Err(Refusal::NotCompleted(_)) => return Ok(Posted::Closed(LinkState::Expired)),
                }
                // Another answer through this link in the same moment: this one is rolled back.
                if !feedback_repo::mark_used(conn, &hash, row.recorded_at)? {
                    return Err(AppError::Duplicate("the link was answered meanwhile".into()));
                }
                audit_repo::append(conn, &[client_entry("feedback:link", &link.referral_id, &rid)])?;
                Ok(Posted::Thanks(link.language))
            })
        })
        .await;
    match posted {
        Ok(Posted::Thanks(lang)) => {
            crate::metrics::feedback(Source::Link);
            thanks_page(lang)
        }
        Ok(Posted::Invalid(lang)) => {
            let errors = form.check().err().unwrap_or_default();
            form_page(lang, &form, &errors)
        }
        Ok(Posted::Unknown) => message(Message::Unknown),
        Ok(Posted::Closed(state)) => message(Message::of(state)),
        // The unique key of the answers (or of the link's use) refused a second answer.
        Err(AppError::Duplicate(_)) => message(Message::Answered),
        Err(e) => trouble(&e),
    }
}

/// `GET /feedback/feedback.css`.
async fn stylesheet() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, HeaderValue::from_static("text/css; charset=utf-8")))
        .insert_header((header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=86400")))
        .body(CSS)
}

/// What a POST came to.
enum Posted {
    Unknown,
    Closed(LinkState),
    Invalid(Lang),
    Thanks(Lang),
}

/// A link as the page needs it.
struct OpenLink {
    referral_id: String,
    state: LinkState,
    language: Lang,
    status: crate::domain::referral::Status,
}

/// The link of a token's hash with its referral's language and status, and what the link can do
/// now; `None` for a token no link has.
fn open_link(conn: &mut DbConn, hash: &str) -> Result<Option<OpenLink>, AppError> {
    let Some(link) = feedback_repo::find_link(conn, hash)? else { return Ok(None) };
    let Some(stored) = repo::find(conn, &link.referral_id)? else { return Ok(None) };
    let answered = feedback_repo::recorded_at(conn, &link.referral_id)?.is_some();
    let state = rules::link_state(link.expires_at, link.used_at.is_some(), answered, now());
    Ok(Some(OpenLink {
        referral_id: link.referral_id,
        state,
        language: stored.referral.language,
        status: stored.referral.status,
    }))
}

/// The audit entry of the client acting through a link (the link is their only credential).
fn client_entry(action: &str, referral_id: &str, request_id: &Option<String>) -> NewAuditEntry {
    NewAuditEntry {
        at: now(),
        actor: "client".into(),
        roles: "feedback_link".into(),
        action: action.into(),
        referral_id: Some(referral_id.into()),
        request_id: request_id.clone(),
        detail: None,
    }
}

// ------------------------------------------------------------------------------------------------
// The form

/// The form's fields as sent (the first value of each name), kept to show them again.
#[derive(Default, Clone, Debug)]
struct FormInput {
    helped: Option<String>,
    within_target: Option<String>,
    grade: Option<String>,
    comment: String,
}

/// A field that is missing or not valid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Invalid {
    Helped,
    WithinTarget,
    Grade,
    /// The comment's length in characters.
    CommentLength(usize),
    CommentCharacter,
}

impl Invalid {
    /// The field's first control, which the error summary links to.
    fn anchor(self) -> &'static str {
        match self {
            Invalid::Helped => "helped-yes",
            Invalid::WithinTarget => "within_target-yes",
            Invalid::Grade => "grade-1",
            Invalid::CommentLength(_) | Invalid::CommentCharacter => "comment",
        }
    }

    fn message(self, t: &Texts) -> String {
        match self {
            Invalid::Helped => t.error_helped.to_owned(),
            Invalid::WithinTarget => t.error_within_target.to_owned(),
            Invalid::Grade => t.error_grade.to_owned(),
            Invalid::CommentLength(n) => t.error_comment_length.replace("{n}", &n.to_string()),
            Invalid::CommentCharacter => t.error_comment_character.to_owned(),
        }
    }
}

impl FormInput {
    fn read(body: &[u8]) -> Self {
        let text = std::str::from_utf8(body).unwrap_or_default();
        let pairs = web::Query::<Vec<(String, String)>>::from_query(text).map(|q| q.into_inner()).unwrap_or_default();
        let first = |name: &str| pairs.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
        Self {
            helped: first("helped"),
            within_target: first("within_target"),
            grade: first("grade"),
            comment: first("comment").unwrap_or_default(),
        }
    }

    /// The answer, or every field that is missing or not valid.
    fn check(&self) -> Result<Answer, Vec<Invalid>> {
        let mut errors = Vec::new();
        let yes_no = |value: &Option<String>| match value.as_deref() {
            Some("yes") => Some(true),
            Some("no") => Some(false),
            _ => None,
        };
        let helped = yes_no(&self.helped);
        if helped.is_none() {
            errors.push(Invalid::Helped);
        }
        let within_target = yes_no(&self.within_target);
        if within_target.is_none() {
            errors.push(Invalid::WithinTarget);
        }
        let grade = self.grade.as_deref().and_then(|g| g.parse::<i64>().ok()).and_then(|g| Grade::parse(g).ok());
        if grade.is_none() {
            errors.push(Invalid::Grade);
        }
        // A browser sends a textarea's line breaks as CR LF, and counts each as one character
        // against `maxlength`: so does this.
        let comment = self.comment.replace("\r\n", "\n").replace('\r', "\n");
        let comment = match rules::comment(Some(&comment)) {
            Ok(c) => c,
            Err(_) => {
                let chars = comment.chars().count();
                errors.push(if chars > rules::MAX_COMMENT_CHARS {
                    Invalid::CommentLength(chars)
                } else {
                    Invalid::CommentCharacter
                });
                None
            }
        };
        match (helped, within_target, grade) {
            (Some(helped), Some(within_target), Some(grade)) if errors.is_empty() => {
                Ok(Answer { helped, within_target, grade, comment })
            }
            _ => Err(errors),
        }
    }
}

// ------------------------------------------------------------------------------------------------
// Pages

/// A page's answer: HTML with the pages' own policy, never cached, never a referrer; marked so
/// that the problems middleware leaves an error page as it is.
fn respond(status: StatusCode, html: String) -> HttpResponse {
    let mut response = HttpResponse::build(status)
        .insert_header((header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8")))
        .insert_header((header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP)))
        .insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .insert_header((header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")))
        .insert_header((header::HeaderName::from_static("x-robots-tag"), HeaderValue::from_static("noindex, nofollow")))
        .body(html);
    response.extensions_mut().insert(OwnPage);
    response
}

fn document(lang: Lang, title: &str, main: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"robots\" content=\"noindex, nofollow\">\n<title>{title}</title>\n\
         <link rel=\"stylesheet\" href=\"/feedback/{STYLESHEET}\">\n</head>\n<body>\n<main>\n{main}</main>\n</body>\n</html>\n",
        lang = lang.code(),
        title = escape(title),
    )
}

/// The form, with the fields as sent and their errors (200 without errors, 422 with).
fn form_page(lang: Lang, form: &FormInput, errors: &[Invalid]) -> HttpResponse {
    let t = texts(lang);
    let mut main = format!("<h1>{}</h1>\n<p>{}</p>\n", escape(t.heading), escape(t.intro));
    if !errors.is_empty() {
        main.push_str(&format!(
            "<div class=\"error-summary\" role=\"alert\" aria-labelledby=\"error-summary-title\">\n\
             <h2 id=\"error-summary-title\">{}</h2>\n<ul>\n",
            escape(t.errors_heading)
        ));
        for e in errors {
            main.push_str(&format!("<li><a href=\"#{}\">{}</a></li>\n", e.anchor(), escape(&e.message(t))));
        }
        main.push_str("</ul>\n</div>\n");
    }
    // No action: the form goes back to this page's address, so the token is not written here.
    main.push_str(&format!(
        "<form method=\"post\" accept-charset=\"utf-8\" novalidate>\n<p class=\"hint\">{}</p>\n",
        escape(t.required_note)
    ));
    let error_of = |wanted: fn(&Invalid) -> bool| errors.iter().copied().find(wanted);
    let yes_no = [("yes", t.yes), ("no", t.no)];
    main.push_str(&radio_group(
        t,
        "helped",
        t.helped,
        None,
        &yes_no,
        form.helped.as_deref(),
        error_of(|e| *e == Invalid::Helped),
    ));
    main.push_str(&radio_group(
        t,
        "within_target",
        t.within_target,
        Some(t.within_target_hint),
        &yes_no,
        form.within_target.as_deref(),
        error_of(|e| *e == Invalid::WithinTarget),
    ));
    let grades: Vec<(String, String)> =
        Grade::ALL.iter().map(|g| (g.value().to_string(), format!("{} – {}", g.value(), g.words(lang)))).collect();
    let grades: Vec<(&str, &str)> = grades.iter().map(|(v, l)| (v.as_str(), l.as_str())).collect();
    main.push_str(&radio_group(
        t,
        "grade",
        t.grade,
        Some(t.grade_hint),
        &grades,
        form.grade.as_deref(),
        error_of(|e| *e == Invalid::Grade),
    ));
    let comment_error = error_of(|e| matches!(e, Invalid::CommentLength(_) | Invalid::CommentCharacter));
    let mut described = "comment-hint".to_owned();
    main.push_str(&format!(
        "<div class=\"field{}\">\n<label for=\"comment\">{}</label>\n<p class=\"hint\" id=\"comment-hint\">{}</p>\n",
        if comment_error.is_some() { " invalid" } else { "" },
        escape(t.comment),
        escape(t.comment_hint)
    ));
    if let Some(e) = comment_error {
        main.push_str(&format!("<p class=\"error\" id=\"comment-error\">{}</p>\n", escape(&e.message(t))));
        described.push_str(" comment-error");
    }
    main.push_str(&format!(
        "<textarea id=\"comment\" name=\"comment\" rows=\"6\" maxlength=\"{}\" aria-describedby=\"{described}\"{}>{}</textarea>\n</div>\n",
        rules::MAX_COMMENT_CHARS,
        if comment_error.is_some() { " aria-invalid=\"true\"" } else { "" },
        escape(&form.comment),
    ));
    main.push_str(&format!("<button type=\"submit\">{}</button>\n</form>\n", escape(t.submit)));
    let (status, title) = if errors.is_empty() {
        (StatusCode::OK, t.title.to_owned())
    } else {
        (StatusCode::UNPROCESSABLE_ENTITY, format!("{}: {}", t.error_prefix, t.title))
    };
    respond(status, document(lang, &title, &main))
}

/// A group of radio buttons in a fieldset, its legend the question.
fn radio_group(
    t: &Texts,
    name: &str,
    question: &str,
    hint: Option<&str>,
    choices: &[(&str, &str)],
    chosen: Option<&str>,
    error: Option<Invalid>,
) -> String {
    let mut described = Vec::new();
    let mut inner = String::new();
    if let Some(hint) = hint {
        inner.push_str(&format!("<p class=\"hint\" id=\"{name}-hint\">{}</p>\n", escape(hint)));
        described.push(format!("{name}-hint"));
    }
    if let Some(e) = error {
        inner.push_str(&format!("<p class=\"error\" id=\"{name}-error\">{}</p>\n", escape(&e.message(t))));
        described.push(format!("{name}-error"));
    }
    for (value, label) in choices {
        let id = format!("{name}-{value}");
        let checked = if chosen == Some(*value) { " checked" } else { "" };
        inner.push_str(&format!(
            "<div class=\"choice\"><input type=\"radio\" id=\"{id}\" name=\"{name}\" value=\"{value}\" required{checked}><label for=\"{id}\">{}</label></div>\n",
            escape(label)
        ));
    }
    let described =
        if described.is_empty() { String::new() } else { format!(" aria-describedby=\"{}\"", described.join(" ")) };
    let class = if error.is_some() { " class=\"invalid\"" } else { "" };
    format!("<fieldset{class}{described}>\n<legend>{}</legend>\n{inner}</fieldset>\n", escape(question))
}

fn thanks_page(lang: Lang) -> HttpResponse {
    let t = texts(lang);
    let main = format!("<h1>{}</h1>\n<p>{}</p>\n", escape(t.thanks_heading), escape(t.thanks_text));
    respond(StatusCode::OK, document(lang, t.thanks_heading, &main))
}

/// Why a link shows no form, said in all three languages (the client's language is not known for
/// an unknown link, and a page in all three is the same for every link).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Message {
    Unknown,
    Expired,
    Answered,
    Unsupported,
    Trouble(StatusCode),
}

impl Message {
    fn of(state: LinkState) -> Self {
        match state {
            LinkState::Expired => Message::Expired,
            // An open link is answered with the form; a state that shows no form is not open.
            LinkState::Answered | LinkState::Open => Message::Answered,
        }
    }

    fn status(self) -> StatusCode {
        match self {
            Message::Unknown => StatusCode::NOT_FOUND,
            Message::Expired | Message::Answered => StatusCode::GONE,
            Message::Unsupported => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Message::Trouble(status) => status,
        }
    }

    /// Heading and text in a language.
    fn words(self, lang: Lang) -> (&'static str, &'static str) {
        match (self, lang) {
            (Message::Unknown, Lang::Fi) => ("Linkkiä ei löydy", "Palautelinkkiä ei löydy. Tarkista, että osoite on kokonainen: se on voinut katketa viestissä."),
            (Message::Unknown, Lang::Sv) => ("Länken hittas inte", "Responslänken hittas inte. Kontrollera att adressen är hel: den kan ha brutits av i meddelandet."),
            (Message::Unknown, Lang::En) => ("Link not found", "The feedback link was not found. Check that the address is complete: it may have been cut in the message."),
            (Message::Expired, Lang::Fi) => ("Linkki on vanhentunut", "Palautelinkki on voimassa 14 päivää, ja vain uusin saamasi linkki on käytössä. Tällä linkillä ei voi enää vastata."),
            (Message::Expired, Lang::Sv) => ("Länken har gått ut", "En responslänk gäller i 14 dagar, och bara den senaste länken du fått kan användas. Med den här länken kan du inte längre svara."),
            (Message::Expired, Lang::En) => ("The link has expired", "A feedback link is valid for 14 days, and only the latest link you received can be used. This link can no longer be answered."),
            (Message::Answered, Lang::Fi) => ("Palautteeseen on jo vastattu", "Tähän palautteeseen on jo vastattu, ja vastauksia otetaan yksi. Kiitos!"),
            (Message::Answered, Lang::Sv) => ("Responsen har redan besvarats", "Den här responsen har redan besvarats, och ett svar tas emot. Tack!"),
            (Message::Answered, Lang::En) => ("Feedback already answered", "This feedback has already been answered, and one answer is taken. Thank you!"),
            (Message::Unsupported, Lang::Fi) => ("Lomaketta ei voitu lukea", "Avaa palautelinkki uudelleen ja lähetä vastauksesi sivun lomakkeella."),
            (Message::Unsupported, Lang::Sv) => ("Formuläret kunde inte läsas", "Öppna responslänken igen och skicka ditt svar med formuläret på sidan."),
            (Message::Unsupported, Lang::En) => ("The form could not be read", "Open the feedback link again and send your answer with the form on the page."),
            (Message::Trouble(_), Lang::Fi) => ("Palvelussa on häiriö", "Vastaustasi ei voitu käsitellä juuri nyt. Yritä hetken kuluttua uudelleen samalla linkillä."),
            (Message::Trouble(_), Lang::Sv) => ("Tjänsten har en störning", "Ditt svar kunde inte behandlas just nu. Försök igen om en stund med samma länk."),
            (Message::Trouble(_), Lang::En) => ("The service has a problem", "Your answer could not be handled right now. Try again in a moment with the same link."),
        }
    }
}

fn message(m: Message) -> HttpResponse {
    let headings: Vec<&str> = Lang::ALL.iter().map(|l| m.words(*l).0).collect();
    let mut main =
        String::from("<h1>Palaute <span lang=\"sv\">· Respons</span> <span lang=\"en\">· Feedback</span></h1>\n");
    for lang in Lang::ALL {
        let (heading, text) = m.words(lang);
        main.push_str(&format!(
            "<section lang=\"{}\">\n<h2>{}</h2>\n<p>{}</p>\n</section>\n",
            lang.code(),
            escape(heading),
            escape(text)
        ));
    }
    respond(m.status(), document(Lang::Fi, &headings.join(" – "), &main))
}

/// A database that did not answer, or an internal error (logged as the API logs it).
fn trouble(e: &AppError) -> HttpResponse {
    let status = e.status_code();
    if let AppError::Internal(cause) = e {
        log::error!("internal error: {cause}");
    }
    let mut response = message(Message::Trouble(status));
    if status == StatusCode::SERVICE_UNAVAILABLE {
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
    }
    response
}

/// Text for HTML: the five characters that could end an element or an attribute, escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

// ------------------------------------------------------------------------------------------------
// Words

/// The page's words in one language.
struct Texts {
    title: &'static str,
    heading: &'static str,
    intro: &'static str,
    required_note: &'static str,
    helped: &'static str,
    within_target: &'static str,
    within_target_hint: &'static str,
    yes: &'static str,
    no: &'static str,
    grade: &'static str,
    grade_hint: &'static str,
    comment: &'static str,
    comment_hint: &'static str,
    submit: &'static str,
    error_prefix: &'static str,
    errors_heading: &'static str,
    error_helped: &'static str,
    error_within_target: &'static str,
    error_grade: &'static str,
    /// `{n}` is the comment's length.
    error_comment_length: &'static str,
    error_comment_character: &'static str,
    thanks_heading: &'static str,
    thanks_text: &'static str,
}

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Fi => &FI,
        Lang::Sv => &SV,
        Lang::En => &EN,
    }
}

const FI: Texts = Texts {
    title: "Palaute",
    heading: "Miten asiasi hoitui?",
    intro: "Kerro muutamalla kysymyksellä, miten sait apua. Vastaaminen vie noin minuutin, ja voit vastata kerran. Vastauksesi käsitellään luottamuksellisesti.",
    required_note: "Vastaa kolmeen ensimmäiseen kysymykseen. Vapaa palaute on vapaaehtoinen.",
    helped: "Saitko apua asiaasi?",
    within_target: "Saitko palvelun luvatussa ajassa?",
    within_target_hint: "Jokaisella palvelulla on tavoiteaika, jonka kuluessa asiasi otetaan hoitoon.",
    yes: "Kyllä",
    no: "Ei",
    grade: "Minkä arvosanan annat palvelulle?",
    grade_hint: "1 on huonoin ja 5 paras.",
    comment: "Vapaa palaute (vapaaehtoinen)",
    comment_hint: "Enintään 1000 merkkiä. Älä kirjoita henkilötunnustasi tai muita tunnistetietoja.",
    submit: "Lähetä palaute",
    error_prefix: "Virhe",
    errors_heading: "Vastauksessa on korjattavaa",
    error_helped: "Valitse, saitko apua: kyllä tai ei.",
    error_within_target: "Valitse, saitko palvelun luvatussa ajassa: kyllä tai ei.",
    error_grade: "Valitse arvosana 1–5.",
    error_comment_length: "Vapaa palaute on {n} merkkiä pitkä. Lyhennä se enintään 1000 merkkiin.",
    error_comment_character: "Vapaassa palautteessa on merkki, jota ei voi tallentaa. Poista se.",
    thanks_heading: "Kiitos palautteestasi!",
    thanks_text: "Vastauksesi on tallennettu. Sitä käytetään palvelujen kehittämiseen. Voit nyt sulkea tämän sivun.",
};

const SV: Texts = Texts {
    title: "Respons",
    heading: "Hur sköttes ditt ärende?",
    intro: "Berätta med några frågor hur du fick hjälp. Det tar ungefär en minut att svara, och du kan svara en gång. Ditt svar behandlas konfidentiellt.",
    required_note: "Svara på de tre första frågorna. Den fria kommentaren är frivillig.",
    helped: "Fick du hjälp med ditt ärende?",
    within_target: "Fick du servicen inom utlovad tid?",
    within_target_hint: "Varje tjänst har en måltid inom vilken ditt ärende ska tas om hand.",
    yes: "Ja",
    no: "Nej",
    grade: "Vilket vitsord ger du servicen?",
    grade_hint: "1 är sämst och 5 bäst.",
    comment: "Fri kommentar (frivillig)",
    comment_hint: "Högst 1000 tecken. Skriv inte din personbeteckning eller andra identifierande uppgifter.",
    submit: "Skicka respons",
    error_prefix: "Fel",
    errors_heading: "Svaret behöver rättas",
    error_helped: "Välj om du fick hjälp: ja eller nej.",
    error_within_target: "Välj om du fick servicen inom utlovad tid: ja eller nej.",
    error_grade: "Välj ett vitsord 1–5.",
    error_comment_length: "Kommentaren är {n} tecken lång. Förkorta den till högst 1000 tecken.",
    error_comment_character: "Kommentaren innehåller ett tecken som inte kan sparas. Ta bort det.",
    thanks_heading: "Tack för din respons!",
    thanks_text: "Ditt svar har sparats. Det används för att utveckla tjänsterna. Du kan nu stänga den här sidan.",
};

const EN: Texts = Texts {
    title: "Feedback",
    heading: "How was your matter handled?",
    intro: "Tell us in a few questions how you were helped. Answering takes about a minute, and you can answer once. Your answer is handled confidentially.",
    required_note: "Answer the first three questions. The free comment is optional.",
    helped: "Did you get help with your matter?",
    within_target: "Did you get the service within the promised time?",
    within_target_hint: "Each service has a target time within which your matter should be taken up.",
    yes: "Yes",
    no: "No",
    grade: "What grade do you give the service?",
    grade_hint: "1 is the lowest and 5 the highest.",
    comment: "Free comment (optional)",
    comment_hint: "At most 1000 characters. Do not write your personal identity code or other identifying details.",
    submit: "Send feedback",
    error_prefix: "Error",
    errors_heading: "Please correct your answer",
    error_helped: "Choose whether you got help: yes or no.",
    error_within_target: "Choose whether you got the service within the promised time: yes or no.",
    error_grade: "Choose a grade from 1 to 5.",
    error_comment_length: "The comment is {n} characters long. Shorten it to at most 1000 characters.",
    error_comment_character: "The comment holds a character that cannot be saved. Remove it.",
    thanks_heading: "Thank you for your feedback!",
    thanks_text: "Your answer has been saved. It is used to improve the services. You can now close this page.",
};

/// The pages' stylesheet: system fonts, text at least 4.5:1 against its background, controls and
/// their borders at least 3:1, a focus ring on every control, targets of 24 px or more.
const CSS: &str = "\
html { font-family: system-ui, -apple-system, \"Segoe UI\", Roboto, sans-serif; line-height: 1.5; color: #1b1b1b; background: #ffffff; }
body { margin: 0; }
main { max-width: 40rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
h1 { font-size: 1.75rem; line-height: 1.25; margin: 1rem 0; }
h2 { font-size: 1.25rem; margin: 1.5rem 0 0.5rem; }
fieldset { border: 1px solid #6b6b6b; border-radius: 4px; margin: 0 0 1.5rem; padding: 0.5rem 1rem 1rem; }
legend { font-weight: 600; font-size: 1.125rem; padding: 0 0.25rem; }
.choice { display: flex; align-items: center; gap: 0.5rem; margin: 0.5rem 0; }
.choice input { width: 1.5rem; height: 1.5rem; margin: 0; accent-color: #0b5c8c; }
.choice label { padding: 0.25rem 0; }
.field { margin: 0 0 1.5rem; }
.field label { display: block; font-weight: 600; font-size: 1.125rem; }
.hint { color: #4a4a4a; margin: 0.25rem 0 0.5rem; }
textarea { display: block; width: 100%; box-sizing: border-box; font: inherit; padding: 0.5rem; border: 2px solid #6b6b6b; border-radius: 4px; }
button { font: inherit; font-weight: 600; color: #ffffff; background: #0b5c8c; border: 2px solid #0b5c8c; border-radius: 4px; padding: 0.625rem 1.5rem; cursor: pointer; }
button:hover { background: #084466; border-color: #084466; }
a { color: #0b5c8c; }
:focus-visible { outline: 3px solid #1b1b1b; outline-offset: 3px; box-shadow: 0 0 0 3px #ffbf47; }
.error-summary { border: 4px solid #b00020; padding: 0.5rem 1rem; margin: 0 0 1.5rem; }
.error-summary h2 { margin-top: 0.5rem; }
.error-summary a { color: #b00020; font-weight: 600; }
.error { color: #b00020; font-weight: 600; margin: 0.25rem 0 0.5rem; }
fieldset.invalid, .field.invalid textarea { border: 2px solid #b00020; }
section { margin: 0 0 1.5rem; }
";

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &str) -> FormInput {
        FormInput::read(pairs.as_bytes())
    }

    #[test]
    fn a_form_is_read_and_checked_field_by_field() {
        let ok = form("helped=yes&within_target=no&grade=4&comment=Hyv%C3%A4+palvelu%0D%0Akiitos&helped=no");
        let answer = ok.check().unwrap();
        assert_eq!((answer.helped, answer.within_target, answer.grade.value()), (true, false, 4));
        assert_eq!(answer.comment.as_deref(), Some("Hyvä palvelu\nkiitos"));
        assert_eq!(form("helped=no&within_target=yes&grade=1&comment=+").check().unwrap().comment, None);
        assert_eq!(form("").check().unwrap_err(), [Invalid::Helped, Invalid::WithinTarget, Invalid::Grade]);
        assert_eq!(
            form("helped=maybe&within_target=yes&grade=6&comment=a%00b").check().unwrap_err(),
            [Invalid::Helped, Invalid::Grade, Invalid::CommentCharacter]
        );
        // 1,000 characters with line breaks sent as CR LF fit, as the browser counted them.
        let lines = vec!["x".repeat(99); 10].join("\r\n") + "!";
        let encoded: String = lines.bytes().map(|b| format!("%{b:02X}")).collect();
        let long = form(&format!("helped=yes&within_target=yes&grade=3&comment={encoded}"));
        assert_eq!(long.check().unwrap().comment.unwrap().chars().count(), 1000);
        let longer = form(&format!("helped=yes&within_target=yes&grade=3&comment={encoded}z"));
        assert_eq!(longer.check().unwrap_err(), [Invalid::CommentLength(1001)]);
        assert!(Invalid::CommentLength(1001).message(&SV).contains("1001"));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    }
}
