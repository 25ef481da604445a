import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { documents, k8sDir, objects, root, validate, yamlFiles } from "./manifests.mjs";

const all = objects();
const of = (kind) => all.filter((o) => o.doc.kind === kind);

test("every object in deploy/k8s validates against the Kubernetes API schema", async () => {
  assert.ok(all.length >= 9, `expected the manifests, found ${all.length} objects`);
  for (const { file, doc } of all) {
    await assert.doesNotReject(validate(doc), `${file}: ${doc.kind}/${doc.metadata?.name}`);
  }
});

test("the validator refuses broken objects (so the lint can fail)", async () => {
  const deployment = structuredClone(of("Deployment")[0].doc);
  deployment.spec.replicas = "three";
  await assert.rejects(validate(deployment));
  const noContainers = structuredClone(of("Deployment")[0].doc);
  delete noContainers.spec.template.spec.containers;
  await assert.rejects(validate(noContainers));
  await assert.rejects(validate({ apiVersion: "v1", kind: "Service", metadata: { name: "x" }, spec: { ports: [{ port: "http" }] } }));
});

test("every Kustomization lists files that exist, and both topologies are there", () => {
  const kustomizations = yamlFiles(k8sDir).filter((f) => f.endsWith("kustomization.yaml"));
  for (const file of kustomizations) {
    for (const resource of documents(file)[0].resources) {
      assert.ok(existsSync(join(dirname(file), resource)), `${file}: ${resource} does not exist`);
    }
  }
  assert.ok(existsSync(join(k8sDir, "cohosted", "kustomization.yaml")));
  assert.ok(existsSync(join(k8sDir, "split", "kustomization.yaml")));
  assert.deepEqual(of("Deployment").map((d) => d.doc.metadata.name).sort(), ["scrm-frontend", "scrm-silo"]);
});

test("containers: probes on /readyz and /healthz, resource requests, non-root, read-only root file system", () => {
  for (const { file, doc } of of("Deployment")) {
    const pod = doc.spec.template.spec;
    assert.equal(pod.securityContext.runAsNonRoot, true, file);
    for (const c of pod.containers) {
      const where = `${file}: ${c.name}`;
      assert.equal(c.readinessProbe.httpGet.path, "/readyz", where);
      assert.equal(c.livenessProbe.httpGet.path, "/healthz", where);
      assert.ok(c.resources.requests.cpu && c.resources.requests.memory, where);
      assert.equal(c.securityContext.readOnlyRootFilesystem, true, where);
      assert.equal(c.securityContext.allowPrivilegeEscalation, false, where);
      assert.ok(c.volumeMounts.some((m) => m.mountPath === "/tmp"), `${where}: /tmp must be a volume on a read-only root`);
      const names = new Set(c.ports.map((p) => p.name));
      assert.ok(names.has(c.readinessProbe.httpGet.port), `${where}: the probe port is a named container port`);
    }
  }
});

test("Orleans Kubernetes hosting: the setting, the pod's identity, the cluster labels, and RBAC for pods", () => {
  const role = of("Role").find((r) => r.doc.rules.some((rule) => rule.resources.includes("pods")));
  assert.ok(role, "a Role on pods for Orleans' Kubernetes hosting");
  for (const { file, doc } of of("Deployment")) {
    const labels = doc.spec.template.metadata.labels;
    assert.equal(labels["orleans/clusterId"], "scrm", file);
    assert.equal(labels["orleans/serviceId"], "scrm-extensions", file);
    const env = Object.fromEntries(doc.spec.template.spec.containers[0].env.map((e) => [e.name, e]));
    assert.equal(env.Extensions__Cluster__Kubernetes.value, "true", file);
    for (const name of ["POD_NAME", "POD_NAMESPACE", "POD_IP"]) assert.ok(env[name]?.valueFrom?.fieldRef, `${file}: ${name}`);
    assert.equal(env.ORLEANS_CLUSTER_ID.value, labels["orleans/clusterId"], file);
    assert.equal(doc.spec.template.spec.serviceAccountName, "scrm", file);
  }
});

test("secrets: the token and sealing keys come from the Secret, which has every key referenced", () => {
  const secret = of("Secret").find((s) => s.doc.metadata.name === "scrm-keys").doc;
  const keys = new Set(Object.keys(secret.stringData));
  for (const required of ["EXTENSION_TOKEN_SECRET", "EXTENSION_SECRET_KEYS", "EXTENSIONS_ADMIN_API_KEY", "EXTENSIONS_METRICS_TOKEN"]) {
    assert.ok(keys.has(required), required);
  }
  for (const { file, doc } of of("Deployment")) {
    for (const c of doc.spec.template.spec.containers) {
      for (const e of c.env ?? []) {
        if (e.valueFrom?.secretKeyRef) assert.ok(keys.has(e.valueFrom.secretKeyRef.key), `${file}: ${e.valueFrom.secretKeyRef.key}`);
      }
      for (const from of c.envFrom ?? []) assert.equal(from.secretRef.name, "scrm-keys", file);
    }
  }
});

test("every Deployment has a PodDisruptionBudget and Services select pods that exist", () => {
  const podLabels = of("Deployment").map((d) => d.doc.spec.template.metadata.labels);
  const selects = (selector) => podLabels.some((labels) => Object.entries(selector).every(([k, v]) => labels[k] === v));
  for (const { doc } of of("Deployment")) {
    const pdb = of("PodDisruptionBudget").find((p) => Object.entries(p.doc.spec.selector.matchLabels)
      .every(([k, v]) => doc.spec.template.metadata.labels[k] === v));
    assert.ok(pdb, `no PodDisruptionBudget for ${doc.metadata.name}`);
  }
  for (const { file, doc } of of("Service")) assert.ok(selects(doc.spec.selector), `${file}: ${doc.metadata.name} selects no pods`);
});

test("images and ports match the Dockerfile's targets", () => {
  const dockerfile = readFileSync(join(root, "deploy", "docker", "Dockerfile"), "utf8");
  for (const { doc } of of("Deployment")) {
    const container = doc.spec.template.spec.containers[0];
    const target = container.image.split(":")[0].replace(/^scrm-/, "");
    assert.match(dockerfile, new RegExp(`^FROM \\S+ AS ${target}$`, "m"), `no Dockerfile target for ${container.image}`);
  }
});
