// The client calls again: their referrals by personal identity code, sent in the request body
// (POST /v1/referrals/search), never in the address; each opens with its status timeline.

import { call } from "./api.js";
import { fill, h, field, notice } from "./dom.js";
import { t, when } from "./i18n.js";
import { dueCell, referralTable, showReferral } from "./referral.js";

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
        referralTable(
          t("lookup_title"),
          body.items,
          [
            [t("created"), (r) => when(r.created_at)],
            [t("status"), (r) => t(`status_${r.status}`)],
            [t("lead_team"), (r) => r.lead_team_name || t("none")],
            [t("due"), dueCell],
          ],
          (id) => showReferral(detail, id, { onchange: search }),
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
