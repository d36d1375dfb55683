// One referral: its facts, the client's words, the status timeline (who did what, when, why),
// the team's moves against the version read, and the client's feedback once it is completed.

import { ApiError, call, cached, hasRole } from "./api.js";
import { fill, h, field, notice, radios, uid } from "./dom.js";
import { day, t, when } from "./i18n.js";

// The moves a team makes from each status (the server's closed loop decides; this only offers).
const MOVES = {
  triage_pending: ["accepted", "redirected", "cancelled"],
  requested: ["accepted", "redirected", "rejected"],
  redirected: ["accepted", "redirected", "rejected"],
  accepted: ["in_progress", "redirected", "cancelled"],
  in_progress: ["completed", "redirected", "cancelled"],
};
const MOVE_LABEL = { accepted: "accept", in_progress: "start", completed: "complete", redirected: "redirect", rejected: "reject", cancelled: "cancel" };
const NEEDS_REASON = ["redirected", "rejected", "cancelled"];

/**
 * A table of referrals (a worklist, a client's referrals): `columns` are [header, cell of a
 * referral]; each row opens its referral with `open(id)`. Overdue rows are marked.
 */
export function referralTable(caption, items, columns, open) {
  return h(
    "table",
    {},
    h("caption", { class: "sr-only" }, caption),
    h("thead", {}, h("tr", {}, [...columns.map(([head]) => head), ""].map((c) => h("th", { scope: "col" }, c)))),
    h(
      "tbody",
      {},
      items.map((r) =>
        h(
          "tr",
          { class: r.overdue ? "overdue" : null },
          columns.map(([, cell]) => h("td", {}, cell(r))),
          h("td", {}, h("button", { type: "button", class: "secondary", onclick: () => open(r.id) }, t("open"))),
        ),
      ),
    ),
  );
}

/** The due date, marked when overdue. */
export function dueCell(r) {
  return [day(r.due_at), r.overdue ? h("span", { class: "badge overdue" }, t("overdue")) : null];
}

/** Shows referral `id` in `box`; `onchange` is told when the referral moved. */
export async function showReferral(box, id, { onchange, onclose } = {}) {
  fill(box, h("p", {}, t("loading")));
  let r;
  try {
    r = (await call("GET", `/v1/referrals/${encodeURIComponent(id)}`)).body;
  } catch (e) {
    return fill(box, notice("error", e.message));
  }
  const teams = await cached("/v1/teams?per_page=200").catch(() => ({ items: [] }));
  const teamList = teams.items || teams.teams || [];
  const teamName = (tid) => (teamList.find((x) => x.id === tid) || {}).name || tid;
  const headingId = uid("r");
  fill(
    box,
    h(
      "article",
      { class: "referral", "aria-labelledby": headingId },
      h(
        "div",
        { class: "referral-head" },
        h("h2", { id: headingId, tabindex: "-1" }, `${t("referral")} · ${t(`status_${r.status}`)}`),
        onclose ? h("button", { type: "button", class: "secondary", onclick: onclose }, t("close")) : null,
      ),
      h(
        "dl",
        { class: "facts" },
        h("dt", {}, t("status")),
        h("dd", { class: `status status-${r.status}` }, t(`status_${r.status}`)),
        h("dt", {}, t("lead_team")),
        h("dd", {}, r.lead_team_name || t("none")),
        r.participating_team_names && r.participating_team_names.length ? [h("dt", {}, t("participating_teams")), h("dd", {}, r.participating_team_names.join(", "))] : null,
        h("dt", {}, t("created")),
        h("dd", {}, when(r.created_at)),
        h("dt", {}, t("due")),
        h("dd", {}, day(r.due_at), r.overdue ? h("span", { class: "badge overdue" }, t("overdue")) : null),
        h("dt", {}, t("urgency")),
        h("dd", {}, t(`urgency_${r.urgency}`)),
        h("dt", {}, t("channel")),
        h("dd", {}, t(`channel_${r.channel}`)),
        h("dt", {}, t("needs")),
        h("dd", {}, r.needs.map((n) => n.label).join(", ") || t("none")),
        h("dt", {}, t("services")),
        h("dd", {}, r.services.map((s) => s.name).join(", ") || t("none")),
      ),
      r.description ? [h("h3", {}, t("description_said")), h("blockquote", {}, r.description)] : null,
      h("h3", {}, t("timeline")),
      h(
        "ol",
        { class: "timeline" },
        (r.events || []).map((e) =>
          h(
            "li",
            {},
            h("time", { datetime: e.at }, when(e.at)),
            " ",
            e.from_status && e.kind === "status" ? h("span", { class: "muted" }, `${t(`status_${e.from_status}`)} → `) : null,
            h("strong", {}, e.kind === "status" ? t(`status_${e.to_status}`) : t(`event_${e.kind}`)),
            h("br"),
            `${t("actor")}: ${e.actor}`,
            e.team_id ? ` · ${t("team")}: ${teamName(e.team_id)}` : null,
            e.reason ? [h("br"), `${t("reason")}: `, h("q", {}, e.reason)] : null,
          ),
        ),
      ),
      hasRole("team_member") && MOVES[r.status] ? moves(r, teamList, () => showReferral(box, id, { onchange, onclose }), onchange) : null,
      r.status === "completed" ? feedback(r) : null,
    ),
  );
  box.querySelector("h2").focus();
}

