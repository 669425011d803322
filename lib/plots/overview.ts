import type { CityFlows } from "../metrics/flows";
import type { PlotlyFigure } from "./figure";

/**
 * Seed 000's Figures 2 and 3 drawn from the library's data rather than pasted: the energy routing of
 * real env steps as a Sankey diagram (the operational flow of Fig. 2: generation -> self-consumption,
 * P2P, battery, export, curtailment; battery and grid -> load), the closed loop of the framework as
 * a chain of the library functions that implement each stage, and the layered control of Fig. 3 with
 * each agent's real observation and action sizes over the entity classes it acts on.
 */

/** Energy routing summed over steps [from, to) of a run's flows (MWh), as a Sankey diagram. */
export function energySankeyFigure(
  f: CityFlows,
  from = 0,
  to = f.windMwh.length,
  title = "Energy routing",
): PlotlyFigure {
  const s = (col: keyof CityFlows) => {
    const a = f[col] as Float64Array;
    let x = 0;
    for (let t = from; t < to; t++) x += a[t];
    return x;
  };
  const nodes = [
    "offshore wind + PV", // 0
    "self-consumption and direct local use", // 1
    "P2P trades", // 2
    "battery", // 3
    "grid export", // 4
    "curtailed", // 5
    "grid import", // 6
    "city load", // 7
  ];
  const links: [number, number, number][] = [
    [0, 1, s("renewLocalMwh")],
    [0, 2, s("renewP2pMwh")],
    [0, 3, s("renewToBatteryMwh")],
    [0, 4, s("renewExportMwh")],
    [0, 5, s("curtailedMwh")],
    [6, 3, s("gridToBatteryMwh")],
    [1, 7, s("renewLocalMwh")],
    [2, 7, s("renewP2pMwh")],
    [3, 7, s("batteryToLoadMwh")],
    [3, 4, s("batteryExportMwh")],
    [6, 7, s("gridImportMwh")],
  ];
  const kept = links.filter((l) => l[2] > 1e-9);
  return {
    data: [
      {
        type: "sankey",
        orientation: "h",
        valueformat: ".1f",
        valuesuffix: " MWh",
        node: { label: nodes, pad: 14, thickness: 16 },
        link: { source: kept.map((l) => l[0]), target: kept.map((l) => l[1]), value: kept.map((l) => l[2]) },
      },
    ],
    layout: { title: { text: title }, height: 420, margin: { l: 10, r: 10, t: 50, b: 10 } },
  };
}

/** One stage of the framework's closed loop and the library functions that implement it. */
export interface FlowStage {
  readonly stage: string;
  /** Exported library names (checked to exist by the caller). */
  readonly implementedBy: readonly string[];
}

/** The closed loop (Fig. 2) as a left-to-right chain of stages, each labelled with its functions. */
export function operationalFlowFigure(
  stages: readonly FlowStage[],
  title = "Operational flow",
): PlotlyFigure {
  const n = stages.length;
  const x = stages.map((_, i) => i);
  const y = stages.map((_, i) => (i % 2 === 0 ? 1 : 0));
  const arrows = stages.slice(1).map((_, i) => ({
    x: x[i + 1],
    y: y[i + 1],
    ax: x[i],
    ay: y[i],
    xref: "x",
    yref: "y",
    axref: "x",
    ayref: "y",
    showarrow: true,
    arrowhead: 3,
    arrowsize: 1.2,
    arrowcolor: "rgba(80,80,160,0.6)",
    text: "",
    standoff: 18,
    startstandoff: 18,
  }));
  return {
    data: [
      {
        type: "scatter",
        mode: "markers+text",
        x,
        y,
        text: stages.map((s) => `<b>${s.stage}</b>`),
        textposition: stages.map((_, i) => (i % 2 === 0 ? "top center" : "bottom center")),
        hovertext: stages.map((s) => s.implementedBy.join("<br>")),
        hoverinfo: "text",
        marker: { size: 26, color: "rgb(90,120,200)" },
        showlegend: false,
      },
    ],
    layout: {
      title: { text: title },
      height: 380,
      xaxis: { visible: false, range: [-0.7, n - 0.3] },
      yaxis: { visible: false, range: [-0.9, 1.9] },
      annotations: [
        ...arrows,
        ...stages.map((s, i) => ({
          x: x[i],
          y: y[i] + (i % 2 === 0 ? -0.35 : 0.35),
          text: s.implementedBy.map((f) => `<i>${f}</i>`).join("<br>"),
          showarrow: false,
          font: { size: 10, color: "rgb(90,90,90)" },
        })),
      ],
      margin: { l: 10, r: 10, t: 50, b: 10 },
    },
  };
}

