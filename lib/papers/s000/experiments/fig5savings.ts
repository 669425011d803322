import { z } from "zod";
import { ConfigError } from "../../../core/errors";
import { paperClaim, paperText } from "../../../experiments/claims";
import type { Experiment, ExperimentOutput } from "../../../experiments/types";
import { COLORS, type PlotlyFigure } from "../../../plots/figure";
import type { CityConfig } from "../world/cityConfig";
import { barOrder, horizonShape, PROPOSED, round } from "./cityStrategies";
import { cityOf } from "./cityWorld";
import { ANNUALISED_NOTE, type EconRow, economicsRows } from "./fig5shared";

/**
 * Capital cost items (USD). The paper states a payback and annual savings (claims fig5savings.payback,
 * fig5savings.savings) but no investment (notes-000 §5 item 31). Ours, item by item:
 */
const CapexItem = z.strictObject({
  /** What it is; for a per-kWh battery item, the capacity and rating of the run's battery are added. */
  item: z.string().min(1),
  /** Total cost; or `usdPerBatteryKwh`, priced on the run's battery capacity (experiments.yaml worlds.s000.battery). */
  usd: z.number().nonnegative().optional(),
  usdPerBatteryKwh: z.number().nonnegative().optional(),
  /** Where the number comes from (a source, or "our assumption"). */
  basis: z.string().min(1),
  /** Counted in the framework investment whose payback is claimed (false: e.g. the battery, which RBEMS also has). */
  framework: z.boolean(),
});
export type CapexItem = z.infer<typeof CapexItem>;

/** A capex item with its cost in USD, a per-kWh battery item priced on the run's battery. */
export interface PricedCapexItem {
  readonly item: string;
  readonly usd: number;
  readonly basis: string;
  readonly framework: boolean;
}

export function priceCapex(c: CapexItem, battery: CityConfig["battery"], where: string): PricedCapexItem {
  if ((c.usd === undefined) === (c.usdPerBatteryKwh === undefined))
    throw new ConfigError("needs exactly one of usd and usdPerBatteryKwh", where, `item "${c.item}"`);
  if (c.usdPerBatteryKwh === undefined)
    return { item: c.item, usd: c.usd as number, basis: c.basis, framework: c.framework };
  return {
    item: `${c.item} ${battery.capacityMwh} MWh / ${battery.maxDischargeMw} MW x ${c.usdPerBatteryKwh} USD/kWh`,
    usd: battery.capacityMwh * 1000 * c.usdPerBatteryKwh,
    basis: c.basis,
    framework: c.framework,
  };
}

/** Metering endpoints of the seed-000 city (§1.1): 25,000 + 12,500 + 850 + 120 + 300 + 50. */
const ENDPOINTS = 25000 + 12500 + 850 + 120 + 300 + 50;

export const DEFAULT_CAPEX: readonly CapexItem[] = [
  {
    item: `AMI: ${ENDPOINTS} smart-meter endpoints x 250 USD all-in (meter, communications network, back-office)`,
    usd: ENDPOINTS * 250,
    basis:
      "reported full-scale all-in AMI deployments range from 81 USD (Enel, 30 M meters) to 532 USD per meter (a Texas utility); eMeter, 'How much do smart meters cost?' (2010). 250 USD is our mid-range pick.",
    framework: true,
  },
  {
    item: "Blockchain platform: 50 PoA validator nodes x 20,000 USD (server, hosting set-up)",
    usd: 50 * 20000,
    basis:
      "our assumption (no source): a commodity two-socket server per validator; seed 000 §1.7 gives 50 validators",
    framework: true,
  },
  {
    item: "Control and forecasting compute (the paper's 32-core Xeon Gold 6338, 256 GB, one A100)",
    usd: 50000,
    basis: "our assumption (no source) for one such server",
    framework: true,
  },
  {
    item: "Software integration and commissioning",
    usd: 2000000,
    basis: "our assumption (no source)",
    framework: true,
  },
  {
    item: "BESS",
    usdPerBatteryKwh: 400,
    basis:
      "upper end of NREL's 2030 projections for 4-hour utility batteries, 245-403 USD/kWh (Cole & Karmakar, 'Cost Projections for Utility-Scale Battery Storage: 2023 Update', NREL/TP-6A40-85332); 2-hour systems and today's prices cost more per kWh, so this is if anything low. Not in the framework investment: the RBEMS baseline has the same battery.",
    framework: false,
  },
];

