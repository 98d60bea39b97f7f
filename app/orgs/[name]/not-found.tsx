import Link from "next/link";
import { buttonClass, EmptyState } from "@/components/empty-state";

export default function OrgNotFound() {
  return (
    <EmptyState
      title="No such org"
      action={
        <Link href="/#org-rollup" className={buttonClass}>
          See every org across foundations
        </Link>
      }
    >
      <p>No foundation has an org of this name. An org appears once a snapshot of a foundation contains one of its apps.</p>
    </EmptyState>
  );
}
