"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Field, FormError } from "@/components/auth/fields";
import { CopyButton } from "@/components/copy-button";
import { DeleteButton } from "@/components/delete-button";
import { buttonClass, EmptyState } from "@/components/empty-state";
import { formatUtc } from "@/components/format";
import { Section } from "@/components/page-header";
import type { TokenDto } from "@/lib/schemas/admin";
import { adminApi, adminKeys, adminQueries } from "./queries";
import { QueryState } from "./query-state";

export function TokensSection() {
  const tokens = useQuery(adminQueries.tokens());
  return (
    <Section title="API tokens" description="For automation: `Authorization: Bearer <token>` acts with the token's user's role.">
      <QueryState query={tokens} what="API tokens">
        {(list) =>
          list.length === 0 ? (
            <EmptyState title="No API tokens yet">Mint one below for a cron job that uploads dumps.</EmptyState>
          ) : (
            <div className="overflow-x-auto">
              <table aria-label="API tokens" className="w-full text-left text-sm">
                <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-600">
                  <tr>
                    <th scope="col" className="py-2 pr-4">Name</th>
                    <th scope="col" className="py-2 pr-4">User</th>
                    <th scope="col" className="py-2 pr-4">Starts with</th>
                    <th scope="col" className="py-2 pr-4">Created</th>
                    <th scope="col" className="py-2 pr-4">Last used</th>
                    <th scope="col" className="py-2">State</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {list.map((t) => (
                    <TokenRow key={t.id} token={t} />
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryState>
      <MintTokenForm />
    </Section>
  );
}

function TokenRow({ token }: { token: TokenDto }) {
  const qc = useQueryClient();
  const revoke = useMutation({ mutationFn: () => adminApi.revokeToken(token.id), onSuccess: () => qc.invalidateQueries({ queryKey: adminKeys.tokens }) });
  return (
    <tr className={token.revokedAt ? "text-slate-600" : undefined}>
      <td className="py-2 pr-4 [overflow-wrap:anywhere]">{token.name}</td>
      <td className="py-2 pr-4 [overflow-wrap:anywhere]">{token.email}</td>
      <td className="py-2 pr-4 font-mono text-xs">{token.prefix}…</td>
      <td className="py-2 pr-4">
        <span className="tabular-nums">{formatUtc(token.createdAt)}</span>
        <span className="block text-xs text-slate-600 [overflow-wrap:anywhere]">by {token.createdBy}</span>
      </td>
      <td className="py-2 pr-4 tabular-nums">{token.lastUsedAt ? formatUtc(token.lastUsedAt) : "never"}</td>
      <td className="py-2">
        {token.revokedAt ? (
          <span>revoked {formatUtc(token.revokedAt)}</span>
        ) : (
          <DeleteButton
            url={`/api/admin/tokens/${token.id}`}
            run={() => revoke.mutateAsync()}
            label="Revoke"
            busyLabel="Revoking…"
            accessibleLabel={`Revoke token ${token.name} of ${token.email}`}
            title="Revoke this token?"
            consequence={`The next request with the token "${token.name}" of ${token.email} is refused (401). A revoked token cannot be restored: mint a new one.`}
          />
        )}
      </td>
    </tr>
  );
}

function MintTokenForm() {
  const qc = useQueryClient();
  const [form, setForm] = useState({ email: "", name: "" });
  const mint = useMutation({
    mutationFn: () => adminApi.mintToken(form),
    onSuccess: () => {
      setForm({ email: "", name: "" });
      return qc.invalidateQueries({ queryKey: adminKeys.tokens });
    },
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    mint.mutate();
  }
  return (
    <form onSubmit={submit} aria-labelledby="mint-token-heading" className="mt-6 space-y-3 border-t border-slate-100 pt-4">
      <h3 id="mint-token-heading" className="text-sm font-semibold text-slate-900">
        Mint a token
      </h3>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="For user (email)" type="email" required autoComplete="off" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />
        <Field label="Token name" required maxLength={100} autoComplete="off" hint="What uses it, e.g. nightly-upload." value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
      </div>
      <FormError message={mint.error?.message ?? null} />
      {mint.isSuccess && (
        <div role="status" aria-label="New token" className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-slate-900">
          <p>
            <strong>Copy the token now: you will not see it again.</strong> It is stored only as a hash. Token &ldquo;{mint.data.name}&rdquo; for {mint.data.email}:
          </p>
          <div className="flex items-center gap-2 rounded bg-slate-900 px-3 py-2">
            <code data-testid="minted-token" className="min-w-0 flex-1 font-mono text-xs text-slate-100 [overflow-wrap:anywhere]">
              {mint.data.token}
            </code>
            <CopyButton text={mint.data.token} label="Copy token" />
          </div>
          <button type="button" onClick={() => mint.reset()} className="text-sm font-medium text-slate-800 underline underline-offset-2">
            I have copied it: hide the token
          </button>
        </div>
      )}
      <button type="submit" disabled={mint.isPending} className={buttonClass}>
        {mint.isPending ? "Minting…" : "Mint token"}
      </button>
    </form>
  );
}
