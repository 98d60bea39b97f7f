import Link from "next/link";
import { buttonClass, EmptyState, secondaryButtonClass } from "@/components/empty-state";

export default function NotFound() {
  return (
    <EmptyState
      title="Not found"
      action={
        <>
          <Link href="/" className={buttonClass}>
            Go to the fleet
          </Link>
          <Link href="/upload" className={secondaryButtonClass}>
            Upload a dump
          </Link>
        </>
      }
    >
      <p>
        There is no such foundation or app. A foundation exists once its first dump is uploaded; an app exists once a snapshot of its foundation
        contains it.
      </p>
    </EmptyState>
  );
}
