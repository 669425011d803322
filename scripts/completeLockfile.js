#!/usr/bin/env node
/**
 * Completes package-lock.json with stub entries for other platforms' optional binary packages.
 *
 * Why: the npm registry reachable here serves only Linux builds of platform packages
 * (@biomejs/cli-darwin-x64 and the like answer 404), so `npm install` writes a lockfile without them,
 * and `npm ci` then refuses that lockfile as "out of sync" ("Missing: ... from lock file"). A stub
 * entry carries the version and the os/cpu the package name states; npm ci skips it on this platform
 * without fetching anything. Linux entries are left exactly as npm wrote them.
 *
 *   node scripts/completeLockfile.js          # after every npm install that changes the lockfile
 *   node scripts/completeLockfile.js --check  # exits 1 if stubs are missing
 */
const fs = require("node:fs");
const path = require("node:path");

const OS = [
  "android",
  "darwin",
  "freebsd",
  "linux",
  "netbsd",
  "openbsd",
  "sunos",
  "win32",
  "aix",
  "openharmony",
];
const CPU = ["arm64", "x64", "ia32", "arm", "ppc64", "s390x", "loong64", "riscv64", "mips64el", "wasm32"];

function platformOf(name) {
  const base = name.split("/").pop();
  const os = OS.find((o) => new RegExp(`(^|-)${o}(-|$)`).test(base));
  let cpu = CPU.find((c) => new RegExp(`(^|-)${c}(-|$)`).test(base));
  if (!cpu && /(^|-)(armv7|arm-gnueabihf|arm-musleabihf|arm-eabi)/.test(base)) cpu = "arm";
  if (!cpu && /(^|-)x86_64(-|$)/.test(base)) cpu = "x64";
  if (!cpu && /(^|-)(aarch64)(-|$)/.test(base)) cpu = "arm64";
  const libc = /musl/.test(base) ? "musl" : /gnu/.test(base) && os === "linux" ? "glibc" : undefined;
  return { os, cpu, libc };
}

function main() {
  const file = path.resolve(process.argv.find((a) => a.endsWith(".json")) ?? "package-lock.json");
  const check = process.argv.includes("--check");
  const lock = JSON.parse(fs.readFileSync(file, "utf8"));
  const pkgs = lock.packages;
  const added = [];
  for (const [loc, entry] of Object.entries(pkgs)) {
    for (const [dep, range] of Object.entries(entry.optionalDependencies ?? {})) {
      // npm resolves from the nearest node_modules upward; a stub goes beside the parent's own folder.
      const candidates = [];
      let dir = loc;
      for (;;) {
        candidates.push(`${dir ? `${dir}/` : ""}node_modules/${dep}`);
        const i = dir.lastIndexOf("node_modules/");
        if (i < 0) break;
        dir = dir.slice(0, i).replace(/\/$/, "");
      }
      if (candidates.some((c) => pkgs[c])) continue;
      const { os, cpu, libc } = platformOf(dep);
      if (!os && !cpu) continue; // not a platform package: leave it to npm
      const version = /^\d+\.\d+\.\d+/.test(range) ? range : String(range).replace(/^[\^~=]/, "");
      // Keys in npm's own order (version, then alphabetical), so `npm install` leaves the file as is.
      const stub = { version };
      if (cpu) stub.cpu = [cpu];
      if (entry.dev) stub.dev = true;
      if (entry.devOptional) stub.devOptional = true;
      if (libc) stub.libc = [libc];
      stub.optional = true;
      if (os) stub.os = [os];
      pkgs[`node_modules/${dep}`] = stub;
      added.push(dep);
    }
  }
  if (check) {
    if (added.length) {
      console.error(
        `package-lock.json lacks ${added.length} platform stub(s); run: node scripts/completeLockfile.js`,
      );
      process.exitCode = 1;
    }
    return;
  }
  const sorted = Object.fromEntries(
    Object.entries(pkgs).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))),
  );
  lock.packages = sorted;
  fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
  console.log(`completeLockfile: added ${added.length} stub(s) for other platforms' optional packages`);
}

main();
