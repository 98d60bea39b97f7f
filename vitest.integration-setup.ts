import { ensureBuild } from "./scripts/ensure-build.mjs";

/** The integration tests run the production build: make it if it is missing or older than the sources. */
export default function setup() {
  ensureBuild();
}
