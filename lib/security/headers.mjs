// Plain JavaScript: next.config.js imports it at startup, before anything is compiled.

/** Nothing of this dashboard is meant to be shown inside another site's frame (clickjacking). */
const NO_FRAMING = "frame-ancestors 'none'";

/** Headers on every response: pages, API answers (errors included) and static files. */
export const SECURITY_HEADERS = [
  // A browser must not guess a type: an error or a name from a dump read as HTML could run.
  { key: "X-Content-Type-Options", value: "nosniff" },
  // URLs carry foundation and app names; no other site needs to learn them.
  { key: "Referrer-Policy", value: "no-referrer" },
];

/** API answers are JSON: nothing in them may load, run or be framed. */
export const API_CONTENT_SECURITY_POLICY = `default-src 'none'; ${NO_FRAMING}`;

/**
 * The policy of a page: scripts run only with this request's nonce (Next puts it on the scripts it renders)
 * or when loaded by such a script ('strict-dynamic'); no inline script, no inline style, no plugins.
 * `next dev` needs eval (React Refresh) and injects its styles inline; production needs neither.
 * @param {string} nonce base64, fresh for every request
 * @param {boolean} dev
 * @returns {string}
 */
export function pageContentSecurityPolicy(nonce, dev) {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self'${dev ? " 'unsafe-inline'" : ""}`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    NO_FRAMING,
  ].join("; ");
}