const Params = z.strictObject({
  ...horizonShape,
  /** Reference operation the savings are measured against ("traditional centralized operation", read as RBEMS). */
  reference: z.string().default("RBEMS"),
  capex: z
    .array(CapexItem)
    .min(1)
    .default([...DEFAULT_CAPEX]),
});
type Params = z.infer<typeof Params>;

export interface SavingsRow {
  strategy: string;
  operatingCostMusd: number;
  /** Reference cost minus this strategy's (M$/yr); null when the reference was not run. */
  savingsMusd: number | null;
}

/** The values of the savings panel (money in M$, annualised; paybacks in years, null: never at these savings or not run). */
export type Fig5savingsValues = {
  days: number;
  startDay: number;
  reference: Params["reference"];
  strategies: SavingsRow[];
  capex: PricedCapexItem[];
  frameworkCapexMusd: number;
  batteryCapexMusd: number;
  proposedPaybackYears: number | null;
  batterySavingsMusd: number | null;
  batteryPaybackYears: number | null;
};

/** Simple payback (years) = capex / annual savings; null when the savings are not positive. */
export function simplePaybackYears(capexUsd: number, savingsUsdPerYear: number | null): number | null {
  if (savingsUsdPerYear === null || !(savingsUsdPerYear > 0)) return null;
  return capexUsd / savingsUsdPerYear;
}

/**
 * Annual savings and payback (Fig. 5 caption, abstract): each strategy's annual operating cost against
 * the reference's, the framework investment item by item, its simple payback, and the battery's own
 * payback (RBEMS vs no storage) as a check that the economics respond to an asset.
 */
