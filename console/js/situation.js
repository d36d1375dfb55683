// The situation picture (tilannekeskus): per team and service, new, open and overdue referrals,
// the share within the access target, median days and client feedback over a chosen period, as
// SVG bar charts drawn here (no library) with the same figures in tables beside them.

import { call } from "./api.js";
import { fill, h, field, notice, uid } from "./dom.js";
import { percent, t } from "./i18n.js";

const SVG = "http://www.w3.org/2000/svg";
// Colours with at least 3:1 contrast against white (WCAG 1.4.11), told apart by the legend too.
const SERIES = [
  { key: "new", label: "new", colour: "#1f5fa8" },
  { key: "open", label: "open_referrals", colour: "#6b4fa0" },
  { key: "overdue", label: "overdue_referrals", colour: "#b3261e" },
];

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

function isoDay(d) {
  return d.toISOString().slice(0, 10);
}

export function render(main) {
  const today = new Date();
  const from = h("input", { id: "from", type: "date", value: isoDay(new Date(today.getTime() - 29 * 86400000)) });
  const to = h("input", { id: "to", type: "date", value: isoDay(today) });
  const out = h("div", { id: "situation", "aria-live": "polite" });

  async function load() {
    fill(out, h("p", {}, t("loading")));
    try {
      const query = new URLSearchParams({ from: from.value, to: to.value });
      const { body } = await call("GET", `/v1/stats?${query}`);
      show(body);
    } catch (e) {
      fill(out, notice("error", e.message));
    }
  }

  function show(st) {
    const rows = st.teams.filter((x) => x.new || x.open || x.overdue || (x.feedback && x.feedback.answers));
    const services = st.services.filter((x) => x.new || x.open || x.overdue || (x.feedback && x.feedback.answers));
    fill(
      out,
      h(
        "section",
        { "aria-labelledby": "total-h" },
        h("h2", { id: "total-h" }, t("total")),
        h(
          "dl",
          { class: "tiles" },
          tile(t("new"), st.total.new),
          tile(t("open_referrals"), st.total.open),
          tile(t("overdue_referrals"), st.total.overdue, st.total.overdue ? "alert" : null),
          tile(t("within_access_target"), percent(st.total.within_access_target)),
          tile(t("median_complete"), num(st.total.median_days_to_completion)),
          st.total.feedback ? tile(t("feedback_grade"), num(st.total.feedback.mean_grade)) : null,
        ),
      ),
      h(
        "section",
        { "aria-labelledby": "teams-h" },
        h("h2", { id: "teams-h" }, t("by_team")),
        rows.length
          ? h("div", { class: "chart-pair" }, barChart(t("chart_referrals"), rows), shareChart(t("chart_target"), rows), figures(t("team"), rows))
          : h("p", {}, t("no_data")),
      ),
      h(
        "section",
        { "aria-labelledby": "services-h" },
        h("h2", { id: "services-h" }, t("by_service")),
        services.length ? h("div", { class: "chart-pair" }, barChart(t("chart_referrals"), services), shareChart(t("chart_target"), services), figures(t("service"), services)) : h("p", {}, t("no_data")),
      ),
      h(
        "section",
        { "aria-labelledby": "seg-h" },
        h("h2", { id: "seg-h" }, `${t("by_segment")} · ${t("by_channel")}`),
        h(
          "div",
          { class: "chart-pair side" },
          counts(t("by_segment"), st.by_segment, (k) => t(`seg_${k}`)),
          counts(t("by_channel"), st.by_channel, (k) => t(`channel_${k}`)),
        ),
      ),
    );
  }

  fill(
    main,
    h("h1", {}, t("situation_title")),
    h(
      "form",
      { class: "inline-form", onsubmit: (e) => { e.preventDefault(); load(); } },
      h("fieldset", { class: "period" }, h("legend", {}, t("period")), field(t("from"), from), field(t("to"), to)),
      h("button", { type: "submit" }, t("show")),
    ),
    out,
  );
  load();
}

function tile(label, value, kind) {
  return h("div", { class: `tile ${kind || ""}` }, h("dt", {}, label), h("dd", {}, String(value)));
}

function num(v) {
  return v === null || v === undefined ? t("none") : (Math.round(v * 10) / 10).toLocaleString();
}

