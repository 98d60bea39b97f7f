/**
 * The client's address, set by scripts/start.mjs from the socket (or, with `TRUST_PROXY=1`, from the
 * proxy's `X-Forwarded-For`), replacing whatever the client sent under this name. Absent under `next dev`.
 */
export const CLIENT_ADDRESS_HEADER = "x-rr-client-address";

/**
 * @param {Headers} headers
 * @returns {string | null}
 */
export function clientAddress(headers) {
  return headers.get(CLIENT_ADDRESS_HEADER);
}
