import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { documents, root } from "./manifests.mjs";

const rules = documents(join(root, "deploy", "prometheus", "alerts.yaml"))[0].groups.flatMap((g) => g.rules);
const operations = readFileSync(join(root, "docs", "operations.md"), "utf8");

test("every alert has a name, an expression, a severity and a summary, and is explained in docs/operations.md", () => {
  assert.ok(rules.length >= 8);
  const names = new Set();
  for (const rule of rules) {
    assert.match(rule.alert, /^Scrm[A-Za-z]+$/);
    assert.ok(!names.has(rule.alert), `duplicate ${rule.alert}`);
    names.add(rule.alert);
    assert.ok(rule.expr.trim().length > 0, rule.alert);
    assert.ok(["page", "ticket"].includes(rule.labels.severity), rule.alert);
    assert.ok(rule.annotations.summary, rule.alert);
    if (rule.for !== undefined) assert.match(rule.for, /^\d+[smh]$/, rule.alert);
    assert.ok(operations.includes(`\`${rule.alert}\``), `docs/operations.md does not explain ${rule.alert}`);
  }
});

test("the metrics the alerts use are ones docs/operations.md lists", () => {
  for (const rule of rules) {
    for (const [name] of rule.expr.matchAll(/\b[a-z][a-z0-9_]*_(total|bucket|count)\b/g)) {
      const base = name.replace(/_(bucket|count)$/, "");
      assert.ok(operations.includes(base), `${rule.alert}: ${name} is not described in docs/operations.md`);
    }
  }
});

test("expressions have balanced brackets and braces", () => {
  for (const rule of rules) {
    for (const [open, close] of [["(", ")"], ["{", "}"], ["[", "]"]]) {
      assert.equal(rule.expr.split(open).length, rule.expr.split(close).length, `${rule.alert}: ${open}${close}`);
    }
  }
});
