// A small element builder: text always goes in as text (never as HTML), so the client's words
// and the server's answers cannot inject markup.

let ids = 0;

/** A fresh id for label/for and aria-describedby pairs. */
export function uid(prefix = "f") {
  ids += 1;
  return `${prefix}-${ids}`;
}

/** `h("p", {class: "x", onclick: fn}, "text", child)`: attributes, `on*` listeners, children. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      el.addEventListener(name.slice(2), value);
    } else if (name === "dataset") {
      Object.assign(el.dataset, value);
    } else if (value === true) {
      el.setAttribute(name, "");
    } else {
      el.setAttribute(name, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A labelled form field: the label, the control, and an optional help text tied to it. */
export function field(label, control, help) {
  const id = control.id || uid();
  control.id = id;
  const parts = [h("label", { for: id }, label), control];
  if (help) {
    const helpId = `${id}-help`;
    control.setAttribute("aria-describedby", helpId);
    parts.push(h("p", { class: "help", id: helpId }, help));
  }
  return h("div", { class: "field" }, parts);
}

/** A radio group in a fieldset with a legend; `onchange` gets the chosen value. */
export function radios(name, legend, options, onchange, checked) {
  return h(
    "fieldset",
    { class: "radios" },
    h("legend", {}, legend),
    options.map(([value, label]) => {
      const id = uid(name);
      return h(
        "span",
        { class: "radio" },
        h("input", {
          type: "radio",
          id,
          name,
          value,
          checked: checked === value,
          required: true,
          onchange: () => onchange && onchange(value),
        }),
        h("label", { for: id }, label),
      );
    }),
  );
}

/** A message for people in a live region (`role=status`, or `alert` for errors). */
export function notice(kind, text) {
  return h("p", { class: `notice ${kind}`, role: kind === "error" ? "alert" : "status" }, text);
}
