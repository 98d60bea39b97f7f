/** POSTs JSON to an auth endpoint; resolves to the error a person can act on, or null on success. */
export async function postJson(url: string, body: object): Promise<string | null> {
  let res: Response;
  try {
    res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  } catch {
    return "the server cannot be reached: check your connection and try again";
  }
  if (res.ok) return null;
  const data = (await res.json().catch(() => ({}))) as { error?: unknown; message?: unknown };
  if (res.status === 401) return "wrong email or password";
  if (res.status === 429) return typeof data.error === "string" ? data.error : "too many attempts: wait a few minutes";
  const message = typeof data.error === "string" ? data.error : typeof data.message === "string" ? data.message : null;
  return message ?? `the server answered ${res.status}`;
}
