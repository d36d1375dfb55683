// Sign-in with the region's OpenID Connect provider: the authorization code flow with PKCE
// (RFC 7636, S256). The verifier and state wait in session storage for the one redirect back;
// the access token goes to session storage and the code leaves the address bar at once.

const PENDING = "luotsi.oidc";

function base64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

function random(n = 32) {
  return base64url(crypto.getRandomValues(new Uint8Array(n)));
}

async function discover(issuer) {
  const url = `${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`;
  const res = await fetch(url, { credentials: "omit" });
  if (!res.ok) throw new Error(`the provider's discovery document answered ${res.status}`);
  return res.json();
}

function redirectUri() {
  return `${location.origin}/console/`;
}

/** Leaves for the provider's sign-in page. */
export async function begin(config) {
  const meta = await discover(config.issuer);
  const verifier = random(48);
  const state = random(16);
  const challenge = base64url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, token_endpoint: meta.token_endpoint }));
  const query = new URLSearchParams({
    response_type: "code",
    client_id: config.client_id,
    redirect_uri: redirectUri(),
    scope: config.scope || "openid",
    state,
    code_challenge: challenge,
    code_challenge_method: "S256",
  });
  location.assign(`${meta.authorization_endpoint}?${query}`);
}

/**
 * On the way back from the provider: exchanges the code for a token. Answers the access token, or
 * null when this page load is not a sign-in's return. Throws when the return is not valid.
 */
export async function complete(config) {
  const params = new URLSearchParams(location.search);
  if (!params.has("code") && !params.has("error")) return null;
  // The code and state leave the address bar (and the history) before anything else.
  history.replaceState(null, "", `${location.pathname}${location.hash}`);
  const pending = JSON.parse(sessionStorage.getItem(PENDING) || "null");
  sessionStorage.removeItem(PENDING);
  if (params.has("error")) throw new Error(params.get("error_description") || params.get("error"));
  if (!pending || pending.state !== params.get("state")) throw new Error("the sign-in's state does not match");
  const body = new URLSearchParams({
    grant_type: "authorization_code",
    code: params.get("code"),
    redirect_uri: redirectUri(),
    client_id: config.client_id,
    code_verifier: pending.verifier,
  });
  const res = await fetch(pending.token_endpoint, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body,
    credentials: "omit",
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok || !data.access_token) {
    throw new Error(data.error_description || data.error || `the token endpoint answered ${res.status}`);
  }
  return data.access_token;
}
