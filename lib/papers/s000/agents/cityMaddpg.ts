import type { AgentSpec, MultiAgentEnv, MultiAgentStep } from "../../../control/env";
import type { Maddpg } from "../../../control/maddpg";
import { ConfigError } from "../../../core/errors";
import {
  ACTION_SIZE,
  AGENT_IDS,
  allocateCityActions,
  type CityActions,
  type CityObservations,
  OBSERVATION_SIZE,
  type ObservationSizes,
  REWARD_TERM_COUNT,
  REWARD_TERMS,
} from "../env/agents";
import type { CityEnv } from "../env/cityEnv";
import { type CityPolicy, createRulePolicy } from "../env/rulePolicy";
import { runEpisode } from "../env/runEpisode";

/**
 * The city env (lib/papers/s000/env CityEnv) seen by MADDPG through lib/control's MultiAgentEnv seam.
 *
 * Agents and their vectors, exactly as lib/papers/s000/env/agents.ts (OBSERVATION_SIZE: common features, own
 * features, then the forecast block of the default 4 h look-ahead): renewable (36 obs / 2 actions),
 * storage (36 / 1), consumer (41 / 6) and coordinator (38 / 2); the prosumer-trading agent is ONE policy
 * shared by all 38,835 market participants (parameter sharing over entities, ADR 0701): it observes the
 * shared trading vector (36) and emits 4 numbers [seller price residual, seller quantity, buyer price
 * residual, buyer quantity]; every entity applies its side's pair. Actions are centred (ADR 0704): a
 * price residual moves the entity from its own default bidding line (which carries its temperament p:
 * sellers 0.1 + 0.4 p, buyers 0.5 + 0.5 p), u_i = clip(u_default(p) + x, 0, 1), so 0 is the fixed
 * bidding rule; quantity 0 = the whole surplus or need. The critics see these agent-level vectors.
 *
 * Rewards: each agent's five terms are divided by a fixed per-agent, per-term scale (the mean |term|
 * per step of the fixed rule policy on the first training window, floored at 1e-6) so the weights of
 * R = w . terms compare like with like (raw terms range from 0.01 kUSD to tonnes of CO2 per step).
 * The scales are part of the checkpoint.
 *
 * Episodes cycle through `envs` (training windows of the training seed, pre-generated: regenerating
 * the entity city per episode would cost seconds); reset(seed) ignores the seed value (each window's
 * scenario seed is fixed) and takes the next window.
 */
export const TRADING_ACTION_SIZE = 4;

/** The agents' specs for an env's observation sizes (CityEnv.spaces.observation). */
export function cityAgentSpecs(obs: ObservationSizes): readonly AgentSpec[] {
  return [
    { id: "renewable", observationSize: obs.renewable, actionSize: ACTION_SIZE.renewable },
    { id: "storage", observationSize: obs.storage, actionSize: ACTION_SIZE.storage },
    { id: "consumer", observationSize: obs.consumer, actionSize: ACTION_SIZE.consumer },
    { id: "trading", observationSize: obs.tradingShared, actionSize: TRADING_ACTION_SIZE },
    { id: "coordinator", observationSize: obs.coordinator, actionSize: ACTION_SIZE.coordinator },
  ];
}

/** The specs at the env's default forecast look-ahead (network input sizes follow OBSERVATION_SIZE). */
export const CITY_AGENT_SPECS: readonly AgentSpec[] = cityAgentSpecs(OBSERVATION_SIZE);

/**
 * Throws unless `env`'s observation sizes are those of `specs` (a non-default forecastHorizonHours
 * needs networks built with cityAgentSpecs(env.spaces.observation)).
 */
export function requireSpecsMatch(env: CityEnv, specs: readonly AgentSpec[], where: string): void {
  const want = cityAgentSpecs(env.spaces.observation);
  const bad = want.findIndex((s, i) => s.observationSize !== specs[i]?.observationSize);
  if (bad >= 0 || specs.length !== want.length)
    throw new ConfigError(
      `the env's ${want[Math.max(bad, 0)].id} observation has ${want[Math.max(bad, 0)].observationSize} values, the networks expect ${specs[Math.max(bad, 0)]?.observationSize}`,
      `${where} (CityEnvOptions.forecastHorizonHours = ${env.options.forecastHorizonHours})`,
      "build the agents with cityAgentSpecs(env.spaces.observation), or use the default look-ahead",
    );
}

/** Agent-level observation vectors (copies into `out`). */
export function cityAgentObservations(obs: CityObservations, out: Float64Array[]): Float64Array[] {
  out[0].set(obs.renewable);
  out[1].set(obs.storage);
  out[2].set(obs.consumer);
  out[3].set(obs.trading.shared);
  out[4].set(obs.coordinator);
  return out;
}

export function allocateAgentObservations(specs: readonly AgentSpec[] = CITY_AGENT_SPECS): Float64Array[] {
  return specs.map((s) => new Float64Array(s.observationSize));
}

const clip1 = (x: number) => (x > 1 ? 1 : Math.max(x, -1));

