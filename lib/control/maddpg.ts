import { ConfigError, requireInRange, requirePositiveInt } from "../core/errors";
import { createRng, type Rng } from "../core/rng";
import { Adam, clipGradNorm, Mlp, nnBackend, softUpdate } from "../nn";
import type { AgentSpec } from "./env";
import type { ReplayBatch } from "./replayBuffer";

// Module-level aliases: under jest's vm sandbox global `Math` lookups in hot loops are several times slower.
const tanh = Math.tanh;
function clip(x: number, lo: number, hi: number): number {
  if (x < lo) return lo;
  if (x > hi) return hi;
  return x;
}

/**
 * MADDPG (Lowe et al. 2017, "Multi-Agent Actor-Critic for Mixed Cooperative-Competitive
 * Environments", NeurIPS): decentralised deterministic actors mu_i(o_i), centralised critics
 * Q_i(o_1..o_n, a_1..a_n), target networks with soft updates. Optional TD3 pieces (Fujimoto et al.
 * 2018, ICML): twin critics with the min target, target-policy smoothing, delayed actor updates.
 */
export interface MaddpgConfig {
  /** notes-000 §1.5, Section 3: "Actor network learning rate: 0.0001". */
  readonly actorLr: number;
  /** notes-000 §1.5: "Critic network learning rate: 0.001". */
  readonly criticLr: number;
  /** Multiplies BOTH rates, keeping their ratio (the Fig. 9(e) learning-rate sweep, DESIGN.md §5). */
  readonly lrScale: number;
  /** notes-000 §1.5: "Discount factor: 0.99". */
  readonly gamma: number;
  /** notes-000 §1.5: "Target network update rate: 0.005". */
  readonly tau: number;
  /** notes-000 §1.5: "Batch size: 256". */
  readonly batchSize: number;
  /** notes-000 §1.5: "Replay buffer size: 1,000,000 experiences". */
  readonly bufferSize: number;
  /** Hidden widths; unspecified in the paper: 256-256 as in the ANCHORS MADDPG sizes (and TD3's 256-256). */
  readonly actorHidden: readonly number[];
  readonly criticHidden: readonly number[];
  /** Output-layer init U(-s, s) for actors and critics (Lillicrap et al. 2016: 3e-3). */
  readonly finalLayerInitScale: number;
  /** TD3 twin critics (min of two targets). Default off: plain MADDPG as the paper states. */
  readonly twinCritics: boolean;
  /** TD3 target-policy smoothing: Gaussian sigma on target actions (TD3: 0.2; 0 = off) and its clip (0.5). */
  readonly targetNoise: number;
  readonly targetNoiseClip: number;
  /** Actor and target updates every `policyDelay` critic updates (TD3: 2; MADDPG: 1). */
  readonly policyDelay: number;
  /** One actor for all agents (identical observation/action sizes), fed a one-hot agent id as well. */
  readonly shareActors: boolean;
  /** Global L2 clip on each network's gradient (MADDPG reference code: 0.5); 0 = off. */
  readonly gradClipNorm: number;
  /**
   * Weight of mean(z^2) on the actors' pre-tanh outputs z in the actor loss, which keeps actions out of
   * tanh saturation; 1e-3 in the MADDPG reference code (openai/maddpg, maddpg.py `p_reg`).
   */
  readonly preActivationL2: number;
}

export const DEFAULT_MADDPG: MaddpgConfig = {
  actorLr: 1e-4,
  criticLr: 1e-3,
  lrScale: 1,
  gamma: 0.99,
  tau: 0.005,
  batchSize: 256,
  bufferSize: 1_000_000,
  actorHidden: [256, 256],
  criticHidden: [256, 256],
  finalLayerInitScale: 3e-3,
  twinCritics: false,
  targetNoise: 0,
  targetNoiseClip: 0.5,
  policyDelay: 1,
  shareActors: false,
  gradClipNorm: 0.5,
  preActivationL2: 1e-3,
};

/** Diagnostics of one gradient step. */
export interface MaddpgUpdateStats {
  /** Mean squared TD error of the first critic, per agent. */
  readonly criticLoss: Float64Array;
  /** -mean Q of the actor's actions, per agent (NaN when the actor was not updated). */
  readonly actorLoss: Float64Array;
}

