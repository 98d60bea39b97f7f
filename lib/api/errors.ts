/** An error a person can act on, with the HTTP status the route-handler wrapper answers with. */
export class ApiError extends Error {
  constructor(
    public readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422,
    message: string,
    public readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** A 404 names the kind of thing only: the name or id came from the URL, and messages never echo input. */
export const notFound = (what: "foundation" | "app" | "snapshot") => new ApiError(404, `${what} not found`);
