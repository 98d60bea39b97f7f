"use client";
import { useSyncExternalStore } from "react";
import { Area, AreaChart, CartesianGrid, Legend, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { statusLabel } from "../format";
import { toRows, type ChartColumns } from "./chart-columns";
import { REMAINING_STATUSES, type Remaining } from "./statuses";

/**
 * Colour plus a hatch per status, so that neighbouring bands differ without colour too (the legend names them
 * in the same order as the stack). Each pattern is an SVG <pattern>: presentation attributes, no inline style.
 */
const LOOK: Record<Remaining, { colour: string; hatch: "none" | "diagonal" | "dots" | "cross" | "horizontal" | "vertical" }> = {
  untriaged: { colour: "#b91c1c", hatch: "none" },
  needs_privilege: { colour: "#7c2d12", hatch: "cross" },
  testing: { colour: "#b45309", hatch: "diagonal" },
  verified: { colour: "#1d4ed8", hatch: "dots" },
  waived: { colour: "#6b21a8", hatch: "horizontal" },
  restaged: { colour: "#0f766e", hatch: "vertical" },
};

function Hatch({ id, colour, hatch }: { id: string; colour: string; hatch: (typeof LOOK)[Remaining]["hatch"] }) {
  return (
    <pattern id={id} width="8" height="8" patternUnits="userSpaceOnUse">
      <rect width="8" height="8" fill={colour} fillOpacity="0.55" />
      {hatch === "diagonal" && <path d="M0 8 L8 0" stroke={colour} strokeWidth="2" />}
      {hatch === "cross" && <path d="M0 8 L8 0 M0 0 L8 8" stroke={colour} strokeWidth="1.5" />}
      {hatch === "dots" && <circle cx="4" cy="4" r="1.6" fill={colour} />}
      {hatch === "horizontal" && <path d="M0 4 H8" stroke={colour} strokeWidth="2" />}
      {hatch === "vertical" && <path d="M4 0 V8" stroke={colour} strokeWidth="2" />}
    </pattern>
  );
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const subscribe = () => () => {};

/**
 * The burndown: privileged apps remaining stacked by status over capture time, the first snapshot's count as
 * the baseline and the target date as a vertical line. Drawn in the browser only: the page's CSP allows no
 * inline style attributes in server-rendered HTML, and recharts sets its layout styles; from script (CSSOM)
 * they are allowed. The data table beside it is the accessible view.
 */
export function BurndownChart({ id, columns, baseline, targetMs }: { id: string; columns: ChartColumns; baseline: number; targetMs: number | null }) {
  const mounted = useSyncExternalStore(subscribe, () => true, () => false);
  if (!mounted) return <div className="h-64" aria-hidden="true" />;
  const points = toRows(columns);
  const xs = [...columns.t, ...(targetMs === null ? [] : [targetMs])];
  return (
    <div className="h-64" aria-hidden="true">
      <ResponsiveContainer width="100%" height="100%">
        {/* no keyboard layer: the chart is hidden from assistive technology, the table beside it is their view */}
        <AreaChart data={points} margin={{ top: 16, right: 24, bottom: 0, left: 0 }} accessibilityLayer={false}>
          <defs>
            {REMAINING_STATUSES.map((s) => (
              <Hatch key={s} id={`${id}-${s}`} {...LOOK[s]} />
            ))}
          </defs>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="t" type="number" scale="time" domain={[Math.min(...xs), Math.max(...xs)]} tickFormatter={day} fontSize={12} />
          <YAxis allowDecimals={false} fontSize={12} />
          <Tooltip labelFormatter={(t) => day(Number(t))} />
          <Legend />
          {REMAINING_STATUSES.map((s) => (
            <Area
              key={s}
              type="stepAfter"
              dataKey={s}
              name={statusLabel(s)}
              stackId="remaining"
              stroke={LOOK[s].colour}
              fill={`url(#${id}-${s})`}
              isAnimationActive={false}
            />
          ))}
          <ReferenceLine y={baseline} stroke="#334155" strokeDasharray="6 3" label={{ value: `baseline ${baseline}`, position: "insideTopRight", fontSize: 12 }} />
          {targetMs !== null && (
            <ReferenceLine x={targetMs} stroke="#0f172a" strokeWidth={2} label={{ value: `target ${day(targetMs)}`, position: "insideTopLeft", fontSize: 12 }} />
          )}
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