export const fig5savings: Experiment<Params, Fig5savingsValues> = {
  id: "s000/fig5savings",
  title: "Annual savings and payback (seed 000, Fig. 5 caption and abstract)",
  panels: ["fig5savings"],
  notebook: "s000-02-economics",
  module: __filename,
  params: Params,
  async run(ctx, p): Promise<ExperimentOutput<Fig5savingsValues>> {
    const econ: EconRow[] = await economicsRows(ctx, p);
    const ref = econ.find((r) => r.strategy === p.reference);
    const rows: SavingsRow[] = econ.map((r) => ({
      strategy: r.strategy,
      operatingCostMusd: r.operatingCostMusd,
      savingsMusd: ref ? round(ref.operatingCostMusd - r.operatingCostMusd) : null,
    }));
    const capex = p.capex.map((c, i) => priceCapex(c, cityOf(ctx).battery, `s000/fig5savings.capex[${i}]`));
    const frameworkCapex = capex.filter((c) => c.framework).reduce((s, c) => s + c.usd, 0);
    const batteryCapex = capex.filter((c) => !c.framework).reduce((s, c) => s + c.usd, 0);
    const prop = rows.find((r) => r.strategy === PROPOSED);
    const propSavings = prop?.savingsMusd ?? null;
    const payback = simplePaybackYears(frameworkCapex, propSavings === null ? null : propSavings * 1e6);
    const rb = econ.find((r) => r.strategy === "RBEMS");
    const ns = econ.find((r) => r.strategy === "No storage");
    const batterySavings = rb && ns ? round(ns.operatingCostMusd - rb.operatingCostMusd) : null;
    const batteryPayback = simplePaybackYears(
      batteryCapex,
      batterySavings === null ? null : batterySavings * 1e6,
    );
    return {
      values: {
        days: p.days,
        startDay: p.startDay,
        reference: p.reference,
        strategies: rows,
        capex,
        frameworkCapexMusd: round(frameworkCapex / 1e6),
        batteryCapexMusd: round(batteryCapex / 1e6),
        proposedPaybackYears: payback === null ? null : round(payback, 2),
        batterySavingsMusd: batterySavings,
        batteryPaybackYears: batteryPayback === null ? null : round(batteryPayback, 2),
      },
      claims: {
        "s000.fig5savings.savings": propSavings,
        "s000.fig5savings.payback": payback === null ? null : round(payback, 2),
      },
      undefinedClaims:
        payback === null && propSavings !== null && propSavings <= 0
          ? {
              "s000.fig5savings.payback": `${PROPOSED} saves ${propSavings.toFixed(2)} M$/yr against ${p.reference}: an investment without savings has no payback`,
            }
          : undefined,
    };
  },
  figure(out, ledger): PlotlyFigure {
    const rows = out.values.strategies;
    const names = barOrder(rows.map((r) => r.strategy));
    const paperSavings = ledger.find((r) => r.id === "s000.fig5savings.savings")?.paper ?? null;
    const paperPayback = ledger.find((r) => r.id === "s000.fig5savings.payback")?.paper ?? null;
    const ours = names.map((s) => rows.find((r) => r.strategy === s)?.savingsMusd ?? null);
    const paper = names.map((s) => (s === PROPOSED ? paperSavings : null));
    const pb = out.values.proposedPaybackYears;
    const bpb = out.values.batteryPaybackYears;
    return {
      data: [
        {
          type: "bar",
          name: "ours",
          x: names,
          y: ours,
          text: ours.map((v) => (v === null ? "" : `${v.toFixed(2)} M$`)),
          textposition: "outside",
          marker: { color: COLORS.ours },
        },
        {
          type: "bar",
          name: "paper",
          x: names,
          y: paper,
          text: paper.map((v) => (v === null ? "" : `${v.toFixed(1)} M$`)),
          textposition: "outside",
          marker: { color: COLORS.paper },
        },
      ],
      layout: {
        title: {
          text: `Annual savings vs ${out.values.reference} (M$/yr; payback: ours ${pb === null ? "—" : `${pb.toFixed(1)} yr`}, paper ${paperPayback ?? "—"} yr; battery alone ${bpb === null ? "—" : `${bpb.toFixed(1)} yr`})`,
        },
        barmode: "group",
        yaxis: { title: { text: `annual savings vs ${out.values.reference} (M$)` } },
        xaxis: { title: { text: "strategy" } },
        legend: { orientation: "h", y: -0.2 },
        margin: { t: 60, b: 90 },
      },
    };
  },
  notes(out) {
    const rows = out.values.strategies;
    const capex = out.values.capex;
    const fmt = (x: number | null, u: string) => (x === null ? "—" : `${x.toFixed(2)} ${u}`);
    return [
      ...rows.map(
        (r) =>
          `- **${r.strategy}**: operating cost ${r.operatingCostMusd.toFixed(2)} M$/yr, savings vs ${out.values.reference} ${fmt(r.savingsMusd, "M$/yr")}.`,
      ),
      "",
      "Capital costs (simple payback = capex / annual savings, no discounting):",
      ...capex.map(
        (c) =>
          `- ${c.item}: ${(c.usd / 1e6).toFixed(2)} M$ ${c.framework ? "(framework)" : "(not framework)"}; ${c.basis}`,
      ),
      "",
      `Framework investment ${fmt(out.values.frameworkCapexMusd, "M$")}; payback of ${PROPOSED}: ${out.values.proposedPaybackYears === null ? (rows.some((r) => r.strategy === PROPOSED) ? "never at these savings (they are not positive)" : "not run (the proposed method is not among the strategies run)") : `${out.values.proposedPaybackYears.toFixed(1)} years`}. The paper's ${paperText("s000.fig5savings.payback")} on ${paperText("s000.fig5savings.savings")}/yr implies about ${(paperClaim("s000.fig5savings.payback").value * paperClaim("s000.fig5savings.savings").value).toFixed(0)} M$, which is close to our battery cost alone: the paper may count the battery in the investment; it does not say.`,
      `Battery check (RBEMS vs no storage): ${fmt(out.values.batterySavingsMusd, "M$/yr")} saved${(out.values.batterySavingsMusd ?? 0) < 0 ? " (negative: the battery costs more than it saves)" : ""} on ${fmt(out.values.batteryCapexMusd, "M$")} of battery, payback ${out.values.batteryPaybackYears === null ? "never at these savings" : `${out.values.batteryPaybackYears.toFixed(1)} years`}.`,
      ANNUALISED_NOTE(out.values.days),
    ].join("\n");
  },
};