/** Writes the agent-level actions (in [-1, 1]) into the env's CityActions, spreading trading over entities. */
export function applyAgentActions(
  acts: readonly ArrayLike<number>[],
  obs: CityObservations,
  a: CityActions,
): CityActions {
  // Centred actions (ADR 0704): the env maps each component; 0 is the careful default.
  a.renewable[0] = clip1(acts[0][0]);
  a.renewable[1] = clip1(acts[0][1]);
  a.storage[0] = clip1(acts[1][0]);
  for (let k = 0; k < ACTION_SIZE.consumer; k++) a.consumer[k] = clip1(acts[2][k]);
  a.coordinator[0] = clip1(acts[4][0]);
  a.coordinator[1] = clip1(acts[4][1]);
  const tr = obs.trading;
  if (tr.marketOpen) {
    const t = acts[3];
    const sellP = clip1(t[0]);
    const sellQ = clip1(t[1]);
    const buyP = clip1(t[2]);
    const buyQ = clip1(t[3]);
    const net = tr.netMwh;
    const pp = a.trading.pricePosition;
    const qs = a.trading.quantityShare;
    for (let i = 0; i < tr.n; i++) {
      const seller = net[i] > 0;
      pp[i] = seller ? sellP : buyP;
      qs[i] = seller ? sellQ : buyQ;
    }
  }
  return a;
}

/** Per-agent, per-term scales: mean |term| per step of `policy` over one episode of `env` (floored at 1e-6). */
export function rewardScalesOf(env: CityEnv, policy: CityPolicy): Float64Array[] {
  const sums = AGENT_IDS.map(() => new Float64Array(REWARD_TERM_COUNT));
  let steps = 0;
  runEpisode(env, policy, env.scenario.seed, {
    onStep: (s) => {
      steps++;
      AGENT_IDS.forEach((id, i) => {
        const r = s.rewardTerms[id];
        for (let k = 0; k < REWARD_TERM_COUNT; k++) sums[i][k] += Math.abs(r[k]);
      });
    },
  });
  return sums.map((s) => s.map((v) => Math.max(1e-6, v / Math.max(1, steps))));
}

/** The rule policy for `env` (scales of the reward normalisation). */
export function scalePolicyFor(env: CityEnv): CityPolicy {
  return createRulePolicy(env.entityCount, {
    batteryMaxMw: env.config.battery.maxDischargeMw,
    peakTargetMw: env.config.demand.peakTargetMw,
  });
}

export class CityMaddpgEnv implements MultiAgentEnv {
  readonly agents = CITY_AGENT_SPECS;
  readonly rewardTermNames = REWARD_TERMS;
  private current: CityEnv;
  private episode = 0;
  private readonly obsBufs: Float64Array[][] = [allocateAgentObservations(), allocateAgentObservations()];
  private flip = 0;
  private readonly termBufs: Float64Array[] = AGENT_IDS.map(() => new Float64Array(REWARD_TERM_COUNT));
  private readonly actions: CityActions[];
  private lastObs: CityObservations | null = null;
  /** Wall clock spent inside CityEnv.step (ms), for the env-steps/s figure. */
  envStepMs = 0;
  envSteps = 0;

  constructor(
    readonly envs: readonly CityEnv[],
    readonly rewardScales: readonly Float64Array[],
  ) {
    if (envs.length === 0) throw new ConfigError("needs at least one training window", "CityMaddpgEnv(envs)");
    if (rewardScales.length !== AGENT_IDS.length || rewardScales.some((s) => s.length !== REWARD_TERM_COUNT))
      throw new ConfigError(
        `needs ${AGENT_IDS.length} scale vectors of ${REWARD_TERM_COUNT}`,
        "CityMaddpgEnv(rewardScales)",
      );
    for (const e of envs) requireSpecsMatch(e, CITY_AGENT_SPECS, "CityMaddpgEnv(envs)");
    this.current = envs[0];
    this.actions = envs.map((e) => allocateCityActions(e.entityCount));
  }

  /** The window of the running episode. */
  get env(): CityEnv {
    return this.current;
  }

  reset(_seed: number): readonly Float64Array[] {
    const k = this.episode++ % this.envs.length;
    this.current = this.envs[k];
    this.lastObs = this.current.reset(this.current.scenario.seed);
    this.flip = 0;
    return cityAgentObservations(this.lastObs, this.obsBufs[0]);
  }

  step(actions: readonly Float64Array[]): MultiAgentStep {
    if (this.lastObs === null) throw new ConfigError("step before reset", "CityMaddpgEnv.step");
    const k = this.envs.indexOf(this.current);
    const a = applyAgentActions(actions, this.lastObs, this.actions[k]);
    const t0 = performance.now();
    const res = this.current.step(a);
    this.envStepMs += performance.now() - t0;
    this.envSteps++;
    this.lastObs = res.observations;
    this.flip ^= 1;
    const obs = cityAgentObservations(res.observations, this.obsBufs[this.flip]);
    AGENT_IDS.forEach((id, i) => {
      const r = res.rewardTerms[id];
      const s = this.rewardScales[i];
      const o = this.termBufs[i];
      for (let q = 0; q < REWARD_TERM_COUNT; q++) o[q] = r[q] / s[q];
    });
    const over = res.terminated || res.truncated;
    return { observations: obs, rewardTerms: this.termBufs, done: over, truncated: res.truncated };
  }
}

/** The trained actors as a deterministic CityPolicy on any CityEnv of the same city. */
export function maddpgCityPolicy(agent: Maddpg, nEntities: number): CityPolicy {
  const vec = allocateAgentObservations(agent.agents);
  const a = allocateCityActions(nEntities);
  return (obs) => {
    if (obs.renewable.length !== vec[0].length)
      throw new ConfigError(
        `the env's observations have ${obs.renewable.length} renewable values, the actors expect ${vec[0].length}`,
        "maddpgCityPolicy (CityEnvOptions.forecastHorizonHours)",
        "evaluate on an env with the forecast look-ahead the agent was trained with",
      );
    return applyAgentActions(agent.act(cityAgentObservations(obs, vec)), obs, a);
  };
}
