"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import type { SnapshotDto } from "@/lib/schemas/snapshot";
import { foundationKey, foundationsKey } from "../app-queries";

export interface UploadVars {
  foundation: string;
  file: File;
  capturedAt: string | null;
}

export interface UploadDone {
  foundation: string;
  created: boolean;
  snapshot: SnapshotDto;
}

/** A refused or failed upload: the server's message, and the dump's line when the server names one. */
export class UploadError extends Error {
  constructor(
    message: string,
    public readonly status: number,
    public readonly line: number | null,
  ) {
    super(message);
    this.name = "UploadError";
  }
}

export class UploadCancelled extends Error {
  constructor() {
    super("Upload cancelled");
    this.name = "UploadCancelled";
  }
}

export type Progress = { kind: "sending"; loaded: number; total: number } | { kind: "processing"; total: number };

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * POSTs the File as the raw request body (not multipart): the server streams it, and XMLHttpRequest is the
 * browser API that reports upload progress, which fetch() does not.
 */
function sendSnapshot(v: UploadVars, onProgress: (p: Progress) => void, signal: AbortSignal): Promise<UploadDone> {
  return new Promise((resolve, reject) => {
    const url = `/api/foundations/${encodeURIComponent(v.foundation)}/snapshots${v.capturedAt ? `?capturedAt=${encodeURIComponent(v.capturedAt)}` : ""}`;
    const xhr = new XMLHttpRequest();
    const total = v.file.size;
    xhr.open("POST", url);
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (ev) => onProgress({ kind: "sending", loaded: ev.loaded, total: ev.lengthComputable ? ev.total : total });
    // Every byte is sent; the server still parses and publishes the snapshot before it answers.
    xhr.upload.onload = () => onProgress({ kind: "processing", total });
    xhr.onload = () => {
      const body = parseJson(xhr.responseText) as { snapshot?: SnapshotDto; error?: unknown; line?: unknown } | null;
      if ((xhr.status === 200 || xhr.status === 201) && body?.snapshot) {
        resolve({ foundation: v.foundation, created: xhr.status === 201, snapshot: body.snapshot });
        return;
      }
      const message = typeof body?.error === "string" ? body.error : `The server answered HTTP ${xhr.status} without an explanation.`;
      reject(new UploadError(message, xhr.status, typeof body?.line === "number" ? body.line : null));
    };
    xhr.onerror = () => reject(new UploadError("The upload did not reach the server (network error). Check the connection and try again.", 0, null));
    xhr.onabort = () => reject(new UploadCancelled());
    signal.addEventListener("abort", () => xhr.abort(), { once: true });
    onProgress({ kind: "sending", loaded: 0, total });
    xhr.send(v.file);
  });
}

/** One snapshot upload as a TanStack mutation, with its progress and a way to cancel it. */
export function useSnapshotUpload() {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<Progress | null>(null);
  const abort = useRef<AbortController | null>(null);
  // leaving the page cancels an upload under way
  useEffect(() => () => abort.current?.abort(), []);

  const mutation = useMutation<UploadDone, Error, UploadVars>({
    mutationFn: (v) => {
      abort.current = new AbortController();
      return sendSnapshot(v, setProgress, abort.current.signal);
    },
    onSuccess: (done) => {
      void queryClient.invalidateQueries({ queryKey: foundationKey(done.foundation) });
      void queryClient.invalidateQueries({ queryKey: foundationsKey });
      router.refresh();
    },
    onSettled: () => {
      abort.current = null;
    },
    retry: false,
  });

  return {
    mutation,
    progress,
    start: (v: UploadVars) => {
      setProgress(null);
      mutation.mutate(v);
    },
    cancel: () => abort.current?.abort(),
  };
}
