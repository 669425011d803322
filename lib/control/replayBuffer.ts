import { ConfigError, requirePositiveInt } from "../core/errors";
import type { Rng } from "../core/rng";

/** One sampled minibatch, row-major per agent (batch x size), single precision for the nn kernel. */
export interface ReplayBatch {
  readonly size: number;
  readonly indices: Int32Array;
  readonly observations: Float32Array[];
  readonly actions: Float32Array[];
  readonly rewards: Float32Array[];
  readonly nextObservations: Float32Array[];
  /** 1 when the transition ended the episode (no bootstrap), else 0. */
  readonly done: Float32Array;
}

/**
 * Ring buffer of multi-agent transitions, stored as columns (one Float32Array per agent and field).
 * Storage grows by doubling up to `capacity` (1,000,000 in the paper would otherwise allocate
 * hundreds of MB up front). Sampling is uniform with replacement from a seeded Rng.
 */
export class ReplayBuffer {
  private allocated: number;
  private obs: Float32Array[];
  private act: Float32Array[];
  private rew: Float32Array[];
  private nextObs: Float32Array[];
  private doneCol: Uint8Array;
  private head = 0;
  private count = 0;
  private batchCache: ReplayBatch | null = null;

  constructor(
    readonly observationSizes: readonly number[],
    readonly actionSizes: readonly number[],
    readonly capacity: number,
    initialAllocation = 4096,
  ) {
    requirePositiveInt(capacity, "ReplayBuffer.capacity");
    if (observationSizes.length !== actionSizes.length || observationSizes.length === 0) {
      throw new ConfigError("needs one observation and one action size per agent", "ReplayBuffer");
    }
    this.allocated = Math.min(capacity, initialAllocation);
    this.obs = observationSizes.map((s) => new Float32Array(this.allocated * s));
    this.nextObs = observationSizes.map((s) => new Float32Array(this.allocated * s));
    this.act = actionSizes.map((s) => new Float32Array(this.allocated * s));
    this.rew = observationSizes.map(() => new Float32Array(this.allocated));
    this.doneCol = new Uint8Array(this.allocated);
  }

  get size(): number {
    return this.count;
  }

  private grow(): void {
    const n = Math.min(this.capacity, this.allocated * 2);
    const g = (a: Float32Array, w: number) => {
      const b = new Float32Array(n * w);
      b.set(a);
      return b;
    };
    this.obs = this.obs.map((a, i) => g(a, this.observationSizes[i]));
    this.nextObs = this.nextObs.map((a, i) => g(a, this.observationSizes[i]));
    this.act = this.act.map((a, i) => g(a, this.actionSizes[i]));
    this.rew = this.rew.map((a) => g(a, 1));
    const d = new Uint8Array(n);
    d.set(this.doneCol);
    this.doneCol = d;
    this.allocated = n;
  }

  add(
    observations: readonly ArrayLike<number>[],
    actions: readonly ArrayLike<number>[],
    rewards: ArrayLike<number>,
    nextObservations: readonly ArrayLike<number>[],
    done: boolean,
  ): void {
    if (this.head === this.allocated && this.allocated < this.capacity) this.grow();
    if (this.head === this.capacity) this.head = 0;
    const h = this.head;
    for (let i = 0; i < this.observationSizes.length; i++) {
      const so = this.observationSizes[i];
      const sa = this.actionSizes[i];
      if (observations[i].length !== so || nextObservations[i].length !== so || actions[i].length !== sa) {
        throw new ConfigError(
          `agent ${i}: observation/action lengths ${observations[i].length}/${actions[i].length}, expected ${so}/${sa}`,
          "ReplayBuffer.add",
        );
      }
      this.obs[i].set(observations[i], h * so);
      this.nextObs[i].set(nextObservations[i], h * so);
      this.act[i].set(actions[i], h * sa);
      this.rew[i][h] = rewards[i];
    }
    this.doneCol[h] = done ? 1 : 0;
    this.head++;
    if (this.count < this.capacity) this.count++;
  }

  /** Uniform sample with replacement; the returned batch's arrays are reused by the next call. */
  sample(batchSize: number, rng: Rng): ReplayBatch {
    if (this.count === 0) throw new ConfigError("cannot sample an empty buffer", "ReplayBuffer.sample");
    let b = this.batchCache;
    if (b === null || b.size !== batchSize) {
      b = {
        size: batchSize,
        indices: new Int32Array(batchSize),
        observations: this.observationSizes.map((s) => new Float32Array(batchSize * s)),
        nextObservations: this.observationSizes.map((s) => new Float32Array(batchSize * s)),
        actions: this.actionSizes.map((s) => new Float32Array(batchSize * s)),
        rewards: this.observationSizes.map(() => new Float32Array(batchSize)),
        done: new Float32Array(batchSize),
      };
      this.batchCache = b;
    }
    for (let r = 0; r < batchSize; r++) b.indices[r] = rng.int(this.count);
    for (let i = 0; i < this.observationSizes.length; i++) {
      const so = this.observationSizes[i];
      const sa = this.actionSizes[i];
      const o = this.obs[i];
      const no = this.nextObs[i];
      const a = this.act[i];
      const rw = this.rew[i];
      const bo = b.observations[i];
      const bno = b.nextObservations[i];
      const ba = b.actions[i];
      const br = b.rewards[i];
      for (let r = 0; r < batchSize; r++) {
        const k = b.indices[r];
        for (let j = 0; j < so; j++) {
          bo[r * so + j] = o[k * so + j];
          bno[r * so + j] = no[k * so + j];
        }
        for (let j = 0; j < sa; j++) ba[r * sa + j] = a[k * sa + j];
        br[r] = rw[k];
      }
    }
    for (let r = 0; r < batchSize; r++) b.done[r] = this.doneCol[b.indices[r]];
    return b;
  }
}
