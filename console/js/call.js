// The call: staff type what the client says; the answer (emergency, safety screen, needs with
// their words marked, services, teams, segment) follows as they type, and one action records the
// referral with an idempotency key of the console's, so a double click or a retry makes one.

import { call, cached } from "./api.js";
import { fill, h, field, notice, radios, uid } from "./dom.js";
import { day, lang, t, when } from "./i18n.js";

const DEBOUNCE_MS = 350;

export function render(main) {
  const state = { answer: null, screen: {}, key: null, keyBody: null, timer: null, inflight: null, recording: false };

  const description = h("textarea", { id: "description", rows: 6, maxlength: 4000, spellcheck: "true" });
  const age = h("input", { id: "age", type: "number", min: 0, max: 130, inputmode: "numeric" });
  const municipality = h("select", { id: "municipality", required: true }, h("option", { value: "" }, t("choose")));
  const clientLang = h(
    "select",
    { id: "client-language" },
    ["fi", "sv", "en"].map((l) => h("option", { value: l, selected: l === lang() }, t(`lang_${l}`))),
  );
  const marked = h("div", { class: "marked", "aria-hidden": "true" });
  const result = h("div", { id: "answer", "aria-live": "polite", "aria-busy": "false" }, h("p", { class: "hint" }, t("type_more")));
  const recordArea = h("div", { id: "record" });

  cached("/v1/municipalities")
    .then((list) => {
      for (const m of list.municipalities) {
        const name = lang() === "sv" && m.sv ? m.sv : m.fi;
        const other = lang() === "sv" ? m.fi : m.sv;
        const label = other && other !== name ? `${name} (${other})` : name;
        municipality.append(h("option", { value: m.code }, label));
      }
    })
    .catch((e) => result.replaceChildren(notice("error", e.message)));

  const schedule = () => {
    clearTimeout(state.timer);
    state.timer = setTimeout(navigate, DEBOUNCE_MS);
  };
  for (const el of [description, age, municipality, clientLang]) {
    el.addEventListener(el.tagName === "SELECT" ? "change" : "input", schedule);
  }

  function request() {
    const client = { municipality: municipality.value, language: clientLang.value };
    if (age.value !== "") client.age = Number(age.value);
    return { client, description: description.value };
  }

  async function navigate() {
    if (!description.value.trim() || !municipality.value) {
      state.answer = null;
      fill(marked);
      fill(result, h("p", { class: "hint" }, t("type_more")));
      fill(recordArea);
      return;
    }
    if (state.inflight) state.inflight.abort();
    const controller = new AbortController();
    state.inflight = controller;
    result.setAttribute("aria-busy", "true");
    try {
      const { body } = await call("POST", "/v1/navigation", { body: request(), signal: controller.signal });
      if (state.inflight !== controller) return;
      const previous = state.answer && state.answer.safety.screen_id;
      state.answer = body;
      if (previous !== body.safety.screen_id) state.screen = {};
      await show(body);
    } catch (e) {
      if (e.name !== "AbortError") fill(result, notice("error", e.message));
    } finally {
      if (state.inflight === controller) {
        state.inflight = null;
        result.setAttribute("aria-busy", "false");
      }
    }
  }

  async function show(answer) {
    const [needs, teams] = await Promise.all([
      cached("/v1/needs").catch(() => ({ needs: [] })),
      cached("/v1/teams?per_page=200").catch(() => ({ items: [] })),
    ]);
    const teamName = (id) => ((teams.items || teams.teams || []).find((x) => x.id === id) || {}).name || id;
    const needLabel = (n) => {
      const known = needs.needs.find((x) => x.code === n.code);
      return (known && known.labels && (known.labels[lang()] || known.labels.fi)) || n.label;
    };
    fill(marked, markWords(description.value, answer.needs.flatMap((n) => n.evidence)));
    fill(
      result,
      emergencyBanner(answer),
      screenQuestions(answer),
      answer.understood !== "clear" ? notice("info", t(`understood_${answer.understood}`)) : null,
      section(
        t("needs"),
        answer.needs.length
          ? h(
              "ul",
              { class: "needs" },
              answer.needs.map((n) =>
                h(
                  "li",
                  {},
                  h("strong", {}, needLabel(n)),
                  n.evidence.length ? h("span", { class: "evidence" }, ` – ${t("evidence")}: `, n.evidence.map((w, i) => [i ? ", " : "", h("mark", {}, w)])) : null,
                ),
              ),
            )
          : h("p", {}, t("no_needs")),
      ),
      section(t("services"), h("ol", { class: "services" }, answer.services.slice(0, 5).map(serviceItem))),
      section(
        t("teams"),
        h(
          "dl",
          { class: "facts" },
          h("dt", {}, t("lead_team")),
          h("dd", { id: "lead-team" }, answer.routing.lead_team_name || t("none")),
          h("dt", {}, t("participating_teams")),
          h("dd", {}, answer.routing.participating_team_ids.map(teamName).join(", ") || t("none")),
          answer.routing.interpreter_needed ? [h("dt", {}, t("interpreter")), h("dd", {}, t("yes"))] : null,
          h("dt", {}, t("segment")),
          h("dd", {}, t(`seg_${answer.segment.code}`), h("span", { class: "muted" }, ` (${answer.segment.reason})`)),
        ),
      ),
    );
    renderRecord();
  }

  function emergencyBanner(answer) {
    if (!answer.emergency) return null;
    const e = answer.emergency;
    return h(
      "div",
      { class: `emergency level-${e.level}`, role: "alert", id: "emergency" },
      h("h2", {}, t(`emergency_${e.level}`)),
      h("p", { class: "instructions", lang: answer.client_language }, e.instructions),
      e.reasons.length ? h("p", {}, `${t("emergency_reasons")}: ${e.reasons.join("; ")}`) : null,
    );
  }

  function screenQuestions(answer) {
    const s = answer.safety;
    if (!s.screen_required) return null;
    const warning = h("div", { class: "status-area" });
    const warn = () => fill(warning, Object.values(state.screen).some((v) => v !== "no") ? notice("warning", t("screen_yes")) : null);
    warn();
    return h(
      "section",
      { class: "screen", id: "screen", "aria-labelledby": "screen-h" },
      h("h2", { id: "screen-h" }, t("screen_title")),
      h("p", {}, t("screen_intro")),
      s.reasons.length ? h("p", { class: "muted" }, `${t("emergency_reasons")}: ${s.reasons.join("; ")}`) : null,
      s.questions.map((q) =>
        h(
          "div",
          { class: "question" },
          radios(
            `q-${q.id}`,
            q.staff_text,
            [["no", t("no")], ["yes", t("yes")], ["unknown", t("unknown")]],
            (value) => {
              state.screen[q.id] = value;
              warn();
            },
            state.screen[q.id],
          ),
          q.language !== q.staff_language
            ? h("p", { class: "client-words" }, t("screen_client_says", { lang: t(`lang_${q.language}`) }), " ", h("q", { lang: q.language }, q.text))
            : null,
        ),
      ),
      warning,
    );
  }

  function serviceItem(s) {
    const name = (s.names && s.names[lang()]) || s.name;
    let hours = t("hours_unknown");
    if (s.open_now === true) hours = t("open_now");
    else if (s.open_now === false) hours = s.next_opening ? `${t("closed_now")}. ${t("next_opening", { at: when(s.next_opening) })}` : t("closed_now");
    return h(
      "li",
      {},
      h("strong", {}, name),
      s.organization ? h("span", { class: "muted" }, ` – ${s.organization}`) : null,
      h("p", { class: "meta" }, h("span", { class: s.open_now ? "open" : "closed" }, hours), " · ", t("access_target", { days: s.access_target_days }), " · ", `${t("channels")}: `, s.channels.map((c) => t(`channel_${c}`)).join(", ")),
      s.reasons.length ? h("details", {}, h("summary", {}, t("why")), h("ul", { class: "reasons" }, s.reasons.map((r) => h("li", {}, r)))) : null,
    );
  }

  // The record form is made once: a new answer while staff type the HETU keeps what they typed.
  const record = (() => {
    const hetu = h("input", { id: "hetu", autocomplete: "off", spellcheck: "false", inputmode: "text", maxlength: 11 });
    const consent = h("input", { id: "consent", type: "checkbox" });
    const disclosure = h("input", { id: "disclosure", type: "checkbox" });
    const handled = h("input", { id: "handled", type: "checkbox" });
    const handledRow = h("div", { class: "field check" }, handled, h("label", { for: "handled" }, t("emergency_handled")));
    const channel = h("select", { id: "channel" }, ["phone", "chat", "in_person"].map((c) => h("option", { value: c }, t(`channel_${c}`))));
    const status = h("div", { class: "status-area" });
    const button = h("button", { type: "submit", id: "record-button" }, t("record"));
    const form = h(
      "form",
      {
        "aria-labelledby": "record-h",
        onsubmit: async (e) => {
          e.preventDefault();
          const answer = state.answer;
          if (state.recording || !answer) return;
          const s = answer.safety;
          if (s.screen_required && s.questions.some((q) => !state.screen[q.id])) {
            return fill(status, notice("error", t("screen_unanswered")));
          }
          const body = {
            ...request(),
            hetu: hetu.value.trim().toUpperCase(),
            consent: consent.checked,
            disclosure_prohibited: disclosure.checked,
            channel: channel.value,
          };
          if (s.screen_required) body.safety_screen = { screen_id: s.screen_id, answers: { ...state.screen } };
          if (answer.emergency && handled.checked) body.emergency_handled = true;
          // One key per request body: a double click or a retry sends the same key and body.
          const text = JSON.stringify(body);
          if (state.keyBody !== text) {
            state.key = crypto.randomUUID();
            state.keyBody = text;
          }
          state.recording = true;
          button.disabled = true;
          fill(status, notice("info", t("recording")));
          try {
            const res = await call("POST", "/v1/referrals", { body, headers: { "Idempotency-Key": state.key } });
            const r = res.body;
            const msg = t("recorded", { team: r.lead_team_name || t("none"), due: day(r.due_at) });
            fill(
              status,
              notice("success", res.status === 201 ? msg : `${t("recorded_again")} ${msg}`),
              h("p", {}, h("button", { type: "button", class: "secondary", onclick: reset }, t("new_call"))),
            );
          } catch (err) {
            fill(status, notice("error", err.message));
          } finally {
            state.recording = false;
            button.disabled = false;
          }
        },
      },
      h("h2", { id: "record-h" }, t("record_title")),
      field(t("hetu"), hetu, t("hetu_help")),
      h("div", { class: "field check" }, consent, h("label", { for: "consent" }, t("consent"))),
      h("div", { class: "field check" }, disclosure, h("label", { for: "disclosure" }, t("disclosure_prohibited"))),
      handledRow,
      field(t("channel"), channel),
      button,
      status,
    );
    const clear = () => {
      hetu.value = "";
      consent.checked = false;
      disclosure.checked = false;
      handled.checked = false;
      channel.value = "phone";
      fill(status);
    };
    return { form, handledRow, clear };
  })();

  function renderRecord() {
    if (!state.answer) return fill(recordArea);
    // The emergency's confirmation only beside an emergency.
    record.handledRow.hidden = !state.answer.emergency;
    if (!recordArea.contains(record.form)) fill(recordArea, record.form);
  }

  function reset() {
    record.clear();
    description.value = "";
    age.value = "";
    state.answer = null;
    state.screen = {};
    state.key = null;
    state.keyBody = null;
    navigate();
    description.focus();
  }

  const descId = uid("d");
  fill(
    main,
    h("h1", {}, t("call_title")),
    h("p", {}, t("call_intro")),
    h(
      "div",
      { class: "call" },
      h(
        "form",
        { class: "call-input", onsubmit: (e) => e.preventDefault(), "aria-describedby": descId },
        field(t("description"), description),
        marked,
        h("div", { class: "row" }, field(t("age"), age), field(t("municipality"), municipality), field(t("client_language"), clientLang)),
        h("p", { id: descId, class: "sr-only" }, t("call_intro")),
      ),
      h("div", { class: "call-answer" }, h("h2", { class: "sr-only" }, t("answer")), result, recordArea),
    ),
  );
  return () => {
    clearTimeout(state.timer);
    if (state.inflight) state.inflight.abort();
  };
}

function section(title, body) {
  const id = uid("s");
  return h("section", { "aria-labelledby": id }, h("h2", { id }, title), body);
}

/** The description with the words that raised needs marked (for the eye; the list says them too). */
function markWords(text, words) {
  const terms = [...new Set(words.filter((w) => w && w.length > 1).map((w) => w.toLowerCase()))];
  if (!terms.length) return [];
  const lower = text.toLowerCase();
  const spans = [];
  for (const term of terms) {
    let at = lower.indexOf(term);
    while (at !== -1) {
      spans.push([at, at + term.length]);
      at = lower.indexOf(term, at + term.length);
    }
  }
  spans.sort((a, b) => a[0] - b[0]);
  const out = [];
  let pos = 0;
  for (const [s, e] of spans) {
    if (s < pos) continue;
    out.push(text.slice(pos, s), h("mark", {}, text.slice(s, e)));
    pos = e;
  }
  out.push(text.slice(pos));
  return out;
}
