"use client";
import { createContext, useContext, type ReactNode } from "react";
import { can, type Action, type Actor, type AppLocation } from "@/lib/auth/permissions";

const ViewerContext = createContext<Actor | null>(null);

/** The signed-in user, as the server authenticated them, for components that offer actions. */
export function ViewerProvider({ viewer, children }: { viewer: Actor | null; children: ReactNode }) {
  return <ViewerContext.Provider value={viewer}>{children}</ViewerContext.Provider>;
}

export function useViewer(): Actor | null {
  return useContext(ViewerContext);
}

/** Whether the viewer may take an action (the same rule the server enforces; the server has the last word). */
export function useAllowed(action: Action, app?: AppLocation): boolean {
  const viewer = useViewer();
  return viewer !== null && can(viewer, action, app);
}

/** Renders its children only for viewers allowed the action: a page never offers what the server would refuse. */
export function IfAllowed({ action, app, children, otherwise = null }: { action: Action; app?: AppLocation; children: ReactNode; otherwise?: ReactNode }) {
  return useAllowed(action, app) ? children : otherwise;
}
