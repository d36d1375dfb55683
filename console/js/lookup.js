// The client calls again: their referrals by personal identity code, sent in the request body
// (POST /v1/referrals/search), never in the address; each opens with its status timeline.

import { call } from "./api.js";
import { fill, h, field, notice } from "./dom.js";
import { day, t, when } from "./i18n.js";
import { showReferral } from "./referral.js";

export function render(main) {
  const hetu = h("input", { id: "lookup-hetu", autocomplete: "off", spellcheck: "false", maxlength: 100, required: true });
  const results = h("div", { id: "lookup-results", "aria-live": "polite" });
  const detail = h("div", { id: "referral-detail" });

  async function search() {
    fill(detail);
    fill(results, h("p", {}, t("loading")));
    try {
      const { body } = await call("POST", "/v1/referrals/search", { body: { client: hetu.value.trim().toUpperCase() } });
      if (!body.items.length) return fill(results, h("p", {}, t("no_referrals")));
      fill(
        results,
        h(
          "table",
          {},
          h("caption", { class: "sr-only" }, t("lookup_title")),
          h("thead", {}, h("tr", {}, [t("created"), t("status"), t("lead_team"), t("due"), ""].map((c) => h("th", { scope: "col" }, c)))),
          h(
            "tbody",
            {},
            body.items.map((r) =>
              h(
                "tr",
                { class: r.overdue ? "overdue" : null },
                h("td", {}, when(r.created_at)),
                h("td", {}, t(`status_${r.status}`)),
                h("td", {}, r.lead_team_name || t("none")),
                h("td", {}, day(r.due_at), r.overdue ? h("span", { class: "badge overdue" }, t("overdue")) : null),
                h("td", {}, h("button", { type: "button", class: "secondary", onclick: () => showReferral(detail, r.id, { onchange: search }) }, t("open"))),
              ),
            ),
          ),
        ),
      );
    } catch (e) {
      fill(results, notice("error", e.message));
    }
  }

  fill(
    main,
    h("h1", {}, t("lookup_title")),
    h("p", {}, t("lookup_intro")),
    h(
      "form",
      { class: "inline-form", onsubmit: (e) => { e.preventDefault(); search(); } },
      field(t("hetu"), hetu),
      h("button", { type: "submit" }, t("search")),
    ),
    results,
    detail,
  );
}
