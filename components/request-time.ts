import { cache } from "react";

/**
 * The time the page is rendered at, read once per request (React's request cache): every age on a page is
 * measured from the same instant, and components stay pure. Server components only: ages are computed on
 * the server, so hydration never meets a second clock.
 */
export const requestTime = cache((): number => Date.now());
