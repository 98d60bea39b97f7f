/** Set by proxy.ts on every page request (replacing any client value): where to come back to after signing in. */
export const PAGE_PATH_HEADER = "x-rr-path";