/** An agent of the layered control (Fig. 3) with its real observation and action sizes. */
export interface ControlAgent {
  readonly id: string;
  readonly observation: string;
  readonly action: string;
  /** Entity classes (with counts) the agent's actions reach. */
  readonly actsOn: readonly string[];
}

/**
 * Layered control: the coordinator on top, the four operating agents below it, the entity classes
 * (with their counts in the scenario) at the bottom; lines are which agent acts on which class.
 */
export function layeredControlFigure(
  agents: readonly ControlAgent[],
  classes: readonly { name: string; count: number }[],
  title = "Layered control",
): PlotlyFigure {
  const coordinator = agents.find((a) => a.id === "coordinator");
  const operating = agents.filter((a) => a.id !== "coordinator");
  const pos = new Map<string, { x: number; y: number }>();
  if (coordinator) pos.set(coordinator.id, { x: 0.5, y: 2 });
  operating.forEach((a, i) => {
    pos.set(a.id, { x: (i + 1) / (operating.length + 1), y: 1 });
  });
  classes.forEach((c, i) => {
    pos.set(`class:${c.name}`, { x: (i + 1) / (classes.length + 1), y: 0 });
  });
  const lines: Record<string, unknown>[] = [];
  const line = (a: string, b: string, color: string) => {
    const pa = pos.get(a);
    const pb = pos.get(b);
    if (!pa || !pb) return;
    lines.push({
      type: "scatter",
      mode: "lines",
      x: [pa.x, pb.x],
      y: [pa.y, pb.y],
      line: { color, width: 1.5 },
      hoverinfo: "skip",
      showlegend: false,
    });
  };
  if (coordinator) for (const a of operating) line(coordinator.id, a.id, "rgba(200,120,60,0.6)");
  for (const a of agents) for (const c of a.actsOn) line(a.id, `class:${c}`, "rgba(80,80,160,0.35)");
  const nodeTrace = (ids: string[], labels: string[], hover: string[], color: string) => ({
    type: "scatter",
    mode: "markers+text",
    x: ids.map((id) => pos.get(id)?.x ?? 0),
    y: ids.map((id) => pos.get(id)?.y ?? 0),
    text: labels,
    textposition: "top center",
    hovertext: hover,
    hoverinfo: "text",
    marker: { size: 22, color },
    showlegend: false,
  });
  return {
    data: [
      ...lines,
      nodeTrace(
        agents.map((a) => a.id),
        agents.map((a) => `<b>${a.id}</b><br>obs ${a.observation} / act ${a.action}`),
        agents.map((a) => `${a.id}: observation ${a.observation}, action ${a.action}`),
        "rgb(200,120,60)",
      ),
      nodeTrace(
        classes.map((c) => `class:${c.name}`),
        classes.map((c) => `${c.name}<br>${c.count.toLocaleString("en-US")}`),
        classes.map((c) => `${c.count} ${c.name} entities`),
        "rgb(90,160,110)",
      ),
    ],
    layout: {
      title: { text: title },
      height: 460,
      xaxis: { visible: false, range: [0, 1] },
      yaxis: { visible: false, range: [-0.5, 2.6] },
      margin: { l: 10, r: 10, t: 50, b: 10 },
    },
  };
}
