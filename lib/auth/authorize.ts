import { ApiError } from "@/lib/api/errors";
import { can, roleFor, type Action, type Actor, type AppLocation } from "./permissions";

/**
 * The data layer's own check (lib/data functions take the actor): the route wrapper and the pages check first,
 * this makes a forgotten check there a refusal rather than a leak.
 */
export function authorize(actor: Actor, action: Action, app?: AppLocation): void {
  if (actor.via === "anonymous") throw new ApiError(401, "sign in first, or send `Authorization: Bearer <token>`");
  if (!can(actor, action, app)) throw new ApiError(403, `this needs the ${roleFor(action)} role`);
}
