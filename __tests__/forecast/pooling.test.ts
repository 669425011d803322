import { ConfigError } from "../../lib/core/errors";
import { createRng } from "../../lib/core/rng";
import { resolveConfig } from "../../lib/forecast/config";
import { predictQuantiles, trainForecaster } from "../../lib/forecast/model";

describe("input pooling (hourly means of the look-back)", () => {
  it("must divide the look-back", () => {
    expect(() => resolveConfig({ lookBack: 96, inputPooling: 5 })).toThrow(ConfigError);
    expect(resolveConfig({ lookBack: 96, inputPooling: 4 }).inputPooling).toBe(4);
  });

  it("runs lookBack / pooling recurrent steps and reads only steps before the issue time", async () => {
    const rng = createRng(3, "test", "pool");
    const n = 8 * 96;
    const target = Float64Array.from(
      { length: n },
      (_, i) => Math.sin((2 * Math.PI * i) / 96) + 0.1 * rng.normal(),
    );
    const feat = Float64Array.from({ length: n }, () => rng.normal());
    const data = { target, features: [feat] };
    const f = await trainForecaster(
      data,
      { units: 4, epochs: 1, stride: 24, lookBack: 96, horizon: 8, inputPooling: 4 },
      { seed: 1 },
    );
    expect(f.model.inputs[0].shape[1]).toBe(24);
    const t = 500;
    const [base] = predictQuantiles(f, data, [t]);
    // a change at the issue step (or later) leaves the forecast unchanged
    const later = { target: target.slice(), features: [feat.slice()] };
    later.target[t] += 100;
    later.features[0][t + 3] += 100;
    expect(Array.from(predictQuantiles(f, later, [t])[0].values[1])).toEqual(Array.from(base.values[1]));
    // a change inside the last pooled hour (t-4 .. t-1) does change it
    const inside = { target: target.slice(), features: [feat] };
    inside.target[t - 1] += 100;
    expect(Array.from(predictQuantiles(f, inside, [t])[0].values[1])).not.toEqual(Array.from(base.values[1]));
    // and one just before the window (t - 97) does not
    const before = { target: target.slice(), features: [feat] };
    before.target[t - 97] += 100;
    expect(Array.from(predictQuantiles(f, before, [t])[0].values[1])).toEqual(Array.from(base.values[1]));
    f.model.dispose();
  });
});
