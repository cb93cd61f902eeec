// Writes what promtool checks from a rendered manifest:
//   OUT/rules.yaml            the PrometheusRule's spec (a plain Prometheus rule file)
//   OUT/dashboard-rules.yaml  every dashboard panel query as a recording rule, Grafana's
//                             variables substituted, so that promtool parses each one
//   node prometheus.mjs MANIFEST OUT
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { parseAllDocuments, stringify } from "yaml";

const [manifest, out] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const docs = parseAllDocuments(readFileSync(manifest, "utf8")).map((d) => d.toJS()).filter(Boolean);

const rule = docs.find((d) => d.kind === "PrometheusRule");
if (!rule) throw new Error(`${manifest}: no PrometheusRule`);
writeFileSync(`${out}/rules.yaml`, stringify(rule.spec));

const VARIABLES = { "$__rate_interval": "5m", "$namespace": "screening", "${datasource}": "prometheus" };
const rules = [];
for (const cm of docs.filter((d) => d.kind === "ConfigMap" && d.metadata.name.endsWith("-dashboard"))) {
  for (const [file, text] of Object.entries(cm.data)) {
    for (const panel of JSON.parse(text).panels) {
      for (const target of panel.targets ?? []) {
        let expr = target.expr;
        for (const [name, value] of Object.entries(VARIABLES)) expr = expr.split(name).join(value);
        rules.push({ record: `dashboard:panel_${panel.id}_${target.refId}`, expr });
      }
    }
    if (rules.length === 0) throw new Error(`${file}: no panel queries`);
  }
}
if (rules.length === 0) throw new Error(`${manifest}: no dashboard ConfigMap`);
writeFileSync(`${out}/dashboard-rules.yaml`, stringify({ groups: [{ name: "dashboard", rules }] }));
