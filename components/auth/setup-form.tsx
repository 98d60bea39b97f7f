"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { buttonClass } from "@/components/empty-state";
import { postJson } from "./auth-fetch";
import { Field, FormError } from "./fields";

/** Creates the first administrator, then signs them in. */
export function SetupForm({ minPasswordLength }: { minPasswordLength: number }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    if (form.get("password") !== form.get("confirm")) {
      setError("the two passwords differ");
      return;
    }
    setBusy(true);
    setError(null);
    const credentials = { email: form.get("email"), password: form.get("password") };
    const failed = (await postJson("/api/setup", { ...credentials, name: form.get("name") })) ?? (await postJson("/api/auth/sign-in/email", credentials));
    if (failed) {
      setError(failed);
      setBusy(false);
      return;
    }
    router.replace("/");
    router.refresh();
  }

  return (
    <form onSubmit={submit} className="space-y-4" aria-label="Create the first administrator">
      <Field label="Your name" name="name" autoComplete="name" />
      <Field label="Email" name="email" type="email" autoComplete="username" required autoFocus />
      <Field label="Password" name="password" type="password" autoComplete="new-password" required minLength={minPasswordLength} hint={`At least ${minPasswordLength} characters.`} />
      <Field label="Password again" name="confirm" type="password" autoComplete="new-password" required minLength={minPasswordLength} />
      <FormError message={error} />
      <button type="submit" className={buttonClass} disabled={busy}>
        {busy ? "Creating…" : "Create administrator"}
      </button>
    </form>
  );
}
