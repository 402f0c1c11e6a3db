/**
 * The workspace settings form and how its values map onto OpenBerth's settings: only the
 * offered choices pass, and only the five customer-controlled keys are ever written.
 */
import { describe, expect, it } from "vitest";
import { getPlan } from "../../../domain/plans/catalog";
import { settingsChoices } from "../../../app/forms/resource-choices";
import { deploymentDefaultsToSettings, readDeploymentDefaults } from "../../../app/forms/deployment-defaults";
import { deploymentDefaultsSchema } from "../../../app/forms/deployment-defaults-form";
import { parseForm } from "../../../app/forms/parse-form";
import { SETTINGS_FORM_MESSAGES } from "../../../domain/vocabulary";

const trial = settingsChoices(getPlan("trial@1"));
const form = (fields: Record<string, string>) => {
  const f = new FormData();
  f.set("intent", "save");
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return parseForm(f, deploymentDefaultsSchema(trial));
};
/** Each field's problems, for a form that was refused. */
const problems = (fields: Record<string, string>) => {
  const submission = form(fields);
  return submission.status === "error" ? submission.error : null;
};

describe("the settings form", () => {
  it("accepts choices the plan offers, and blanks for the server's defaults", () => {
    const full = form({ memory: "256m", cpus: "0.5", quotaOn: "on", quota: "1g", reset: "7d" });
    expect(full.status).toBe("success");
    expect(full.status === "success" && full.value).toEqual({
      memory: "256m",
      cpus: "0.5",
      quotaOn: true,
      quota: "1g",
      reset: "7d",
    });
    const blank = form({});
    expect(blank.status === "success" && blank.value).toEqual({ memory: "", cpus: "", quotaOn: false, quota: "", reset: "" });
  });

  it("refuses anything the plan does not offer, beside the field", () => {
    for (const fields of <Record<string, string>[]>[
      { memory: "4g" },
      { cpus: "2" },
      { quota: "200g" },
      { reset: "1d" },
      { memory: "oidc.issuer" },
    ]) {
      const [field] = Object.keys(fields);
      expect(problems(fields)).toEqual({ [field!]: [SETTINGS_FORM_MESSAGES.notOffered] });
    }
  });

  it("needs an amount when the allowance is switched on", () => {
    expect(problems({ quotaOn: "on" })).toEqual({ quota: [SETTINGS_FORM_MESSAGES.allowanceMissing] });
  });

  it("labels the allowance by size alone, since it may start again weekly", () => {
    expect(trial.quota.every((c) => !/month|week/i.test(c.label))).toBe(true);
    expect(trial.reset.map((c) => c.label)).toEqual(["Every week", "Every month"]);
  });
});

describe("OpenBerth's settings", () => {
  it("writes the five customer keys and nothing else", () => {
    const settings = deploymentDefaultsToSettings({ memory: "256m", cpus: "", quotaOn: true, quota: "1g", reset: "" });
    expect(settings).toEqual({
      "container.default_memory": "256m",
      "container.default_cpus": "",
      "network.quota_enabled": "true",
      "network.default_quota": "1g",
      "network.quota_reset_interval": "30d",
    });
  });

  it("reads back what it wrote, ignoring every other setting", () => {
    const values = { memory: "512m", cpus: "1", quotaOn: false, quota: "", reset: "7d" };
    const stored = { ...deploymentDefaultsToSettings(values), "oidc.issuer": "https://example.com", "session.ttl": "24h" };
    expect(readDeploymentDefaults(stored)).toEqual(values);
    expect(readDeploymentDefaults({})).toEqual({ memory: "", cpus: "", quotaOn: false, quota: "", reset: "30d" });
  });
});