export function validateMaddpgConfig(c: MaddpgConfig): void {
  requireInRange(c.actorLr, 0, 1, "MaddpgConfig.actorLr");
  requireInRange(c.criticLr, 0, 1, "MaddpgConfig.criticLr");
  requireInRange(c.lrScale, 0, 1e6, "MaddpgConfig.lrScale");
  requireInRange(c.gamma, 0, 1, "MaddpgConfig.gamma");
  requireInRange(c.tau, 0, 1, "MaddpgConfig.tau");
  requirePositiveInt(c.batchSize, "MaddpgConfig.batchSize");
  requirePositiveInt(c.bufferSize, "MaddpgConfig.bufferSize");
  requirePositiveInt(c.policyDelay, "MaddpgConfig.policyDelay");
  requireInRange(c.targetNoise, 0, 10, "MaddpgConfig.targetNoise");
  requireInRange(c.gradClipNorm, 0, Number.POSITIVE_INFINITY, "MaddpgConfig.gradClipNorm");
}

export class Maddpg {
  readonly config: MaddpgConfig;
  readonly agents: readonly AgentSpec[];
  /** One actor per agent (the same object repeated when actors are shared). */
  readonly actors: Mlp[];
  readonly targetActors: Mlp[];
  /** critics[k][i]: critic k (0, or 0 and 1 with twin critics) of agent i. */
  readonly critics: Mlp[][];
  readonly targetCritics: Mlp[][];
  private readonly actorOpts: Adam[];
  private readonly criticOpts: Adam[][];
  private readonly uniqueActors: number[];
  private readonly obsOffset: number[];
  private readonly actOffset: number[];
  readonly jointObsSize: number;
  readonly jointActSize: number;
  private readonly actorInputSize: number[];
  private readonly noiseRng: Rng;
  private updates = 0;
  private readonly ws = new Map<number, Workspace>();

  constructor(agents: readonly AgentSpec[], config: Partial<MaddpgConfig>, seed: number) {
    this.config = { ...DEFAULT_MADDPG, ...config };
    validateMaddpgConfig(this.config);
    if (agents.length === 0) throw new ConfigError("needs at least one agent", "Maddpg(agents)");
    this.agents = agents;
    const n = agents.length;
    const c = this.config;
    if (c.shareActors) {
      const a0 = agents[0];
      const bad = agents.find(
        (a) => a.observationSize !== a0.observationSize || a.actionSize !== a0.actionSize,
      );
      if (bad) {
        throw new ConfigError(
          `shareActors needs identical observation/action sizes; ${bad.id} differs from ${a0.id}`,
          "MaddpgConfig.shareActors",
          "group agents of one type into their own Maddpg or turn sharing off",
        );
      }
    }
    const rng = createRng(seed, "maddpg", "init");
    this.noiseRng = createRng(seed, "maddpg", "target-noise");
    this.obsOffset = [];
    this.actOffset = [];
    let so = 0;
    let sa = 0;
    for (const a of agents) {
      this.obsOffset.push(so);
      this.actOffset.push(sa);
      so += a.observationSize;
      sa += a.actionSize;
    }
    this.jointObsSize = so;
    this.jointActSize = sa;
    this.actorInputSize = agents.map((a) => a.observationSize + (c.shareActors ? n : 0));
    const makeActor = (i: number) =>
      new Mlp({
        sizes: [this.actorInputSize[i], ...c.actorHidden, agents[i].actionSize],
        // linear output; Maddpg applies tanh itself so the pre-activation regulariser can see z
        activations: [...c.actorHidden.map(() => "relu" as const), "linear"],
        finalLayerInitScale: c.finalLayerInitScale,
      }).init(rng.fork("actor", i));
    this.actors = [];
    this.uniqueActors = [];
    for (let i = 0; i < n; i++) {
      if (c.shareActors && i > 0) this.actors.push(this.actors[0]);
      else {
        this.actors.push(makeActor(i));
        this.uniqueActors.push(i);
      }
    }
    this.targetActors = this.actors.map((a, i) => (c.shareActors && i > 0 ? this.actors[0] : a.clone()));
    if (c.shareActors) for (let i = 1; i < n; i++) this.targetActors[i] = this.targetActors[0];
    const nCritics = c.twinCritics ? 2 : 1;
    this.critics = [];
    for (let k = 0; k < nCritics; k++) {
      this.critics.push(
        agents.map((_, i) =>
          new Mlp({
            sizes: [so + sa, ...c.criticHidden, 1],
            activations: [...c.criticHidden.map(() => "relu" as const), "linear"],
            finalLayerInitScale: c.finalLayerInitScale,
          }).init(rng.fork("critic", k, i)),
        ),
      );
    }
    this.targetCritics = this.critics.map((row) => row.map((m) => m.clone()));
    this.actorOpts = this.actors.map((a) => new Adam(a.params.length, { lr: c.actorLr * c.lrScale }));
    this.criticOpts = this.critics.map((row) =>
      row.map((m) => new Adam(m.params.length, { lr: c.criticLr * c.lrScale })),
    );
  }

