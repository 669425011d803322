import { paperText } from "../../../experiments/claims";
import { bestBenchmark, PROPOSED, round } from "./cityStrategies";
import { econPanel } from "./fig5shared";

/** Figure 5(b): annual P2P trading revenue per strategy and the proposed method's gain over the best benchmark. */
export const fig5b = econPanel({
  id: "s000/fig5b",
  module: __filename,
  title: "Annual energy trading revenue per strategy (seed 000, Fig. 5b)",
  quantity: "annual trading revenue",
  key: "tradingRevenueMusd",
  unit: "M$",
  yTitle: "annual P2P trading revenue (M$)",
  derived: (rows) => ({ bestBenchmark: bestBenchmark(rows, (r) => r.tradingRevenueMusd, "higher") }),
  claims(rows) {
    const best = bestBenchmark(rows, (r) => r.tradingRevenueMusd, "higher");
    const prop = rows.find((r) => r.strategy === PROPOSED)?.tradingRevenueMusd ?? null;
    return {
      "s000.fig5b.revenue.bestBenchmark": best?.value ?? null,
      "s000.fig5b.revenue.MADRL-MOO": prop,
      "s000.fig5b.increaseVsBest":
        prop !== null && best && best.value > 0 ? round((100 * (prop - best.value)) / best.value) : null,
    };
  },
  discuss(rows, _ledger, values) {
    const best = values.bestBenchmark ?? null;
    return [
      ...rows.map(
        (r) =>
          `- **${r.strategy}**: P2P revenue ${r.tradingRevenueMusd.toFixed(2)} M$/yr on ${r.p2pVolumeGwh.toFixed(1)} GWh traded (${r.transactions} trades/yr).`,
      ),
      "",
      best
        ? `Best benchmark we ran: ${best.strategy} (${best.value.toFixed(2)} M$/yr).`
        : "None of the paper's benchmarks that trade (BT-Only, GA-EMS) has run yet.",
      rows.every((r) => r.tradingRevenueMusd === 0)
        ? "No strategy in these city runs trades peer to peer (RBEMS, MPC, GA-EMS and the no-storage reference have no P2P market), so every revenue is 0."
        : "",
      `Trading revenue = value of cleared P2P trades before fees (KPI tradingRevenueUsd). The abstract's "P2P transaction volume +${paperText("s000.headline.p2pVolumeIncrease")}" is the body's revenue figure (notes-000 §7.2).`,
    ];
  },
});
