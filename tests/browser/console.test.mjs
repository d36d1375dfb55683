// The console in a real browser: Debian's Chromium driven by playwright-core, against the built
// binary on a fresh SQLite database with the demo region. Each view is checked with axe-core
// (WCAG 2.1 A and AA) and, with SCREENSHOTS=DIR, photographed for the README.
//
//   cargo build && (cd tests/browser && npm ci && npm test)
//
// LUOTSI_BIN names the binary (default: $CARGO_TARGET_DIR or target, /debug/luotsi), CHROMIUM the
// browser (default /usr/bin/chromium).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash, createHmac, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const BIN = process.env.LUOTSI_BIN || join(resolve(root, process.env.CARGO_TARGET_DIR || "target"), "debug/luotsi");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const SHOTS = process.env.SCREENSHOTS ? resolve(here, process.env.SCREENSHOTS) : null;
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

const HETU = "131052-308T";
const HETU_SV = "010150-123A";
const work = mkdtempSync(join(tmpdir(), "luotsi-browser-"));
const servers = [];
let browser;
let dev; // the development server: { base, tokens }

// ---------------------------------------------------------------------------------------------
// The service and the browser.

async function freePort() {
  const s = createServer();
  await new Promise((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

async function startLuotsi(name, env = {}) {
  const port = await freePort();
  const child = spawn(BIN, ["serve"], {
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: `sqlite://${join(work, `${name}.db`)}`,
      LUOTSI_BIND: `127.0.0.1:${port}`,
      RUST_LOG: "warn",
      ...env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  servers.push(child);
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/health/live`)).ok) return base;
    } catch {
      // not yet listening
    }
    if (child.exitCode !== null) throw new Error(`${BIN} stopped with ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${BIN} did not answer on ${base}`);
}

async function api(base, token, method, path, body, headers = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, etag: res.headers.get("etag") };
}

before(async () => {
  assert.ok(existsSync(BIN), `build the service first (cargo build): ${BIN} is missing`);
  assert.ok(existsSync(CHROMIUM), `install Chromium (apt-get install chromium): ${CHROMIUM} is missing`);
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  const base = await startLuotsi("dev");
  const { tokens } = await (await fetch(`${base}/console/dev-tokens.json`)).json();
  dev = { base, tokens: Object.fromEntries(tokens.map((x) => [x.role, x.token])) };
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
});

after(async () => {
  if (browser) await browser.close();
  for (const child of servers) child.kill("SIGTERM");
  rmSync(work, { recursive: true, force: true });
});

/** A page in a browser of `locale`, watching for script errors, CSP refusals and other origins. */
async function open(locale, base = dev.base, allowedOrigins = []) {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`script error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" && !/status of 4\d\d/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.on("request", (r) => {
    const origin = new URL(r.url()).origin;
    if (origin !== base && !allowedOrigins.includes(origin) && !r.url().startsWith("data:")) {
      problems.push(`a request to another origin: ${r.url()}`);
    }
  });
  page.problems = problems;
  return page;
}

function clean(page) {
  assert.deepEqual(page.problems, [], "no script errors, CSP refusals or requests elsewhere");
}

/** axe-core on the page as it stands: no WCAG 2.1 A/AA violation. */
async function accessible(page, what) {
  await page.evaluate(AXE);
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
  );
  const violations = result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  assert.deepEqual(violations, [], `${what}: axe-core found WCAG violations`);
}

async function shot(page, name) {
  if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

async function signIn(page, role, base = dev.base) {
  await page.goto(`${base}/console/`);
  await page.click(`button[data-role="${role}"]`);
  await page.waitForSelector("nav");
}

async function describe(page, { text, municipality = "743", age, language }) {
  await page.selectOption("#municipality", municipality);
  if (age !== undefined) await page.fill("#age", String(age));
  if (language) await page.selectOption("#client-language", language);
  await page.fill("#description", text);
}

// ---------------------------------------------------------------------------------------------
// The flows, in order: later ones use the referral the routine call recorded.

test("sign-in offers the development roles, refuses a token pasted with Bearer, and is accessible", async () => {
  const page = await open("fi-FI");
  await page.goto(`${dev.base}/console/`);
  await page.waitForSelector('button[data-role="call_centre"]');
  assert.equal(await page.getAttribute("html", "lang"), "fi");
  assert.equal(await page.textContent("h1"), "Kirjaudu sisään");
  // Every label exists in Finnish, Swedish and English.
  const missing = await page.evaluate(async () => {
    const src = document.querySelector('script[type="module"]').src.replace("app.js", "i18n.js");
    return (await import(src)).missingKeys();
  });
  assert.deepEqual(missing, [], "labels missing in a language");
  await page.fill("textarea", `Bearer ${dev.tokens.call_centre}`);
  await page.click('form.paste button[type="submit"]');
  await page.waitForSelector(".notice.error");
  assert.match(await page.textContent(".notice.error"), /Bearer/);
  await accessible(page, "sign-in");
  await shot(page, "sign-in");
  await page.fill("textarea", dev.tokens.call_centre);
  await page.click('form.paste button[type="submit"]');
  await page.waitForSelector("nav");
  assert.equal(await page.textContent("h1"), "Puhelu");
  // The token is in session storage, never in the address.
  assert.ok(!page.url().includes(dev.tokens.call_centre.slice(0, 20)));
  assert.equal(await page.evaluate(() => sessionStorage.getItem("luotsi.token")), dev.tokens.call_centre);
  clean(page);
});

test("a call with an emergency shows a banner that cannot be missed, in the client's language", async () => {
  const page = await open("fi-FI");
  await signIn(page, "call_centre");
  await describe(page, { text: "Isällä puristaa rintaa ja hän hikoilee kovasti, kipu säteilee vasempaan käteen", age: 67 });
  const banner = await page.waitForSelector("#emergency");
  assert.equal(await banner.getAttribute("role"), "alert");
  assert.match(await banner.textContent(), /112/);
  assert.equal(await page.getAttribute("#emergency .instructions", "lang"), "fi");
  // The same words from a Swedish-speaking client: the instructions in Swedish.
  await page.selectOption("#client-language", "sv");
  await page.waitForSelector('#emergency .instructions[lang="sv"]');
  await accessible(page, "emergency");
  await shot(page, "call-emergency");
  clean(page);
});

test("the safety screen's questions must be answered before anything is recorded", async () => {
  const page = await open("fi-FI");
  await signIn(page, "call_centre");
  await describe(page, { text: "päätä särkee ja huimaa", age: 45 });
  await page.waitForSelector("#screen");
  const questions = await page.$$("#screen .question");
  assert.ok(questions.length >= 3, `questions: ${questions.length}`);
  await page.fill("#hetu", "010170-123F");
  await page.check("#consent");
  await shot(page, "call-screen");
  await accessible(page, "safety screen");
  await page.click("#record-button");
  await page.waitForSelector("#record .notice.error");
  assert.match(await page.textContent("#record .notice.error"), /turvallisuuskysymyksiin/);
  const none = await api(dev.base, dev.tokens.call_centre, "POST", "/v1/referrals/search", { client: "010170-123F" });
  assert.equal(none.body.items.length, 0, "nothing was recorded");
  // Every answer no: the referral is recorded.
  for (const radio of await page.$$('#screen input[type="radio"][value="no"]')) await radio.check();
  await page.click("#record-button");
  await page.waitForSelector("#record .notice.success");
  const one = await api(dev.base, dev.tokens.call_centre, "POST", "/v1/referrals/search", { client: "010170-123F" });
  assert.equal(one.body.items.length, 1);
  clean(page);
});

let routine; // the referral of the routine call

test("a routine call: needs with their words marked, services, teams, and one referral for a double click", async () => {
  const page = await open("fi-FI");
  await signIn(page, "call_centre");
  await describe(page, { text: "Äiti 82 v unohtelee sovittuja asioita ja on kaatuillut kotona pari kertaa.", age: 82 });
  await page.waitForSelector(".needs li");
  const marked = await page.$$eval(".marked mark", (ms) => ms.map((m) => m.textContent.toLowerCase()));
  assert.ok(marked.some((w) => w.includes("unohtel")), `marked: ${marked}`);
  const services = await page.$$(".services > li");
  assert.ok(services.length >= 1);
  assert.match(await page.textContent(".services"), /(Auki nyt|Suljettu nyt|Aukioloaikoja)/);
  const lead = (await page.textContent("#lead-team")).trim();
  assert.match(lead, /tiimi/i);
  await page.fill("#hetu", HETU);
  await page.check("#consent");
  // A new answer while staff are recording keeps what they typed.
  await Promise.all([page.waitForResponse((r) => r.url().endsWith("/v1/navigation")), page.fill("#age", "83")]);
  await page.waitForFunction(() => document.querySelector("#answer").getAttribute("aria-busy") === "false");
  assert.equal(await page.inputValue("#hetu"), HETU);
  assert.equal(await page.isChecked("#consent"), true);
  await accessible(page, "routine call");
  await page.dblclick("#record-button");
  await page.waitForSelector("#record .notice.success");
  assert.match(await page.textContent("#record .notice.success"), new RegExp(lead.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  await shot(page, "call");
  const found = await api(dev.base, dev.tokens.call_centre, "POST", "/v1/referrals/search", { client: HETU });
  assert.equal(found.body.items.length, 1, "a double click records one referral");
  routine = found.body.items[0];
  assert.equal(routine.lead_team_name, lead);
  clean(page);
});

// Looks a client up by HETU on the lookup view, opens the first referral and returns the
// statuses of its timeline.
async function timelineOf(page, hetu) {
  await page.fill("#lookup-hetu", hetu);
  await page.click('form.inline-form button[type="submit"]');
  await page.waitForSelector("#lookup-results tbody tr");
  await page.click("#lookup-results tbody tr button");
  await page.waitForSelector(".timeline li");
  return page.$$eval(".timeline li strong", (xs) => xs.map((x) => x.textContent));
}

/** Presses Tab until `selector` has the focus (at most 80 times): it is reachable by keyboard. */
async function tabTo(page, selector) {
  for (let i = 0; i < 80; i++) {
    if (await page.evaluate((sel) => document.activeElement && document.activeElement.matches(sel), selector)) {
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
      assert.notEqual(outline, "none", `${selector}: the focus is visible`);
      return;
    }
    await page.keyboard.press("Tab");
  }
  assert.fail(`${selector} is not reachable with Tab`);
}

test("keyboard only: sign in and record a call without the mouse, the focus always visible", async () => {
  const page = await open("fi-FI");
  await page.goto(`${dev.base}/console/`);
  await page.waitForSelector('button[data-role="call_centre"]');
  await tabTo(page, 'button[data-role="call_centre"]');
  await page.keyboard.press("Enter");
  await page.waitForSelector("nav");
  await tabTo(page, "#description");
  await page.keyboard.type("Isä 79 v on kaatuillut kotona ja unohtelee lääkkeensä.");
  await tabTo(page, "#age");
  await page.keyboard.type("79");
  await tabTo(page, "#municipality");
  await page.keyboard.type("Seinäjoki");
  await page.waitForSelector(".needs li");
  await tabTo(page, "#hetu");
  await page.keyboard.type("240147-632T");
  await tabTo(page, "#consent");
  await page.keyboard.press("Space");
  assert.equal(await page.isChecked("#consent"), true);
  await tabTo(page, "#record-button");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#record .notice.success");
  clean(page);
});

test("the team's day: the worklist, accept, a stale version reloaded, start and complete", async () => {
  const page = await open("fi-FI");
  await signIn(page, "team_member");
  assert.equal(await page.textContent("h1"), "Tiimin työlista");
  await page.selectOption("#team", routine.lead_team_id);
  await page.click('form.inline-form button[type="submit"]');
  await page.waitForSelector("#worklist tbody tr");
  await accessible(page, "worklist");
  await shot(page, "worklist");
  await page.click("#worklist tbody tr button");
  await page.waitForSelector('button[data-move="accepted"]');
  await page.click('button[data-move="accepted"]');
  await page.waitForSelector('button[data-move="in_progress"]');
  // Someone else starts it meanwhile: the console's version is stale.
  const read = await api(dev.base, dev.tokens.team_member, "GET", `/v1/referrals/${routine.id}`);
  const moved = await api(dev.base, dev.tokens.team_member, "POST", `/v1/referrals/${routine.id}/status`, { status: "in_progress" }, { "If-Match": read.etag });
  assert.equal(moved.status, 200);
  await page.click('button[data-move="in_progress"]');
  await page.waitForSelector(".referral .notice.error");
  assert.match(await page.textContent(".referral .notice.error"), /muutti/);
  // The reloaded referral offers completion.
  await page.click('button[data-move="completed"]');
  await page.waitForSelector(".status-completed");
  await accessible(page, "referral");
  await shot(page, "referral");
  clean(page);
});

test("the client calls again: the referral's timeline, and feedback given by phone", async () => {
  const page = await open("fi-FI");
  await signIn(page, "call_centre");
  await page.click('nav a[href="#lookup"]');
  assert.deepEqual(await timelineOf(page, HETU), ["kirjattu", "hyväksytty", "työn alla", "valmis"]);
  assert.match(await page.textContent(".timeline"), /dev-team_member/);
  const radios = await page.$$('.feedback input[type="radio"]');
  assert.ok(radios.length >= 9);
  await page.check('.feedback fieldset:nth-of-type(1) input[value="true"]');
  await page.check('.feedback fieldset:nth-of-type(2) input[value="true"]');
  await page.check('.feedback fieldset:nth-of-type(3) input[value="4"]');
  await page.fill(".feedback textarea", "Apu tuli nopeasti.");
  await accessible(page, "lookup and feedback");
  await shot(page, "lookup");
  await page.click("#save-feedback");
  await page.waitForSelector(".feedback .notice.success");
  clean(page);
});

test("the situation picture shows the team with charts, figures and the feedback", async () => {
  const page = await open("fi-FI");
  await signIn(page, "admin");
  assert.equal(await page.textContent("h1"), "Tilannekuva");
  await page.waitForSelector("svg.chart");
  const row = page.locator("table.figures tbody tr", { hasText: routine.lead_team_name }).first();
  const cells = await row.locator("td").allTextContents();
  // The figures beside the charts are the API's: the keyboard call went to a team too.
  const stats = await api(dev.base, dev.tokens.admin, "GET", "/v1/stats");
  const team = stats.body.teams.find((x) => x.team_id === routine.lead_team_id);
  assert.ok(team.new >= 1);
  assert.equal(cells[0], String(team.new), `new: ${cells}`);
  assert.equal(cells[6], "1", `feedback answers: ${cells}`);
  assert.equal(cells[8], "4", `mean grade: ${cells}`);
  await accessible(page, "situation picture");
  await shot(page, "situation");
  clean(page);
});

test("in Swedish: the console follows the browser, a Swedish call, and the switch back to Finnish", async () => {
  const page = await open("sv-FI");
  await page.goto(`${dev.base}/console/`);
  await page.waitForSelector('button[data-role="call_centre"]');
  assert.equal(await page.getAttribute("html", "lang"), "sv");
  assert.equal(await page.textContent("h1"), "Logga in");
  await page.click('button[data-role="call_centre"]');
  await page.waitForSelector("nav");
  assert.equal(await page.textContent("h1"), "Samtal");
  await describe(page, { text: "Min son dricker för mycket och jag orkar inte längre.", age: 52, language: "sv", municipality: "287" });
  await page.waitForSelector(".needs li");
  assert.match(await page.textContent("#answer"), /Identifierade behov/);
  await page.waitForSelector('#municipality option[value="287"]', { state: "attached" });
  assert.match(await page.textContent('#municipality option[value="287"]'), /Kristinestad/);
  await accessible(page, "Swedish call");
  await shot(page, "call-sv");
  // The safety screen in the staff's language (Swedish here), answered before recording.
  // ("orkar inte längre" above already asked its own questions: wait for the new answer's.)
  await page.fill("#description", "Huvudet värker och det snurrar.");
  await page.waitForFunction(() => /andas/.test(document.querySelector("#screen legend")?.textContent ?? ""));
  assert.equal(await page.textContent("#screen-h"), "Säkerhetsfrågor");
  await page.fill("#hetu", "150550-898K");
  await page.check("#consent");
  await page.click("#record-button");
  assert.match(await page.textContent("#record .notice.error"), /säkerhetsfrågor/);
  await page.selectOption("#lang", "fi");
  await page.waitForFunction(() => document.querySelector("h1").textContent === "Puhelu");
  assert.equal(await page.getAttribute("html", "lang"), "fi");
  clean(page);
});

test("a one-time feedback link opens a page in the client's language and takes one answer", async () => {
  const staff = dev.tokens.call_centre;
  const made = await api(dev.base, staff, "POST", "/v1/referrals", {
    client: { municipality: "287", age: 70, language: "sv" },
    description: "Min mamma glömmer saker och har ramlat hemma.",
    hetu: HETU_SV,
    consent: true,
    channel: "phone",
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  let r = made.body;
  for (const status of ["accepted", "in_progress", "completed"]) {
    const read = await api(dev.base, dev.tokens.team_member, "GET", `/v1/referrals/${r.id}`);
    const moved = await api(dev.base, dev.tokens.team_member, "POST", `/v1/referrals/${r.id}/status`, { status }, { "If-Match": read.etag });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
  }
  const link = await api(dev.base, dev.tokens.integration, "POST", `/v1/referrals/${r.id}/feedback-link`, {});
  assert.equal(link.status, 201, JSON.stringify(link.body));
  const page = await open("fi-FI");
  await page.goto(`${dev.base}${link.body.path}`);
  assert.equal(await page.getAttribute("html", "lang"), "sv");
  await accessible(page, "feedback page");
  await shot(page, "feedback");
  const radios = page.locator('input[type="radio"]');
  assert.ok((await radios.count()) >= 9);
  // Answered by keyboard alone: the first choice of each group, then the submit button.
  for (const name of await page.$$eval('input[type="radio"]', (xs) => [...new Set(xs.map((x) => x.name))])) {
    await page.locator(`input[type="radio"][name="${name}"]`).first().focus();
    await page.keyboard.press("Space");
  }
  await page.locator('button[type="submit"], input[type="submit"]').first().focus();
  // The answer is in once its page has loaded (a second navigation before that would abort it).
  const [answered] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/feedback/")),
    page.keyboard.press("Enter"),
  ]);
  assert.equal(answered.status(), 200);
  await page.waitForSelector("h1:has-text('Tack')");
  assert.equal(await page.getAttribute("html", "lang"), "sv");
  // The link is used: a second visit says so.
  const again = await page.goto(`${dev.base}${link.body.path}`);
  assert.equal(again.status(), 410);
  clean(page);
});

test("in Swedish: the client's referrals with their timeline and the feedback received, the worklist, the situation picture", async () => {
  const page = await open("sv-FI");
  await signIn(page, "call_centre");
  await page.click('nav a[href="#lookup"]');
  assert.equal(await page.textContent("h1"), "Klientens remisser");
  assert.deepEqual(await timelineOf(page, HETU_SV), ["registrerad", "godkänd", "pågår", "klar"]);
  // The client answered through the link: the console says so and offers no second answer.
  assert.match(await page.textContent(".feedback"), /Respons har getts/);
  assert.equal(await page.$("#save-feedback"), null);
  await accessible(page, "Swedish lookup");
  await page.click(".who ~ button");
  await page.click('button[data-role="team_member"]');
  await page.waitForSelector("#team option", { state: "attached" });
  assert.equal(await page.textContent("h1"), "Teamets arbetslista");
  await accessible(page, "Swedish worklist");
  await page.click(".who ~ button");
  await page.click('button[data-role="admin"]');
  await page.waitForSelector("svg.chart");
  assert.equal(await page.textContent("h1"), "Lägesbild");
  assert.match(await page.textContent("#situation"), /Per team/);
  await accessible(page, "Swedish situation picture");
  clean(page);
});

// ---------------------------------------------------------------------------------------------
// Sign-in with an OpenID Connect provider (authorization code with PKCE), against a stub.

function jwt(secret, claims) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const head = `${b64({ alg: "HS256", typ: "JWT" })}.${b64(claims)}`;
  return `${head}.${createHmac("sha256", secret).update(head).digest("base64url")}`;
}

async function stubProvider(secret, clientId) {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const codes = new Map();
  const seen = { authorize: 0, token: 0, verified: false };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, issuer);
    const cors = { "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Headers": "Content-Type" };
    if (req.method === "OPTIONS") return res.writeHead(204, cors).end();
    if (url.pathname === "/.well-known/openid-configuration") {
      res.writeHead(200, { ...cors, "Content-Type": "application/json" });
      return res.end(JSON.stringify({ issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token` }));
    }
    if (url.pathname === "/authorize") {
      seen.authorize += 1;
      const q = url.searchParams;
      assert.equal(q.get("response_type"), "code");
      assert.equal(q.get("client_id"), clientId);
      assert.equal(q.get("code_challenge_method"), "S256");
      const code = randomBytes(16).toString("hex");
      codes.set(code, { challenge: q.get("code_challenge"), redirect: q.get("redirect_uri") });
      res.writeHead(302, { Location: `${q.get("redirect_uri")}?code=${code}&state=${encodeURIComponent(q.get("state"))}` });
      return res.end();
    }
    if (url.pathname === "/token" && req.method === "POST") {
      seen.token += 1;
      let body = "";
      for await (const chunk of req) body += chunk;
      const form = new URLSearchParams(body);
      const grant = codes.get(form.get("code"));
      codes.delete(form.get("code"));
      const challenge = createHash("sha256").update(form.get("code_verifier") || "").digest("base64url");
      if (!grant || grant.challenge !== challenge || grant.redirect !== form.get("redirect_uri")) {
        res.writeHead(400, { ...cors, "Content-Type": "application/json" });
        return res.end(JSON.stringify({ error: "invalid_grant" }));
      }
      seen.verified = true;
      const now = Math.floor(Date.now() / 1000);
      const token = jwt(secret, { sub: "stub-user", iss: issuer, aud: "luotsi", iat: now, exp: now + 600, roles: ["call_centre"] });
      res.writeHead(200, { ...cors, "Content-Type": "application/json", "Cache-Control": "no-store" });
      return res.end(JSON.stringify({ access_token: token, token_type: "Bearer", expires_in: 600 }));
    }
    res.writeHead(404).end();
  });
  await new Promise((r) => server.listen(port, "127.0.0.1", r));
  return { issuer, seen, close: () => server.close() };
}

test("sign-in with the region's provider: authorization code with PKCE, the code gone from the address", async () => {
  const secret = randomBytes(32).toString("hex");
  const provider = await stubProvider(secret, "luotsi-console");
  try {
    const base = await startLuotsi("oidc", {
      LUOTSI_JWT_HS256_SECRET: secret,
      LUOTSI_JWT_ISSUER: provider.issuer,
      LUOTSI_JWT_AUDIENCE: "luotsi",
      LUOTSI_OIDC_ISSUER: provider.issuer,
      LUOTSI_OIDC_CLIENT_ID: "luotsi-console",
    });
    const page = await open("en-GB", base, [provider.issuer]);
    await page.goto(`${base}/console/`);
    await page.waitForSelector("#oidc");
    assert.equal(await page.$('button[data-role="call_centre"]'), null, "no development tokens with a configured key");
    await page.click("#oidc");
    await page.waitForSelector("nav");
    assert.equal(await page.textContent("h1"), "Call");
    assert.match(await page.textContent(".who"), /stub-user/);
    assert.ok(!page.url().includes("code="), `the code left the address: ${page.url()}`);
    assert.deepEqual({ ...provider.seen }, { authorize: 1, token: 1, verified: true });
    // The provider's token works against the API: the municipalities list loaded, a call answers.
    await describe(page, { text: "My mother keeps forgetting things and has fallen twice at home.", age: 80, language: "en" });
    await page.waitForSelector(".needs li");
    clean(page);
  } finally {
    provider.close();
  }
});
