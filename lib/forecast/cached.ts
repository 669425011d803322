import type { Cache, CacheKeyParts, Codec } from "../core/cache";
import { filesCodec } from "../core/cache";
import { moduleFingerprint } from "../core/fingerprint";
import { hashTypedArray, hashValue } from "../core/hash";
import { STEPS_PER_DAY } from "../core/time";
import { type ForecasterConfig, resolveConfig } from "./config";
import {
  type ForecastData,
  stepsPerDayOfData,
  type TrainedForecaster,
  type TrainOptions,
  trainForecaster,
} from "./model";
import { modelFromFiles, modelToFiles } from "./modelIo";
import { chronoSplit } from "./splits";

/**
 * Cache key of a trained forecaster: component "forecast.<architecture>", version = fingerprint of lib/forecast
 * (any code edit retrains), params = the resolved config, split and steps a day of the data, seed, inputs =
 * hashes of the target and every feature column.
 */
export function forecasterKeyParts(
  data: ForecastData,
  partial: Partial<ForecasterConfig>,
  opts: Pick<TrainOptions, "seed" | "split">,
): CacheKeyParts {
  const config = resolveConfig(partial);
  return {
    component: `forecast.${config.architecture}`,
    version: moduleFingerprint(__filename),
    params: {
      config,
      split: opts.split ?? chronoSplit(data.target.length),
      stepsPerDay: stepsPerDayOfData(data),
    },
    seed: opts.seed,
    inputs: { target: hashTypedArray(data.target), features: (data.features ?? []).map(hashTypedArray) },
  };
}

/** Train once, then load: a warm run trains nothing (the model is stored as model.json + weights.bin + meta.json). */
export async function trainForecasterCached(
  cache: Cache,
  data: ForecastData,
  partial: Partial<ForecasterConfig>,
  opts: TrainOptions,
): Promise<{ forecaster: TrainedForecaster; hit: boolean; key: string }> {
  const parts = forecasterKeyParts(data, partial, opts);
  const codec: Codec<Record<string, Uint8Array>> = filesCodec;
  let trained: TrainedForecaster | undefined;
  const { value, hit, key } = await cache.getOrCompute(parts, codec, async () => {
    trained = await trainForecaster(data, partial, opts);
    const files = await modelToFiles(trained.model);
    const meta = {
      config: trained.config,
      stepsPerDay: trained.stepsPerDay,
      targetScaler: trained.targetScaler,
      featureScalers: trained.featureScalers,
      split: trained.split,
      history: trained.history,
      bestEpoch: trained.bestEpoch,
    };
    return { ...files, "meta.json": Buffer.from(JSON.stringify(meta), "utf8") };
  });
  if (trained) return { forecaster: trained, hit, key };
  const meta = JSON.parse(Buffer.from(value["meta.json"]).toString("utf8"));
  const model = await modelFromFiles(value);
  return { forecaster: { ...meta, stepsPerDay: meta.stepsPerDay ?? STEPS_PER_DAY, model }, hit, key };
}

/** Hash of the key parts (for logs and tests). */
export function forecasterKey(data: ForecastData, partial: Partial<ForecasterConfig>, seed: number): string {
  return hashValue(forecasterKeyParts(data, partial, { seed }));
}
