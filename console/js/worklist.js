// The team's day: the worklist by due date with the overdue ones marked; a referral opens with
// its timeline and the moves of the closed loop.

import { call, cached, claims } from "./api.js";
import { fill, h, field, notice } from "./dom.js";
import { t } from "./i18n.js";
import { dueCell, referralTable, showReferral } from "./referral.js";

export function render(main) {
  const select = h("select", { id: "team" });
  const list = h("div", { id: "worklist", "aria-live": "polite" });
  const detail = h("div", { id: "referral-detail" });

  cached("/v1/teams?per_page=200")
    .then((teams) => {
      const mine = new Set(claims().team_ids);
      const items = (teams.items || teams.teams || []).filter((x) => mine.has(x.id));
      const saved = sessionStorage.getItem("luotsi.team");
      fill(select, items.map((x) => h("option", { value: x.id, selected: x.id === saved }, x.name)));
      if (items.length) load();
    })
    .catch((e) => fill(list, notice("error", e.message)));

  async function load() {
    sessionStorage.setItem("luotsi.team", select.value);
    fill(list, h("p", {}, t("loading")));
    try {
      const { body } = await call("GET", `/v1/teams/${encodeURIComponent(select.value)}/referrals?per_page=100`);
      if (!body.items.length) return fill(list, h("p", {}, t("worklist_empty")));
      fill(
        list,
        referralTable(
          t("worklist_title"),
          body.items,
          [
            [t("due"), dueCell],
            [t("status"), (r) => t(`status_${r.status}`)],
            [t("urgency"), (r) => t(`urgency_${r.urgency}`)],
            [t("needs"), (r) => r.needs.map((n) => n.label).join(", ")],
          ],
          (id) => showReferral(detail, id, { onchange: load }),
        ),
      );
    } catch (e) {
      fill(list, notice("error", e.message));
    }
  }

  fill(
    main,
    h("h1", {}, t("worklist_title")),
    h("form", { class: "inline-form", onsubmit: (e) => { e.preventDefault(); load(); } }, field(t("team"), select), h("button", { type: "submit" }, t("show"))),
    list,
    detail,
  );
}
