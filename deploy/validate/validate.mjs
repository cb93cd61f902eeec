// Validates rendered manifests (deploy/check runs it on deploy/target/rendered/*/manifest.yaml):
// Kubernetes, KEDA and Prometheus Operator schemas, APIs removed from Kubernetes, and the chart's
// own policy rules. Prints one line per finding and exits 1 if there is any.
//   node validate.mjs FILE...
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

// apiVersion/kind -> the Kubernetes minor version that no longer serves it.
const REMOVED = {
  "extensions/v1beta1": "1.22",
  "apps/v1beta1": "1.16",
  "apps/v1beta2": "1.16",
  "networking.k8s.io/v1beta1": "1.22",
  "rbac.authorization.k8s.io/v1beta1": "1.22",
  "policy/v1beta1": "1.25",
  "batch/v1beta1": "1.25",
  "discovery.k8s.io/v1beta1": "1.25",
  "autoscaling/v2beta1": "1.25",
  "autoscaling/v2beta2": "1.26",
  "flowcontrol.apiserver.k8s.io/v1beta1": "1.26",
  "flowcontrol.apiserver.k8s.io/v1beta2": "1.29",
  "storage.k8s.io/v1beta1": "1.27",
};

// Where each API group's generated validators live.
function modelModule(apiVersion) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  if (group === "keda.sh") return `@kubernetes-models/keda/keda.sh/${version}`;
  if (group === "monitoring.coreos.com") {
    return `@kubernetes-models/prometheus-operator/monitoring.coreos.com/${version}`;
  }
  return group === "" ? `kubernetes-models/${version}` : `kubernetes-models/${group}/${version}`;
}

const STARTUP_SECONDS_FOR_MODELS = 300;

async function schemaFindings(doc) {
  const { apiVersion, kind } = doc;
  if (REMOVED[apiVersion]) {
    return [`${apiVersion} ${kind} is removed in Kubernetes ${REMOVED[apiVersion]}`];
  }
  let model;
  try {
    model = (await import(modelModule(apiVersion)))[kind];
  } catch {
    model = undefined;
  }
  if (!model) return [`no schema for ${apiVersion} ${kind}`];
  try {
    new model(doc).validate();
    return [];
  } catch (e) {
    return [`schema: ${e.message.replace(/\s+/g, " ")}`];
  }
}

function podSpecs(doc) {
  if (["Deployment", "StatefulSet", "DaemonSet", "Job"].includes(doc.kind)) {
    return [doc.spec?.template?.spec ?? {}];
  }
  return doc.kind === "Pod" ? [doc.spec ?? {}] : [];
}

function matches(selector, labels) {
  return Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);
}

