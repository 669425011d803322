import { simulatePoa } from "../../../chain/poa";
import { ChainSettlement } from "../../../chain/settlement";
import { buildLedger } from "../../../experiments/claims";
import { simulateFrequency } from "../../../grid/frequency";
import { clearDoubleAuction } from "../../../market/doubleAuction";
import { computeKpis } from "../../../metrics/kpis";
import { kneePoint } from "../../../optimise/compromise";
import { nsga2 } from "../../../optimise/nsga2";
import type { ControlAgent, FlowStage } from "../../../plots/overview";
import { runCityStrategyEpisode } from "../agents/cityStrategies";
import { trainCityMaddpg } from "../agents/cityTraining";
import { ACTION_SIZE, OBSERVATION_SIZE } from "../env/agents";
import { CityEnv } from "../env/cityEnv";
import { energyProblem } from "../env/energyProblem";
import { cityVoltageDeviationPct } from "../world/cityFeeder";
import { trainSeed000Forecasters } from "../world/forecasters";
import { generateScenario } from "../world/scenario";

const name = (f: { name: string }) => f.name;

/**
 * Seed 000's operational flow (Fig. 2: data -> forecasts -> multi-objective weights -> training ->
 * control -> market -> settlement -> stability and KPIs), each stage with the library functions that
 * implement it. The entries are references to the functions themselves, so a renamed or removed
 * function breaks the build instead of leaving a stale picture.
 */
export const OPERATIONAL_FLOW: readonly FlowStage[] = [
  { stage: "city data", implementedBy: [name(generateScenario)] },
  { stage: "forecasts", implementedBy: [name(trainSeed000Forecasters)] },
  { stage: "NSGA-II weights", implementedBy: [name(energyProblem), name(nsga2), name(kneePoint)] },
  { stage: "MADDPG training", implementedBy: [name(trainCityMaddpg)] },
  { stage: "control step", implementedBy: [name(CityEnv), name(runCityStrategyEpisode)] },
  { stage: "P2P market", implementedBy: [name(clearDoubleAuction)] },
  { stage: "settlement", implementedBy: [name(ChainSettlement), name(simulatePoa)] },
  { stage: "grid stability", implementedBy: [name(cityVoltageDeviationPct), name(simulateFrequency)] },
  { stage: "KPIs and claims", implementedBy: [name(computeKpis), name(buildLedger)] },
];

/** The five agents of the layered control (Fig. 3) with their observation and action sizes from lib/papers/s000/env/agents.ts. */
export function controlAgents(entities: number): ControlAgent[] {
  return [
    {
      id: "coordinator",
      observation: String(OBSERVATION_SIZE.coordinator),
      action: String(ACTION_SIZE.coordinator),
      actsOn: [],
    },
    {
      id: "renewable",
      observation: String(OBSERVATION_SIZE.renewable),
      action: String(ACTION_SIZE.renewable),
      actsOn: ["communityPv"],
    },
    {
      id: "storage",
      observation: String(OBSERVATION_SIZE.storage),
      action: String(ACTION_SIZE.storage),
      actsOn: [],
    },
    {
      id: "consumer",
      observation: String(OBSERVATION_SIZE.consumer),
      action: String(ACTION_SIZE.consumer),
      actsOn: ["residential", "prosumer", "commercial", "industrial", "municipal", "evStation"],
    },
    {
      id: "trading",
      observation: `${OBSERVATION_SIZE.tradingShared} + 5 x ${entities}`,
      action: `${ACTION_SIZE.tradingPerEntity} x ${entities}`,
      actsOn: [
        "residential",
        "prosumer",
        "commercial",
        "industrial",
        "municipal",
        "evStation",
        "communityPv",
      ],
    },
  ];
}
