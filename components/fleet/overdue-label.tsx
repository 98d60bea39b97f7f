/** "Overdue" in words, not colour alone: a target date has passed with privileged apps left. */
export function OverdueLabel() {
  return <span className="ml-2 inline-block rounded bg-red-100 px-1.5 py-0.5 text-xs font-semibold text-red-800">Overdue</span>;
}