  get updateCount(): number {
    return this.updates;
  }

  /** Which GEMM backend the networks run on (record it with every result). */
  get backend(): string {
    return nnBackend().name;
  }

  /** Sets both learning rates (scaled by `scale`, keeping their ratio). */
  setLrScale(scale: number): void {
    requireInRange(scale, 0, 1e6, "Maddpg.setLrScale");
    for (const o of this.actorOpts) o.lr = this.config.actorLr * scale;
    for (const row of this.criticOpts) for (const o of row) o.lr = this.config.criticLr * scale;
  }

  /**
   * Learning-rate schedules: actor rate = actorLr * lrScale * actorFactor, critic rate likewise (the
   * factors of lib/control/train.ts TrainingConfig.actorLrSchedule / criticLrSchedule at this step).
   */
  setLrFactors(actorFactor: number, criticFactor: number): void {
    const c = this.config;
    for (const o of this.actorOpts) o.lr = c.actorLr * c.lrScale * actorFactor;
    for (const row of this.criticOpts) for (const o of row) o.lr = c.criticLr * c.lrScale * criticFactor;
  }

  /** Current rates of the first actor's and first critic's optimisers. */
  get learningRates(): { actor: number; critic: number } {
    return { actor: this.actorOpts[0].lr, critic: this.criticOpts[0][0].lr };
  }