// The chart's rules: what the issue asks of every install, checked on the rendered objects.
function policyFindings(docs) {
  const out = [];
  const add = (doc, msg) => out.push({ doc, msg });
  const workloads = docs.filter((d) => podSpecs(d).length > 0);
  const byKind = (k) => docs.filter((d) => d.kind === k);

  for (const w of workloads) {
    const pod = podSpecs(w)[0];
    if (pod.securityContext?.runAsNonRoot !== true) add(w, "pod does not set runAsNonRoot");
    for (const c of pod.containers ?? []) {
      const image = c.image ?? "";
      const tag = image.includes("@") ? "digest" : image.split("/").pop().split(":")[1];
      if (!tag || tag === "latest") add(w, `container ${c.name}: image ${image} is not pinned`);
      for (const probe of ["startupProbe", "livenessProbe", "readinessProbe"]) {
        if (!c[probe]) add(w, `container ${c.name}: no ${probe}`);
      }
      if (c.securityContext?.readOnlyRootFilesystem !== true) {
        add(w, `container ${c.name}: root file system is writable`);
      }
      const gpus = c.resources?.limits?.["nvidia.com/gpu"];
      if (gpus !== undefined) {
        if (Object.keys(pod.nodeSelector ?? {}).length === 0) add(w, "GPU pod without nodeSelector");
        if (!(pod.tolerations ?? []).some((t) => (t.key ?? "").startsWith("nvidia.com/gpu"))) {
          add(w, "GPU pod without a toleration for nvidia.com/gpu");
        }
      }
      const s = c.startupProbe;
      const isWorker = w.metadata?.labels?.["app.kubernetes.io/component"] === "worker";
      if (isWorker && s && (s.periodSeconds ?? 10) * (s.failureThreshold ?? 3) < STARTUP_SECONDS_FOR_MODELS) {
        add(w, `startupProbe allows under ${STARTUP_SECONDS_FOR_MODELS}s for model loading`);
      }
    }
    const scaled = byKind("ScaledObject").some((s) => s.spec?.scaleTargetRef?.name === w.metadata.name);
    const replicas = w.spec?.replicas ?? 1;
    const hasPdb = byKind("PodDisruptionBudget").some((p) =>
      matches(p.spec?.selector?.matchLabels, w.spec?.template?.metadata?.labels));
    if ((scaled || replicas > 1) && !hasPdb) add(w, "no PodDisruptionBudget");
    const policies = byKind("NetworkPolicy");
    if (policies.length > 0 && !policies.some((p) =>
      matches(p.spec?.podSelector?.matchLabels, w.spec?.template?.metadata?.labels))) {
      add(w, "no NetworkPolicy selects its pods");
    }
  }

  for (const so of byKind("ScaledObject")) {
    for (const t of so.spec?.triggers ?? []) {
      if (t.type !== "kafka") continue;
      const m = t.metadata ?? {};
      for (const key of ["topic", "consumerGroup", "lagThreshold", "activationLagThreshold", "offsetResetPolicy"]) {
        if (!m[key]) add(so, `kafka trigger without ${key}`);
      }
      if (m.allowIdleConsumers === "true") add(so, "allowIdleConsumers lets replicas exceed partitions");
      const target = so.spec?.scaleTargetRef?.name;
      const config = byKind("ConfigMap").find((c) => c.metadata.name === target)?.data?.["worker.json"];
      if (!config) {
        add(so, `no worker ConfigMap named ${target}`);
      } else {
        const reset = JSON.parse(config)["kafka.consumer.auto.offset.reset"];
        if (reset !== m.offsetResetPolicy) {
          add(so, `offsetResetPolicy ${m.offsetResetPolicy} differs from the workers' ${reset}`);
        }
        if (JSON.parse(config)["kafka.group.id"] !== m.consumerGroup) {
          add(so, "consumerGroup differs from the workers' kafka.group.id");
        }
      }
    }
  }

  for (const sts of byKind("StatefulSet")) {
    const svc = byKind("Service").find((s) => s.metadata.name === sts.spec?.serviceName);
    if (!svc || svc.spec?.clusterIP !== "None") add(sts, "serviceName is not a headless Service");
    else if (svc.spec?.publishNotReadyAddresses !== true) {
      add(sts, "members Service hides starting members (publishNotReadyAddresses)");
    }
    const sa = sts.spec?.template?.spec?.serviceAccountName;
    const binding = byKind("RoleBinding").find((b) => (b.subjects ?? []).some((s) => s.name === sa));
    const role = binding && byKind("Role").find((r) => r.metadata.name === binding.roleRef?.name);
    const granted = new Set((role?.rules ?? []).flatMap((r) =>
      (r.verbs.includes("get") && r.verbs.includes("list")) ? r.resources : []));
    for (const resource of ["endpoints", "endpointslices", "pods"]) {
      if (!granted.has(resource)) add(sts, `discovery RBAC lacks get/list on ${resource}`);
    }
  }

  for (const np of byKind("NetworkPolicy")) {
    for (const rule of np.spec?.ingress ?? []) {
      const member = (rule.ports ?? []).some((p) => p.port === "hazelcast" || p.port === 5701);
      if (member && !(rule.from ?? []).length) add(np, "Hazelcast member port open to every pod");
      if (member && (rule.from ?? []).some((f) => f.namespaceSelector || f.ipBlock)) {
        add(np, "Hazelcast member port open beyond the gateway pods");
      }
    }
    const egress = np.spec?.egress ?? [];
    const dns = egress.some((r) => (r.ports ?? []).some((p) => p.port === 53));
    if ((np.spec?.policyTypes ?? []).includes("Egress") && !dns) add(np, "egress without DNS");
  }

  for (const cm of byKind("ConfigMap")) {
    const gateway = cm.data?.["gateway.json"];
    if (gateway && (JSON.parse(gateway)["auth.apiKeys"] ?? []).length > 0) {
      add(cm, "API keys in a ConfigMap (use the Secret)");
    }
  }
  return out.map(({ doc, msg }) => ({ doc, msg: `policy: ${msg}` }));
}

let findings = 0;
for (const file of process.argv.slice(2)) {
  const docs = parseAllDocuments(readFileSync(file, "utf8"), { uniqueKeys: true })
    .map((d) => {
      if (d.errors.length) {
        console.log(`${file}: YAML: ${d.errors.map((e) => e.message).join("; ")}`);
        findings++;
      }
      return d.toJS();
    })
    .filter((d) => d && d.kind);
  const report = (doc, msg) => {
    console.log(`${file}: ${doc.kind}/${doc.metadata?.name}: ${msg}`);
    findings++;
  };
  for (const doc of docs) {
    for (const msg of await schemaFindings(doc)) report(doc, msg);
  }
  for (const { doc, msg } of policyFindings(docs)) report(doc, msg);
  console.log(`${file}: ${docs.length} objects checked`);
}
process.exit(findings > 0 ? 1 : 0);
