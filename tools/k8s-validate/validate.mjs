// Reads rendered manifests (multi-document YAML) on stdin, validates each object against the Kubernetes API schema
// of its apiVersion and kind (kubernetes-models bundles them, so no cluster or network is needed), and prints the
// objects as one JSON array on stdout for the invariant tests. Exit code 1 lists every invalid object on stderr.
// Usage: kubectl kustomize deploy/k8s/overlays/cpu | node validate.mjs [--models DIR]
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import path from "node:path";

const args = process.argv.slice(2);
const modelsAt = args.includes("--models") ? args[args.indexOf("--models") + 1] : path.dirname(new URL(import.meta.url).pathname);
const resolveFrom = pathToFileURL(path.join(modelsAt, "node_modules") + path.sep);
const { parseAllDocuments } = await import(new URL("yaml/dist/index.js", resolveFrom));

const text = readFileSync(0, "utf8");
const objects = [];
const problems = [];
for (const document of parseAllDocuments(text)) {
  if (document.errors.length > 0) {
    problems.push(`YAML: ${document.errors.map((e) => e.message).join("; ")}`);
    continue;
  }
  const object = document.toJS();
  if (object === null || object === undefined) continue;
  const where = `${object.kind ?? "?"}/${object.metadata?.name ?? "?"}`;
  if (typeof object.apiVersion !== "string" || typeof object.kind !== "string") {
    problems.push(`${where}: apiVersion and kind are required`);
    continue;
  }
  let Model;
  try {
    Model = (await import(new URL(`kubernetes-models/${object.apiVersion}/${object.kind}.js`, resolveFrom)))[object.kind];
  } catch {
    problems.push(`${where}: no schema for ${object.apiVersion} ${object.kind}`);
    continue;
  }
  try {
    new Model(object).validate();
  } catch (error) {
    problems.push(`${where}: ${error.message}`);
  }
  objects.push(object);
}

if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  process.exit(1);
}
process.stdout.write(JSON.stringify(objects));
