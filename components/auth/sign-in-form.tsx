"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { buttonClass, secondaryButtonClass } from "@/components/empty-state";
import { postJson } from "./auth-fetch";
import { Field, FormError } from "./fields";

/** Email and password sign-in; on success the browser holds the session cookie and goes where it was headed. */
export function SignInForm({ next, uaa }: { next: string; uaa: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    const failed = await postJson("/api/auth/sign-in/email", { email: form.get("email"), password: form.get("password") });
    if (failed) {
      setError(failed);
      setBusy(false);
      return;
    }
    router.replace(next);
    router.refresh();
  }

  async function signInWithUaa() {
    setBusy(true);
    setError(null);
    // better-auth's generic OAuth providers sign in through its social sign-in endpoint
    const res = await fetch("/api/auth/sign-in/social", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ provider: "uaa", callbackURL: next, errorCallbackURL: "/sign-in?error=uaa", disableRedirect: true }),
    }).catch(() => null);
    const data = res?.ok ? ((await res.json()) as { url?: string }) : null;
    if (data?.url) window.location.assign(data.url);
    else {
      setError("Cloud Foundry sign-in is not reachable right now");
      setBusy(false);
    }
  }

  return (
    <div className="space-y-4">
      <form onSubmit={submit} className="space-y-4" aria-label="Sign in with email and password">
        <Field label="Email" name="email" type="email" autoComplete="username" required autoFocus />
        <Field label="Password" name="password" type="password" autoComplete="current-password" required />
        <FormError message={error} />
        <button type="submit" className={buttonClass} disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
      {uaa && (
        <div className="border-t border-slate-200 pt-4">
          <button type="button" className={secondaryButtonClass} onClick={signInWithUaa} disabled={busy}>
            Sign in with Cloud Foundry
          </button>
        </div>
      )}
    </div>
  );
}
