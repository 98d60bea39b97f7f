"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Field, FormError, inputClass } from "@/components/auth/fields";
import { DeleteButton } from "@/components/delete-button";
import { buttonClass, EmptyState, secondaryButtonClass } from "@/components/empty-state";
import { formatUtc } from "@/components/format";
import { Section } from "@/components/page-header";
import { useViewer } from "@/components/viewer";
import { ROLES, type Role } from "@/lib/auth/permissions";
import type { UserDto } from "@/lib/schemas/admin";
import { adminApi, adminKeys, adminQueries } from "./queries";
import { QueryState } from "./query-state";

const ROLE_HELP: Record<Role, string> = {
  admin: "everything: uploads, deletions, users, owners, tokens",
  owner: "acts on apps of the orgs assigned to them",
  viewer: "reads everything, exports",
};

export function UsersSection({ minPasswordLength }: { minPasswordLength: number }) {
  const users = useQuery(adminQueries.users());
  return (
    <Section title="Users" description="Who can sign in, and with which role.">
      <QueryState query={users} what="users">
        {(list) =>
          list.length === 0 ? (
            <EmptyState title="No users yet" />
          ) : (
            <div className="overflow-x-auto">
              <table aria-label="Users" className="w-full text-left text-sm">
                <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-600">
                  <tr>
                    <th scope="col" className="py-2 pr-4">Email</th>
                    <th scope="col" className="py-2 pr-4">Signs in with</th>
                    <th scope="col" className="py-2 pr-4">Created</th>
                    <th scope="col" className="py-2 pr-4">Role</th>
                    <th scope="col" className="py-2">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {list.map((u) => (
                    <UserRow key={`${u.id}:${u.role}`} user={u} />
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryState>
      <CreateUserForm minPasswordLength={minPasswordLength} />
    </Section>
  );
}

function UserRow({ user }: { user: UserDto }) {
  const qc = useQueryClient();
  const self = useViewer()?.userId === user.id;
  const [role, setRole] = useState<Role>(user.role);
  const change = useMutation({
    mutationFn: () => adminApi.setRole(user.id, role),
    onSuccess: () => qc.invalidateQueries({ queryKey: adminKeys.all }),
  });
  const remove = useMutation({
    mutationFn: () => adminApi.deleteUser(user.id),
    onSuccess: () => qc.invalidateQueries({ queryKey: adminKeys.all }),
  });
  return (
    <tr data-user={user.email}>
      <td className="py-2 pr-4 [overflow-wrap:anywhere]">
        {user.email}
        {user.name !== user.email && <span className="block text-xs text-slate-600">{user.name}</span>}
        {self && <span className="block text-xs text-slate-600">you</span>}
      </td>
      <td className="py-2 pr-4 text-slate-700">{[user.password && "password", user.sso && "Cloud Foundry"].filter(Boolean).join(", ") || "Cloud Foundry only"}</td>
      <td className="py-2 pr-4 tabular-nums text-slate-700">{formatUtc(user.createdAt)}</td>
      <td className="py-2 pr-4">
        {self ? (
          user.role
        ) : (
          <form
            className="flex items-center gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              change.mutate();
            }}
          >
            <select
              aria-label={`Role of ${user.email}`}
              value={role}
              onChange={(e) => setRole(e.target.value as Role)}
              className="rounded border border-slate-300 bg-white px-2 py-1 text-sm"
            >
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
            <button type="submit" disabled={role === user.role || change.isPending} className={secondaryButtonClass} aria-label={`Save role of ${user.email}`}>
              {change.isPending ? "Saving…" : "Save"}
            </button>
            {change.error && (
              <span role="alert" className="text-xs text-red-800">
                {change.error.message}
              </span>
            )}
          </form>
        )}
      </td>
      <td className="py-2 text-right">
        {!self && (
          <DeleteButton
            url={`/api/admin/users/${encodeURIComponent(user.id)}`}
            run={() => remove.mutateAsync()}
            label="Delete"
            accessibleLabel={`Delete user ${user.email}`}
            title="Delete this user?"
            consequence={`${user.email} is signed out everywhere, and their API tokens and owner assignments are deleted with the account.`}
          />
        )}
      </td>
    </tr>
  );
}

function CreateUserForm({ minPasswordLength }: { minPasswordLength: number }) {
  const qc = useQueryClient();
  const [form, setForm] = useState({ email: "", role: "viewer" as Role, password: "" });
  const create = useMutation({
    mutationFn: () => adminApi.createUser({ email: form.email, role: form.role, ...(form.password ? { password: form.password } : {}) }),
    onSuccess: () => {
      setForm({ email: "", role: "viewer", password: "" });
      return qc.invalidateQueries({ queryKey: adminKeys.all });
    },
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate();
  }
  return (
    <form onSubmit={submit} aria-labelledby="create-user-heading" className="mt-6 space-y-3 border-t border-slate-100 pt-4">
      <h3 id="create-user-heading" className="text-sm font-semibold text-slate-900">
        Create a user
      </h3>
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label="Email" type="email" required autoComplete="off" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />
        <label className="block text-sm font-medium text-slate-700">
          Role
          <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })} className={inputClass}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}: {ROLE_HELP[r]}
              </option>
            ))}
          </select>
        </label>
        <Field
          label="Password (optional)"
          type="password"
          autoComplete="new-password"
          minLength={minPasswordLength}
          hint={`At least ${minPasswordLength} characters. Leave empty for a user who signs in with Cloud Foundry only.`}
          value={form.password}
          onChange={(e) => setForm({ ...form, password: e.target.value })}
        />
      </div>
      <FormError message={create.error?.message ?? null} />
      {create.isSuccess && (
        <p role="status" className="text-sm text-emerald-800">
          Created {create.data.user.role} {create.data.user.email}.
        </p>
      )}
      <button type="submit" disabled={create.isPending} className={buttonClass}>
        {create.isPending ? "Creating…" : "Create user"}
      </button>
    </form>
  );
}
