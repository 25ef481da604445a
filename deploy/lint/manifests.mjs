// Loads deploy/k8s and deploy/prometheus, and validates Kubernetes objects against the API's JSON
// schemas (kubernetes-models: the models carry the OpenAPI schemas of the Kubernetes API).
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const k8sDir = join(root, "deploy", "k8s");

export function yamlFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? yamlFiles(join(dir, entry.name)) : entry.name.endsWith(".yaml") ? [join(dir, entry.name)] : []);
}

/** Every YAML document of a file, parsed; a syntax error throws naming the file. */
export function documents(file) {
  return parseAllDocuments(readFileSync(file, "utf8")).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${relative(root, file)}: ${doc.errors[0].message}`);
    return doc.toJS();
  }).filter((doc) => doc !== null);
}

const apiPaths = new Set(["v1", "apps/v1", "policy/v1", "rbac.authorization.k8s.io/v1"]);

/** The kubernetes-models class for an object's apiVersion and kind; throws for ones this lint does not know. */
export async function modelOf(object) {
  if (!apiPaths.has(object.apiVersion)) throw new Error(`unknown apiVersion ${object.apiVersion} (${object.kind})`);
  const Model = (await import(`kubernetes-models/${object.apiVersion}`))[object.kind];
  if (!Model) throw new Error(`unknown kind ${object.kind} in ${object.apiVersion}`);
  return Model;
}

/** Schema-validates one object; throws the validator's message. */
export async function validate(object) {
  const Model = await modelOf(object);
  new Model(object).validate();
}

/** The Kubernetes objects (Kustomization files excluded) of deploy/k8s, with their file. */
export function objects() {
  return yamlFiles(k8sDir).flatMap((file) => documents(file)
    .filter((doc) => doc.kind !== "Kustomization")
    .map((doc) => ({ file: relative(root, file), doc })));
}
