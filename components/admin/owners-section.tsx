"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { Field, FormError } from "@/components/auth/fields";
import { DeleteButton } from "@/components/delete-button";
import { buttonClass, EmptyState } from "@/components/empty-state";
import { formatUtc } from "@/components/format";
import { Section } from "@/components/page-header";
import type { OwnerDto } from "@/lib/schemas/admin";
import { adminApi, adminKeys, adminQueries, LineRequestError } from "./queries";
import { QueryState } from "./query-state";

export function OwnersSection() {
  const owners = useQuery(adminQueries.owners());
  return (
    <Section title="Owner assignments" description="Owners act on the apps of their orgs (or of one space of an org) on a foundation.">
      <QueryState query={owners} what="owner assignments">
        {(list) =>
          list.length === 0 ? (
            <EmptyState title="No owner assignments yet">Assign an org below, or import a CSV file of many.</EmptyState>
          ) : (
            <div className="overflow-x-auto">
              <table aria-label="Owner assignments" className="w-full text-left text-sm">
                <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-600">
                  <tr>
                    <th scope="col" className="py-2 pr-4">Owner</th>
                    <th scope="col" className="py-2 pr-4">Foundation</th>
                    <th scope="col" className="py-2 pr-4">Org</th>
                    <th scope="col" className="py-2 pr-4">Space</th>
                    <th scope="col" className="py-2 pr-4">Assigned</th>
                    <th scope="col" className="py-2">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {list.map((o) => (
                    <OwnerRow key={o.id} owner={o} />
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryState>
      <div className="mt-6 grid gap-6 border-t border-slate-100 pt-4 lg:grid-cols-2">
        <AddOwnerForm />
        <ImportOwnersForm />
      </div>
    </Section>
  );
}

function OwnerRow({ owner }: { owner: OwnerDto }) {
  const qc = useQueryClient();
  const remove = useMutation({ mutationFn: () => adminApi.removeOwner(owner.id), onSuccess: () => qc.invalidateQueries({ queryKey: adminKeys.all }) });
  const where = `${owner.org.name}${owner.space ? ` / ${owner.space.name}` : ""} on ${owner.foundation}`;
  return (
    <tr>
      <td className="py-2 pr-4 [overflow-wrap:anywhere]">{owner.email}</td>
      <td className="py-2 pr-4">{owner.foundation}</td>
      <td className="py-2 pr-4 [overflow-wrap:anywhere]" title={owner.org.guid}>
        {owner.org.name}
      </td>
      <td className="py-2 pr-4 [overflow-wrap:anywhere]" title={owner.space?.guid}>
        {owner.space ? owner.space.name : <span className="text-slate-600">whole org</span>}
      </td>
      <td className="py-2 pr-4 text-slate-700">
        <span className="tabular-nums">{formatUtc(owner.createdAt)}</span>
        <span className="block text-xs text-slate-600 [overflow-wrap:anywhere]">by {owner.createdBy}</span>
      </td>
      <td className="py-2 text-right">
        <DeleteButton
          url={`/api/admin/owners/${owner.id}`}
          run={() => remove.mutateAsync()}
          label="Remove"
          busyLabel="Removing…"
          accessibleLabel={`Remove ${owner.email} as owner of ${where}`}
          title="Remove this owner assignment?"
          consequence={`${owner.email} can no longer act on the apps of ${where}.`}
        />
      </td>
    </tr>
  );
}

function AddOwnerForm() {
  const qc = useQueryClient();
  const empty = { email: "", foundation: "", org: "", space: "" };
  const [form, setForm] = useState(empty);
  const add = useMutation({
    mutationFn: () => adminApi.addOwner({ ...form, space: form.space || undefined }),
    onSuccess: () => {
      setForm(empty);
      return qc.invalidateQueries({ queryKey: adminKeys.all });
    },
  });
  const set = (k: keyof typeof empty) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  function submit(e: FormEvent) {
    e.preventDefault();
    add.mutate();
  }
  return (
    <form onSubmit={submit} aria-labelledby="add-owner-heading" className="space-y-3">
      <h3 id="add-owner-heading" className="text-sm font-semibold text-slate-900">
        Assign an owner
      </h3>
      <Field label="Owner's email" type="email" required autoComplete="off" value={form.email} onChange={set("email")} />
      <Field label="Foundation" required autoComplete="off" value={form.foundation} onChange={set("foundation")} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Org" required autoComplete="off" hint="Its name or guid in the latest snapshot." value={form.org} onChange={set("org")} />
        <Field label="Space (optional)" autoComplete="off" hint="Empty: the whole org." value={form.space} onChange={set("space")} />
      </div>
      <FormError message={add.error?.message ?? null} />
      {add.isSuccess && (
        <p role="status" className="text-sm text-emerald-800">
          {add.data.owner.created ? "Assigned." : "That assignment exists already."}
        </p>
      )}
      <button type="submit" disabled={add.isPending} className={buttonClass}>
        {add.isPending ? "Assigning…" : "Assign owner"}
      </button>
    </form>
  );
}

function ImportOwnersForm() {
  const qc = useQueryClient();
  const file = useRef<HTMLInputElement>(null);
  const [missing, setMissing] = useState(false);
  const imp = useMutation({
    mutationFn: (f: File) => adminApi.importOwners(f),
    onSuccess: () => {
      if (file.current) file.current.value = "";
      return qc.invalidateQueries({ queryKey: adminKeys.all });
    },
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    const f = file.current?.files?.[0];
    setMissing(!f);
    if (f) imp.mutate(f);
  }
  const lines = imp.error instanceof LineRequestError ? imp.error.lines : [];
  return (
    <form onSubmit={submit} aria-labelledby="import-owners-heading" className="space-y-3">
      <h3 id="import-owners-heading" className="text-sm font-semibold text-slate-900">
        Import owner assignments
      </h3>
      <p className="text-sm text-slate-700">
        A CSV file whose first line reads <code className="rounded bg-slate-100 px-1">foundation,org,space,email</code>; an empty space assigns the whole
        org. Either every line is imported or none is.
      </p>
      <label className="block text-sm font-medium text-slate-700">
        CSV file
        <input ref={file} type="file" accept=".csv,text/csv" className="mt-1 block w-full text-sm text-slate-700 file:mr-3 file:rounded file:border file:border-slate-300 file:bg-white file:px-2 file:py-1" />
      </label>
      <FormError message={missing ? "choose a CSV file first" : (imp.error?.message ?? null)} />
      {lines.length > 0 && (
        <div className="overflow-x-auto">
          <table aria-label="Lines that cannot be imported" className="w-full text-left text-sm">
            <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-600">
              <tr>
                <th scope="col" className="py-1 pr-4">Line</th>
                <th scope="col" className="py-1">Problem</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {lines.map((l) => (
                <tr key={l.line}>
                  <td className="py-1 pr-4 tabular-nums">{l.line}</td>
                  <td className="py-1 text-red-900">{l.error}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {imp.isSuccess && (
        <p role="status" className="text-sm text-emerald-800">
          Imported: {imp.data.created} new, {imp.data.alreadyPresent} already present.
        </p>
      )}
      <button type="submit" disabled={imp.isPending} className={buttonClass}>
        {imp.isPending ? "Importing…" : "Import CSV"}
      </button>
    </form>
  );
}
