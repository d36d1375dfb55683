// The console's shell: sign-in, the language switch, the menu by role and the views by hash.

import { call, claims, forget, hasRole, setToken, token } from "./api.js";
import { fill, h, field, notice } from "./dom.js";
import { LANGUAGES, initialLanguage, lang, setLanguage, t } from "./i18n.js";
import { begin, complete } from "./oidc.js";
import * as callView from "./call.js";
import * as lookupView from "./lookup.js";
import * as worklistView from "./worklist.js";
import * as situationView from "./situation.js";

const VIEWS = [
  { hash: "call", label: "nav_call", roles: ["call_centre"], view: callView },
  { hash: "lookup", label: "nav_lookup", roles: ["call_centre", "integration"], view: lookupView },
  { hash: "worklist", label: "nav_worklist", roles: ["team_member"], view: worklistView },
  { hash: "situation", label: "nav_situation", roles: ["admin", "auditor"], view: situationView },
];

let config = { oidc: null, dev_tokens: false };
const main = document.getElementById("main");
const header = document.getElementById("top");

async function start() {
  setLanguage(initialLanguage());
  try {
    const res = await fetch("/console/config.json", { credentials: "omit" });
    if (res.ok) config = await res.json();
  } catch {
    // Without the configuration the console still takes a pasted token.
  }
  if (config.oidc) {
    try {
      const access = await complete(config.oidc);
      if (access) setToken(access);
    } catch (e) {
      renderHeader();
      return renderSignIn(String(e.message || e));
    }
  }
  window.addEventListener("hashchange", route);
  route();
}

function allowed(v) {
  return hasRole(...v.roles);
}

function renderHeader() {
  const c = claims();
  const current = location.hash.replace(/^#/, "");
  const switcher = h(
    "select",
    { id: "lang", onchange: (e) => { setLanguage(e.target.value); route(); } },
    LANGUAGES.map((l) => h("option", { value: l, selected: l === lang() }, { fi: "suomi", sv: "svenska", en: "English" }[l])),
  );
  fill(
    header,
    h("a", { class: "skip", href: "#main", onclick: (e) => { e.preventDefault(); main.focus(); } }, t("skip")),
    h("div", { class: "brand" }, h("span", { class: "logo", "aria-hidden": "true" }, "⚓"), t("app_name")),
    c
      ? h(
          "nav",
          { "aria-label": t("nav_label") },
          h(
            "ul",
            {},
            VIEWS.filter(allowed).map((v) =>
              h("li", {}, h("a", { href: `#${v.hash}`, "aria-current": v.hash === current ? "page" : null }, t(v.label))),
            ),
          ),
        )
      : null,
    h(
      "div",
      { class: "user" },
      h("label", { for: "lang", class: "inline" }, t("language")),
      switcher,
      c ? h("span", { class: "who" }, t("signed_in_as", { sub: c.sub, roles: c.roles.map((r) => t(`role_${r}`)).join(", ") })) : null,
      c ? h("button", { type: "button", class: "secondary", onclick: signOut }, t("sign_out")) : null,
    ),
  );
}

function signOut() {
  setToken(null);
  forget();
  location.hash = "";
  route();
}

let cleanup = null;

function route() {
  if (cleanup) cleanup();
  cleanup = null;
  const c = claims();
  if (!token() || !c || (c.exp && c.exp * 1000 < Date.now())) {
    setToken(null);
    renderHeader();
    return renderSignIn();
  }
  const wanted = location.hash.replace(/^#/, "");
  const usable = VIEWS.filter(allowed);
  const view = usable.find((v) => v.hash === wanted) || usable[0];
  if (!view) {
    renderHeader();
    fill(main, h("h1", {}, t("app_name")), notice("error", t("not_allowed")));
    return;
  }
  if (view.hash !== wanted) {
    history.replaceState(null, "", `#${view.hash}`);
  }
  renderHeader();
  document.title = `${t(view.label)} – ${t("app_name")}`;
  cleanup = view.view.render(main) || null;
  const heading = main.querySelector("h1");
  if (heading) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  }
}

async function renderSignIn(error) {
  document.title = `${t("sign_in_title")} – ${t("app_name")}`;
  const status = h("div", { class: "status-area" }, error ? notice("error", t("sign_in_failed", { detail: error })) : null);
  const parts = [h("h1", {}, t("sign_in_title")), status];
  if (config.oidc) {
    parts.push(
      h("p", {}, h("button", { type: "button", id: "oidc", onclick: () => begin(config.oidc).catch((e) => fill(status, notice("error", t("sign_in_failed", { detail: e.message })))) }, t("sign_in_oidc"))),
    );
  }
  if (config.dev_tokens) {
    const list = h("ul", { class: "dev-roles" });
    parts.push(h("section", { "aria-labelledby": "dev-h" }, h("h2", { id: "dev-h" }, t("sign_in_dev")), list));
    call("GET", "/console/dev-tokens.json")
      .then(({ body }) =>
        fill(
          list,
          body.tokens.map((d) =>
            h("li", {}, h("button", { type: "button", "data-role": d.role, onclick: () => { setToken(d.token); route(); } }, t(`role_${d.role}`))),
          ),
        ),
      )
      .catch((e) => fill(list, h("li", {}, notice("error", e.message))));
  }
  const input = h("textarea", { rows: 3, autocomplete: "off", spellcheck: "false" });
  parts.push(
    h(
      "form",
      {
        class: "paste",
        onsubmit: (e) => {
          e.preventDefault();
          const value = input.value.trim();
          if (/^bearer\s/i.test(value)) return fill(status, notice("error", t("sign_in_bearer")));
          setToken(value);
          if (!claims()) {
            setToken(null);
            return fill(status, notice("error", t("sign_in_failed", { detail: "not a JWT" })));
          }
          route();
        },
      },
      field(t("sign_in_paste"), input, t("sign_in_paste_help")),
      h("button", { type: "submit" }, t("sign_in_button")),
    ),
  );
  fill(main, parts);
  main.querySelector("h1").tabIndex = -1;
}

start();
