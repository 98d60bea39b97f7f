import { isComment, runnableText } from "@/lib/shell/commands";
import { CopyButton } from "./copy-button";

/**
 * Ready-to-copy shell commands. Lines starting with `#` are shown as comments and left out of the copied
 * text, so what lands in the clipboard runs as is.
 */
export function CommandBlock({ lines, title }: { lines: string[]; title?: string }) {
  const runnable = runnableText(lines);
  return (
    <figure className="overflow-hidden rounded-md bg-slate-900">
      <div className="flex items-center justify-between gap-2 border-b border-slate-700 px-3 py-1.5">
        <figcaption className="truncate text-xs font-medium text-slate-300">{title ?? "shell"}</figcaption>
        <CopyButton text={runnable} />
      </div>
      <pre className="whitespace-pre-wrap px-3 py-2 text-xs leading-relaxed text-slate-100 [overflow-wrap:anywhere]">
        <code>
          {lines.map((l, i) => (
            <span key={i} className={`block ${isComment(l) ? "text-slate-400" : ""}`}>
              {isComment(l) ? l : <><span className="select-none text-slate-500">$ </span>{l}</>}
            </span>
          ))}
        </code>
      </pre>
    </figure>
  );
}