  /** Writes agent i's actor input rows (observation, plus one-hot id when actors are shared). */
  private actorInput(i: number, obs: ArrayLike<number>, rows: number, out: Float32Array): Float32Array {
    const so = this.agents[i].observationSize;
    const w = this.actorInputSize[i];
    if (w === so && obs instanceof Float32Array) return obs;
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < so; j++) out[r * w + j] = obs[r * so + j];
      for (let j = so; j < w; j++) out[r * w + j] = j - so === i ? 1 : 0;
    }
    return out;
  }

  /**
   * Deterministic actions of agent i for `rows` observations (rows x observationSize, e.g. one row per
   * entity when one shared policy acts for many prosumers). Returns rows x actionSize in [-1, 1].
   */
  actBatch(i: number, observations: ArrayLike<number>, rows: number): Float32Array {
    const input = this.actorInput(i, observations, rows, new Float32Array(rows * this.actorInputSize[i]));
    const a = Float32Array.from(this.actors[i].forward(input, rows));
    for (let q = 0; q < a.length; q++) a[q] = tanh(a[q]);
    return a;
  }

  /** One deterministic action per agent from one observation per agent (no exploration noise). */
  act(observations: readonly ArrayLike<number>[]): Float64Array[] {
    return this.agents.map((_, i) => Float64Array.from(this.actBatch(i, observations[i], 1)));
  }

  private workspace(b: number): Workspace {
    let w = this.ws.get(b);
    if (!w) {
      const n = this.agents.length;
      const cw = this.jointObsSize + this.jointActSize;
      w = {
        x: new Float32Array(b * cw),
        xNext: new Float32Array(b * cw),
        xPolicy: new Float32Array(b * cw),
        y: new Float32Array(b),
        dq: new Float32Array(b),
        actorIn: this.agents.map((_, i) => new Float32Array(b * this.actorInputSize[i])),
        actorInNext: this.agents.map((_, i) => new Float32Array(b * this.actorInputSize[i])),
        dAct: this.agents.map((a) => new Float32Array(b * a.actionSize)),
        policyAct: this.agents.map((a) => new Float32Array(b * a.actionSize)),
        criticLoss: new Float64Array(n),
        actorLoss: new Float64Array(n),
      };
      this.ws.set(b, w);
    }
    return w;
  }

  /** Copies per-agent columns into joint critic rows [o_1..o_n, a_1..a_n]. */
  private fillJoint(
    x: Float32Array,
    rows: number,
    obs: readonly Float32Array[],
    acts: readonly Float32Array[],
  ) {
    const cw = this.jointObsSize + this.jointActSize;
    for (let i = 0; i < this.agents.length; i++) {
      const so = this.agents[i].observationSize;
      const sa = this.agents[i].actionSize;
      const oo = this.obsOffset[i];
      const ao = this.jointObsSize + this.actOffset[i];
      const o = obs[i];
      const a = acts[i];
      for (let r = 0; r < rows; r++) {
        const base = r * cw;
        for (let j = 0; j < so; j++) x[base + oo + j] = o[r * so + j];
        for (let j = 0; j < sa; j++) x[base + ao + j] = a[r * sa + j];
      }
    }
  }

  private step(net: Mlp, opt: Adam): void {
    if (this.config.gradClipNorm > 0) clipGradNorm(net.grads, this.config.gradClipNorm);
    opt.step(net.params, net.grads);
  }

  /** One gradient step of every critic and (every policyDelay-th call) every actor, then soft updates. */
  update(batch: ReplayBatch): MaddpgUpdateStats {
    const c = this.config;
    const n = this.agents.length;
    const B = batch.size;
    const w = this.workspace(B);
    const cw = this.jointObsSize + this.jointActSize;
    // target actions a'_j = mu'_j(o'_j) (+ clipped smoothing noise)
    const nextActs: Float32Array[] = [];
    for (let j = 0; j < n; j++) {
      const input = this.actorInput(j, batch.nextObservations[j], B, w.actorInNext[j]);
      const out = Float32Array.from(this.targetActors[j].forward(input, B));
      for (let q = 0; q < out.length; q++) out[q] = tanh(out[q]);
      if (c.targetNoise > 0) {
        for (let q = 0; q < out.length; q++) {
          const e = clip(c.targetNoise * this.noiseRng.normal(), -c.targetNoiseClip, c.targetNoiseClip);
          out[q] = clip(out[q] + e, -1, 1);
        }
      }
      nextActs.push(out);
    }
    this.fillJoint(w.xNext, B, batch.nextObservations, nextActs);
    this.fillJoint(w.x, B, batch.observations, batch.actions);
    // critics
    for (let i = 0; i < n; i++) {
      const r = batch.rewards[i];
      let qMin: Float32Array | null = null;
      for (let k = 0; k < this.critics.length; k++) {
        const q = this.targetCritics[k][i].forward(w.xNext, B);
        if (qMin === null) qMin = Float32Array.from(q);
        else for (let b = 0; b < B; b++) if (q[b] < qMin[b]) qMin[b] = q[b];
      }
      for (let b = 0; b < B; b++) w.y[b] = r[b] + c.gamma * (1 - batch.done[b]) * qMin![b];
      for (let k = 0; k < this.critics.length; k++) {
        const net = this.critics[k][i];
        const q = net.forward(w.x, B);
        let loss = 0;
        for (let b = 0; b < B; b++) {
          const e = q[b] - w.y[b];
          loss += e * e;
          w.dq[b] = (2 * e) / B;
        }
        if (k === 0) w.criticLoss[i] = loss / B;
        net.zeroGrad();
        net.backward(w.dq);
        this.step(net, this.criticOpts[k][i]);
      }
    }
    this.updates++;
    w.actorLoss.fill(Number.NaN);
    if (this.updates % c.policyDelay === 0) {
      for (const u of this.uniqueActors) this.actors[u].zeroGrad();
      for (let i = 0; i < n; i++) {
        const actor = this.actors[i];
        const sa = this.agents[i].actionSize;
        const input = this.actorInput(i, batch.observations[i], B, w.actorIn[i]);
        const z = actor.forward(input, B);
        const a = w.policyAct[i];
        for (let q = 0; q < a.length; q++) a[q] = tanh(z[q]);
        // critic input with agent i's buffer action replaced by its current policy action
        w.xPolicy.set(w.x);
        const ao = this.jointObsSize + this.actOffset[i];
        for (let b = 0; b < B; b++) for (let j = 0; j < sa; j++) w.xPolicy[b * cw + ao + j] = a[b * sa + j];
        const critic = this.critics[0][i];
        const q = critic.forward(w.xPolicy, B);
        let mq = 0;
        for (let b = 0; b < B; b++) mq += q[b];
        w.actorLoss[i] = -mq / B;
        w.dq.fill(-1 / B);
        const dx = critic.backward(w.dq, { paramGrads: false, inputGrad: true })!;
        const da = w.dAct[i];
        // chain through tanh, plus the pre-activation regulariser d(c mean z^2)/dz = 2 c z / (B sa)
        const reg = (2 * c.preActivationL2) / (B * sa);
        for (let b = 0; b < B; b++)
          for (let j = 0; j < sa; j++) {
            const q = b * sa + j;
            da[q] = dx[b * cw + ao + j] * (1 - a[q] * a[q]) + reg * z[q];
          }
        actor.backward(da);
      }
      for (const u of this.uniqueActors) this.step(this.actors[u], this.actorOpts[u]);
      for (const u of this.uniqueActors)
        softUpdate(this.targetActors[u].params, this.actors[u].params, c.tau);
      for (let k = 0; k < this.critics.length; k++)
        for (let i = 0; i < n; i++)
          softUpdate(this.targetCritics[k][i].params, this.critics[k][i].params, c.tau);
    }
    return { criticLoss: Float64Array.from(w.criticLoss), actorLoss: Float64Array.from(w.actorLoss) };
  }

  /** All parameters (actors, critics, targets) as one snapshot, for checkpoints and determinism checks. */
  snapshot(): { name: string; params: Float32Array }[] {
    const out: { name: string; params: Float32Array }[] = [];
    for (const u of this.uniqueActors) {
      out.push({ name: `actor/${this.agents[u].id}`, params: Float32Array.from(this.actors[u].params) });
      out.push({
        name: `targetActor/${this.agents[u].id}`,
        params: Float32Array.from(this.targetActors[u].params),
      });
    }
    for (let k = 0; k < this.critics.length; k++) {
      for (let i = 0; i < this.agents.length; i++) {
        const id = this.agents[i].id;
        out.push({ name: `critic${k}/${id}`, params: Float32Array.from(this.critics[k][i].params) });
        out.push({
          name: `targetCritic${k}/${id}`,
          params: Float32Array.from(this.targetCritics[k][i].params),
        });
      }
    }
    return out;
  }

  /** Restores a `snapshot()` (same agents and config). */
  restore(snap: readonly { name: string; params: Float32Array }[]): void {
    const mine = this.snapshot();
    if (mine.length !== snap.length) {
      throw new ConfigError(
        `snapshot has ${snap.length} networks, this agent ${mine.length}`,
        "Maddpg.restore",
      );
    }
    const nets: Mlp[] = [];
    for (const u of this.uniqueActors) nets.push(this.actors[u], this.targetActors[u]);
    for (let k = 0; k < this.critics.length; k++)
      for (let i = 0; i < this.agents.length; i++) nets.push(this.critics[k][i], this.targetCritics[k][i]);
    nets.forEach((m, q) => {
      if (snap[q].name !== mine[q].name || snap[q].params.length !== m.params.length) {
        throw new ConfigError(`network ${q} is ${snap[q].name}, expected ${mine[q].name}`, "Maddpg.restore");
      }
      m.params.set(snap[q].params);
    });
  }
}

interface Workspace {
  x: Float32Array;
  xNext: Float32Array;
  xPolicy: Float32Array;
  y: Float32Array;
  dq: Float32Array;
  actorIn: Float32Array[];
  actorInNext: Float32Array[];
  dAct: Float32Array[];
  policyAct: Float32Array[];
  criticLoss: Float64Array;
  actorLoss: Float64Array;
}
