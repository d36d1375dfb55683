// The API client: the token lives in session storage (gone when the tab closes) and travels only
// in the Authorization header, never in a URL.

import { lang } from "./i18n.js";

const KEY = "luotsi.token";

export function token() {
  return sessionStorage.getItem(KEY);
}

export function setToken(value) {
  if (value) sessionStorage.setItem(KEY, value);
  else sessionStorage.removeItem(KEY);
}

/** The claims of the token, read for display only (the server checks the signature). */
export function claims() {
  const raw = token();
  if (!raw) return null;
  try {
    const payload = raw.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    const json = decodeURIComponent(
      Array.from(atob(payload), (c) => `%${c.charCodeAt(0).toString(16).padStart(2, "0")}`).join(""),
    );
    const c = JSON.parse(json);
    return { sub: c.sub, roles: c.roles || [], team_ids: c.team_ids || [], exp: c.exp };
  } catch {
    return null;
  }
}

export function hasRole(...roles) {
  const c = claims();
  return !!c && c.roles.some((r) => roles.includes(r));
}

/** An error answer of the API as one sentence a person can act on. */
export class ApiError extends Error {
  constructor(status, problem) {
    const fields = (problem && problem.errors) || [];
    const detail = (problem && (problem.detail || problem.title)) || `HTTP ${status}`;
    super(fields.length ? `${detail}: ${fields.map((f) => `${f.field}: ${f.message}`).join("; ")}` : detail);
    this.status = status;
    this.problem = problem;
  }
}

/** Calls the API; answers `{status, body, headers}` for 2xx and throws ApiError otherwise. */
export async function call(method, path, { body, headers = {}, signal } = {}) {
  // The staff's language: the safety screen's questions come in it.
  const h = { Accept: "application/json", "Accept-Language": lang(), ...headers };
  const t = token();
  if (t) h.Authorization = `Bearer ${t}`;
  if (body !== undefined) h["Content-Type"] = "application/json";
  const res = await fetch(path, {
    method,
    headers: h,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
    credentials: "omit",
    cache: "no-store",
  });
  const type = res.headers.get("Content-Type") || "";
  const data = type.includes("json") ? await res.json().catch(() => null) : null;
  if (!res.ok) throw new ApiError(res.status, data);
  return { status: res.status, body: data, headers: res.headers };
}

const cache = new Map();

/** A GET answer kept for the session (the catalogue's municipalities, needs and teams). */
export async function cached(path) {
  if (!cache.has(path)) {
    cache.set(
      path,
      call("GET", path).then((r) => r.body).catch((e) => {
        cache.delete(path);
        throw e;
      }),
    );
  }
  return cache.get(path);
}

export function forget() {
  cache.clear();
}
