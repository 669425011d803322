import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { writeFileAtomic } from "../core/atomicWrite";

/**
 * Save/load of a tfjs LayersModel without tfjs-node (DESIGN.md §6): the artifacts go to two byte buffers,
 * `model.json` (topology + weight manifest pointing at "weights.bin") and `weights.bin` (float32 weights).
 * The same pair is what the content-addressed cache stores (filesCodec).
 */
export async function modelToFiles(model: tf.LayersModel): Promise<Record<string, Uint8Array>> {
  let files: Record<string, Uint8Array> | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      const wd = a.weightData;
      const weights =
        wd === undefined
          ? new ArrayBuffer(0)
          : Array.isArray(wd)
            ? tf.io.concatenateArrayBuffers(wd)
            : (wd as ArrayBuffer);
      const json = {
        modelTopology: a.modelTopology,
        format: a.format,
        generatedBy: a.generatedBy,
        convertedBy: a.convertedBy,
        weightsManifest: [{ paths: ["weights.bin"], weights: a.weightSpecs ?? [] }],
      };
      files = {
        "model.json": Buffer.from(JSON.stringify(json), "utf8"),
        "weights.bin": new Uint8Array(weights.slice(0)),
      };
      return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: "JSON" } };
    }),
  );
  if (!files) throw new Error("modelToFiles: tfjs did not call the save handler");
  return files;
}

export async function modelFromFiles(files: Readonly<Record<string, Uint8Array>>): Promise<tf.LayersModel> {
  const json = JSON.parse(Buffer.from(files["model.json"]).toString("utf8"));
  const w = files["weights.bin"];
  const weightData = w.buffer.slice(w.byteOffset, w.byteOffset + w.byteLength) as ArrayBuffer;
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest[0].weights,
      weightData,
    }),
  );
}

/** Writes `<dir>/model.json` and `<dir>/weights.bin` (atomically, each). */
export async function saveModelDir(model: tf.LayersModel, dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const files = await modelToFiles(model);
  for (const [name, bytes] of Object.entries(files)) writeFileAtomic(join(dir, name), bytes);
}

export async function loadModelDir(dir: string): Promise<tf.LayersModel> {
  return modelFromFiles({
    "model.json": readFileSync(join(dir, "model.json")),
    "weights.bin": readFileSync(join(dir, "weights.bin")),
  });
}