function moves(r, teamList, reload, onchange) {
  const reason = h("textarea", { id: uid("reason"), rows: 2, maxlength: 1000 });
  const target = h(
    "select",
    { id: uid("target") },
    h("option", { value: "" }, t("choose")),
    teamList.filter((x) => x.id !== r.lead_team_id && x.active !== false).map((x) => h("option", { value: x.id }, x.name)),
  );
  const status = h("div", { class: "status-area" });
  const move = async (to) => {
    const body = { status: to };
    if (reason.value.trim()) body.reason = reason.value.trim();
    if (to === "redirected" && target.value) body.team_id = target.value;
    try {
      await call("POST", `/v1/referrals/${encodeURIComponent(r.id)}/status`, { body, headers: { "If-Match": `"${r.version}"` } });
      if (onchange) onchange();
      await reload();
    } catch (e) {
      if (e instanceof ApiError && e.status === 412) {
        await reload();
        const area = document.querySelector(".referral .status-area");
        if (area) fill(area, notice("error", t("stale")));
      } else {
        fill(status, notice("error", e.message));
      }
    }
  };
  return h(
    "section",
    { class: "moves", "aria-labelledby": "moves-h" },
    h("h3", { id: "moves-h" }, t("actions")),
    h("div", { class: "buttons" }, MOVES[r.status].map((to) => h("button", { type: "button", class: to === "rejected" || to === "cancelled" ? "danger" : null, "data-move": to, onclick: () => move(to) }, t(MOVE_LABEL[to])))),
    MOVES[r.status].some((m) => NEEDS_REASON.includes(m)) ? field(t("reason_required"), reason) : null,
    MOVES[r.status].includes("redirected") ? field(t("target_team"), target) : null,
    status,
  );
}

function feedback(r) {
  const canRecord = hasRole("call_centre", "team_member");
  const canLink = hasRole("call_centre", "integration");
  const status = h("div", { class: "status-area" });
  if (r.feedback_received) {
    return h("section", { class: "feedback" }, h("h3", {}, t("feedback_title")), notice("success", t("feedback_received")));
  }
  const answers = {};
  const comment = h("textarea", { id: uid("comment"), rows: 3, maxlength: 1000 });
  const yesNo = [["true", t("yes")], ["false", t("no")]];
  const form = h(
    "form",
    {
      onsubmit: async (e) => {
        e.preventDefault();
        if (!answers.helped || !answers.within || !answers.grade) return fill(status, notice("error", t("feedback_unanswered")));
        const body = { helped: answers.helped === "true", within_target: answers.within === "true", grade: Number(answers.grade) };
        if (comment.value.trim()) body.comment = comment.value.trim();
        try {
          await call("POST", `/v1/referrals/${encodeURIComponent(r.id)}/feedback`, { body });
          fill(form, notice("success", t("feedback_saved")));
        } catch (err) {
          fill(status, notice("error", err.message));
        }
      },
    },
    h("p", {}, t("feedback_intro")),
    radios(uid("helped"), t("helped"), yesNo, (v) => (answers.helped = v)),
    radios(uid("within"), t("within_target"), yesNo, (v) => (answers.within = v)),
    radios(uid("grade"), t("grade"), [1, 2, 3, 4, 5].map((g) => [String(g), t(`grade_${g}`)]), (v) => (answers.grade = v)),
    field(t("comment"), comment),
    h("button", { type: "submit", id: "save-feedback" }, t("save_feedback")),
    status,
  );
  const link = h("div", { class: "status-area" });
  return h(
    "section",
    { class: "feedback", "aria-labelledby": "fb-h" },
    h("h3", { id: "fb-h" }, t("feedback_title")),
    canRecord ? form : null,
    canLink
      ? h(
          "p",
          {},
          h(
            "button",
            {
              type: "button",
              class: "secondary",
              onclick: async () => {
                try {
                  const { body } = await call("POST", `/v1/referrals/${encodeURIComponent(r.id)}/feedback-link`, { body: {} });
                  const url = body.url || `${location.origin}${body.path}`;
                  fill(link, h("p", {}, t("feedback_link_made", { until: day(body.expires_at) }), " ", h("code", { class: "link" }, url)));
                } catch (err) {
                  fill(link, notice("error", err.message));
                }
              },
            },
            t("feedback_link"),
          ),
          link,
        )
      : null,
  );
}