/** Grouped horizontal bars: new, open and overdue per row, with a legend. */
function barChart(title, rows) {
  const id = uid("c");
  const rowH = 3 * 14 + 14;
  const labelW = 220;
  const width = 560;
  const max = Math.max(1, ...rows.flatMap((r) => SERIES.map((x) => r[x.key])));
  const scale = (v) => ((width - labelW - 40) * v) / max;
  const svg = s("svg", { viewBox: `0 0 ${width} ${rows.length * rowH + 30}`, role: "img", "aria-labelledby": id, class: "chart" });
  svg.append(s("title", { id }, title));
  SERIES.forEach((x, i) => {
    svg.append(s("rect", { x: labelW + i * 110, y: 4, width: 12, height: 12, fill: x.colour }));
    svg.append(s("text", { x: labelW + i * 110 + 16, y: 14, class: "legend" }, t(x.label)));
  });
  rows.forEach((r, i) => {
    const y = 30 + i * rowH;
    svg.append(s("text", { x: labelW - 8, y: y + 26, "text-anchor": "end", class: "label" }, shorten(r.name, 30)));
    SERIES.forEach((x, j) => {
      const w = scale(r[x.key]);
      svg.append(s("rect", { x: labelW, y: y + j * 14, width: Math.max(w, 1), height: 12, fill: x.colour }));
      svg.append(s("text", { x: labelW + w + 4, y: y + j * 14 + 10, class: "value" }, r[x.key]));
    });
  });
  return h("figure", {}, svg, h("figcaption", {}, title));
}

/** One bar a row: the share handled within the access target, 0–100 %. */
function shareChart(title, rows) {
  const id = uid("c");
  const labelW = 220;
  const width = 560;
  const rowH = 22;
  const svg = s("svg", { viewBox: `0 0 ${width} ${rows.length * rowH + 10}`, role: "img", "aria-labelledby": id, class: "chart" });
  svg.append(s("title", { id }, title));
  rows.forEach((r, i) => {
    const y = 5 + i * rowH;
    const share = r.within_access_target;
    svg.append(s("text", { x: labelW - 8, y: y + 13, "text-anchor": "end", class: "label" }, shorten(r.name, 30)));
    svg.append(s("rect", { x: labelW, y, width: width - labelW - 60, height: 16, fill: "#e8ecf1" }));
    if (share !== null && share !== undefined) {
      svg.append(s("rect", { x: labelW, y, width: (width - labelW - 60) * share, height: 16, fill: share >= 0.9 ? "#1d7a3a" : "#9a5b00" }));
    }
    svg.append(s("text", { x: width - 55, y: y + 13, class: "value" }, percent(share)));
  });
  return h("figure", {}, svg, h("figcaption", {}, title));
}

function figures(head, rows) {
  const cols = [t("new"), t("open_referrals"), t("overdue_referrals"), t("within_access_target"), t("median_accept"), t("median_complete"), t("feedback_answers"), t("feedback_helped"), t("feedback_grade")];
  return h(
    "table",
    { class: "figures" },
    h("caption", {}, t("figures")),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, head), cols.map((c) => h("th", { scope: "col" }, c)))),
    h(
      "tbody",
      {},
      rows.map((r) => {
        const f = r.feedback || {};
        return h(
          "tr",
          {},
          h("th", { scope: "row" }, r.name),
          h("td", {}, r.new),
          h("td", {}, r.open),
          h("td", { class: r.overdue ? "alert" : null }, r.overdue),
          h("td", {}, percent(r.within_access_target)),
          h("td", {}, num(r.median_days_to_acceptance)),
          h("td", {}, num(r.median_days_to_completion)),
          h("td", {}, f.answers ?? 0),
          h("td", {}, percent(f.helped_share)),
          h("td", {}, num(f.mean_grade)),
        );
      }),
    ),
  );
}

function counts(title, map, label) {
  const entries = Object.entries(map || {});
  return h(
    "table",
    { class: "figures small" },
    h("caption", {}, title),
    h("tbody", {}, entries.length ? entries.map(([k, v]) => h("tr", {}, h("th", { scope: "row" }, label(k)), h("td", {}, v))) : h("tr", {}, h("td", {}, t("no_data")))),
  );
}

/** A chart label: a team's name without its centre ("Seinäjoen sote-keskus: "), cut to `n`. */
function shorten(text, n) {
  const own = text.includes(": ") ? text.slice(text.indexOf(": ") + 2) : text;
  return own.length > n ? `${own.slice(0, n - 1)}…` : own;
}
